// The chart views' run for browser tests: made in Node by the real pipeline against the local fake
// provider (OpenAI-compatible chat and embeddings, probes measured by the judge), with the
// embeddings it stored; page-db.ts writes both into the page.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { createCloudChatEngine, createCloudEmbeddingEngine } from '../../src/lib/engines/cloud';
import { PlaygroundRunStore, type PersistedRun } from '../../src/lib/pipeline/store';
import { openDatabase } from '../../src/lib/storage/db';
import { allRecords, STORES } from '../../src/lib/storage/testing/records';
import {
  EMBEDDER,
  GENERATORS,
  JUDGE,
  createViewsRun,
  viewsReply,
} from '../../src/lib/components/views/testing/seed';
import { FAKE_API_KEY, type FakeProviders } from '../servers/fake-providers';

/** A stored run and the embedding records the response map reads. */
export interface SeededViewsRun {
  run: PersistedRun;
  embeddings: unknown[];
}

/**
 * Scripts the fake server with the views run's replies and runs the seed experiment against it.
 * @param server The running fake provider server.
 * @param runId Id of the stored run.
 */
export async function makeViewsRun(server: FakeProviders, runId: string): Promise<SeededViewsRun> {
  server.script((input) =>
    viewsReply({
      model: input.model,
      messages: input.messages as ChatMessage[],
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      choice: input.choiceIndex,
    }),
  );
  const provider = {
    kind: 'openai-compatible' as const,
    providerId: 'fake',
    apiKey: FAKE_API_KEY,
    baseUrl: `${server.url}/openai/v1`,
    maxConcurrency: 8,
    retry: { baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 10_000 },
    probe: () => Promise.resolve(false),
  };
  const chat = await Promise.all(
    [...GENERATORS, JUDGE].map((id) => createCloudChatEngine(provider, id.split('/')[1]!)),
  );
  const embed = await createCloudEmbeddingEngine(provider, EMBEDDER.split('/')[1]!);
  const db = await openDatabase({ factory: new IDBFactory(), name: `views-browser-${runId}` });
  const store = new PlaygroundRunStore(db);
  await createViewsRun({ store, db, runId, engines: { chat, embed } });
  const run = await store.load(runId);
  const embeddings = (await allRecords(db, STORES.embeddings)).map((e) => ({
    ...e,
    vector: Array.from(e.vector),
  }));
  db.close();
  return { run, embeddings };
}
