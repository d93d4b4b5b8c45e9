// Module Web Worker that reads run bundles off the main thread, so opening a 100,000-response
// bundle never freezes the page. It holds no state: each message is one file to read.
import {
  readBundleMessages,
  type BundleReadRequest,
  type BundleReadResponse,
} from './bundle-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener('message', (event: MessageEvent<BundleReadRequest>) => {
  const { id, ...request } = event.data;
  readBundleMessages(request, (message) => {
    const response: BundleReadResponse = { ...message, id };
    scope.postMessage(response);
  });
});
