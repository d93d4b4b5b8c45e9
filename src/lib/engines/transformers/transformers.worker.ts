// Module Web Worker running transformers.js off the main thread, so inference never blocks the UI.
// ONNX Runtime's wasm files are bundled by Vite and fetched from the app's own origin, not a CDN.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { RunnerHost } from './host';
import type { WorkerRequest } from './protocol';
import { TransformersRunner } from './runner';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// Absolute URLs: transformers.js fetches them itself and would resolve relative ones oddly.
// The service worker precaches the wasm with each build, so it is not copied into the model cache.
const runner = new TransformersRunner({
  env: {
    useWasmCache: false,
    wasmPaths: {
      mjs: new URL(ortMjsUrl, scope.location.href).href,
      wasm: new URL(ortWasmUrl, scope.location.href).href,
    },
  },
});

const host = new RunnerHost(runner, (message, transfer) => scope.postMessage(message, transfer));

scope.addEventListener('message', (event: MessageEvent<WorkerRequest>) => host.handle(event.data));
