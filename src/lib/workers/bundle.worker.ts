// Module Web Worker that reads run bundles off the main thread, so opening a 100,000-response
// bundle never freezes the page. It keeps each read's remaining slices until the page asks.
import {
  bundleMessages,
  type BundleNextRequest,
  type BundleReadMessage,
  type BundleReadRequest,
  type BundleReadResponse,
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
  if (next.value.type === 'done' || next.value.type === 'error') reads.delete(id);
  const response: BundleReadResponse = { ...next.value, id };
  scope.postMessage(response);
}

scope.addEventListener('message', (event: MessageEvent<BundleReadRequest | BundleNextRequest>) => {
  const request = event.data;
  if (request.type === 'read') reads.set(request.id, bundleMessages(request));
  sendNext(request.id);
});
