// Module Web Worker that reads run bundles and workshop packs off the main thread, so opening a 100,000-response
// bundle never freezes the page. It keeps each read's remaining slices until the page asks.
import {
  bundleMessages,
  packMessages,
  type BundleReadMessage,
  type BundleReadResponse,
  type BundleWorkerRequest,
} from './bundle-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reads = new Map<number, Generator<BundleReadMessage, void, undefined>>();

function sendNext(id: number): void {
  const read = reads.get(id);
  const next = read?.next();
  if (next === undefined || next.done === true) {
    reads.delete(id);
    return;
  }
  const last = next.value.type;
  if (last === 'done' || last === 'error' || last === 'pack') reads.delete(id);
  const response: BundleReadResponse = { ...next.value, id };
  scope.postMessage(response);
}

scope.addEventListener('message', (event: MessageEvent<BundleWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'read') reads.set(request.id, bundleMessages(request));
  if (request.type === 'read-pack') reads.set(request.id, packMessages(request));
  sendNext(request.id);
});
