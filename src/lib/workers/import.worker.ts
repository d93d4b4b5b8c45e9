// Module Web Worker that parses dataset files off the main thread, so a large CSV never freezes
// the page. It holds no state: each message is one file read with its options.
import { readImport, type ImportReadRequest, type ImportReadResponse } from './import-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<ImportReadRequest>) => {
  const { id, ...request } = event.data;
  void readImport(request).then((outcome) => {
    const response: ImportReadResponse = { id, ...outcome };
    scope.postMessage(response);
  });
});
