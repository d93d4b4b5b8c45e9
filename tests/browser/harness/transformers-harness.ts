// Test-only page script: drives the transformers.js engines through their real module worker.
// Built by build-harness.ts for tests/browser/transformers.test.ts; never part of the app bundle.
import {
  TransformersChatEngine,
  TransformersEmbeddingEngine,
  TransformersWorkerClient,
  createTransformersWorker,
  workerEndpoint,
} from '../../../src/lib/engines/transformers/client';
import { CachedEmbeddingEngine } from '../../../src/lib/engines/embedding-cache';
import type { ChatRequest, ChatResult } from '../../../src/lib/engines/types';
import { deleteDatabase, openDatabase } from '../../../src/lib/storage/db';

/** Names of the generated fixture models (see tests/fixtures/make-tiny-models.ts). */
const EMBED_MODEL = 'tiny-embed';
const GEN_MODEL = 'tiny-gen';

/** Main-thread responsiveness while some work ran. */
export interface Heartbeat {
  /** Longest pause between two timer ticks, in ms. */
  maxGapMs: number;
  ticks: number;
  elapsedMs: number;
}

/** Result of an embedding call as plain data. */
export interface EmbedReport {
  vectors: number[][];
  heartbeat: Heartbeat;
  progress: number[];
}

/** Result of a cached embedding call. */
export interface CachedEmbedReport {
  vectors: number[][];
  /** `embed` messages the worker has received so far (all calls). */
  workerEmbedCalls: number;
  /** Texts in each `embed` message, in order. */
  workerEmbedSizes: number[];
  stats: { hits: number; misses: number };
}

/** A chat call's result and what was streamed. */
export interface ChatReport {
  result: Omit<ChatResult, 'latencyMs'>;
  streamed: string[];
}

/** How a cancelled generation ended. */
export interface AbortReport {
  name: string;
  /** From abort() to the rejection, in ms. */
  rejectMs: number;
  /** Whether the next call on the same worker worked. */
  nextText: string;
  /** From the next call's start to its result, in ms (long if the worker kept generating). */
  nextMs: number;
}

const sent: string[] = [];
const embedSizes: number[] = [];
// The fixtures are served beside this page. They are addressed as a "remote" hub on this
// origin because transformers.js 4.3 skips the tokenizer files for `localModelPath` URLs.
const modelHost = new URL('./', location.href).href;

const client = new TransformersWorkerClient({
  createEndpoint: () => {
    const endpoint = workerEndpoint(createTransformersWorker());
    return {
      ...endpoint,
      // Count what actually reaches the worker, to prove what the cache saved.
      post(message) {
        sent.push(message.type);
        if (message.type === 'embed') embedSizes.push(message.params.texts.length);
        endpoint.post(message);
      },
    };
  },
  env: {
    allowRemoteModels: true,
    allowLocalModels: false,
    remoteHost: modelHost,
    remotePathTemplate: '{model}/',
    useBrowserCache: false,
  },
});

const embedder = new TransformersEmbeddingEngine({
  client,
  model: EMBED_MODEL,
  device: 'wasm',
  dtype: 'fp32',
  batchSize: 16,
});
const chat = new TransformersChatEngine({
  client,
  model: GEN_MODEL,
  device: 'wasm',
  dtype: 'fp32',
});
const dbName = `transformers-harness-${Date.now()}`;
const cached = new CachedEmbeddingEngine(embedder, {
  db: () => openDatabase({ name: dbName }),
  onCacheError: (e) => console.error('cache error', e),
});

/** Run `work` while a 10 ms timer measures how long the main thread stays blocked. */
async function withHeartbeat<T>(work: () => Promise<T> | T): Promise<[T, Heartbeat]> {
  const started = performance.now();
  let last = started;
  let maxGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
  }, 10);
  try {
    const value = await work();
    // One more tick so a block at the very end is measured too.
    await new Promise((resolve) => setTimeout(resolve, 30));
    return [value, { maxGapMs, ticks, elapsedMs: performance.now() - started }];
  } finally {
    clearInterval(timer);
  }
}

async function embed(texts: string[]): Promise<EmbedReport> {
  const progress: number[] = [];
  const [vectors, heartbeat] = await withHeartbeat(() =>
    embedder.embed(texts, { onProgress: (done) => progress.push(done) }),
  );
  return { vectors: vectors.map((v) => Array.from(v)), heartbeat, progress };
}

/** Control for the heartbeat meter: block the main thread on purpose. */
async function blockMainThread(ms: number): Promise<Heartbeat> {
  const [, heartbeat] = await withHeartbeat(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // busy wait
    }
  });
  return heartbeat;
}

async function embedCached(texts: string[]): Promise<CachedEmbedReport> {
  const vectors = await cached.embed(texts);
  return {
    vectors: vectors.map((v) => Array.from(v)),
    workerEmbedCalls: sent.filter((t) => t === 'embed').length,
    workerEmbedSizes: [...embedSizes],
    stats: cached.stats,
  };
}

async function runChat(
  request: Omit<ChatRequest, 'signal' | 'onToken'>,
  stream = false,
): Promise<ChatReport> {
  const streamed: string[] = [];
  const { latencyMs: _latency, ...result } = await chat.chat({
    ...request,
    ...(stream ? { onToken: (delta: string) => streamed.push(delta) } : {}),
  });
  return { result, streamed };
}

async function abortGeneration(): Promise<AbortReport> {
  const controller = new AbortController();
  let abortedAt = 0;
  const name = await chat
    .chat({
      messages: [{ role: 'user', content: 'hello' }],
      temperature: 0,
      max_tokens: 100_000,
      signal: controller.signal,
      onToken: () => {
        if (!abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    })
    .then(
      () => 'resolved',
      (err: Error) => err.name,
    );
  const rejectMs = performance.now() - abortedAt;
  const started = performance.now();
  const next = await chat.chat({
    messages: [{ role: 'user', content: 'count one' }],
    temperature: 0,
    max_tokens: 2,
  });
  return { name, rejectMs, nextText: next.choices[0]!.text, nextMs: performance.now() - started };
}

async function cleanup(): Promise<void> {
  client.terminate();
  await deleteDatabase({ name: dbName }).catch(() => undefined);
}

declare global {
  interface Window {
    transformersHarness?: {
      embed: typeof embed;
      blockMainThread: typeof blockMainThread;
      embedCached: typeof embedCached;
      chat: typeof runChat;
      abortGeneration: typeof abortGeneration;
      messagesSent: () => string[];
      cleanup: typeof cleanup;
    };
  }
}

window.transformersHarness = {
  embed,
  blockMainThread,
  embedCached,
  chat: runChat,
  abortGeneration,
  messagesSent: () => [...sent],
  cleanup,
};
document.getElementById('status')!.textContent = 'ready';
