// Runner tests: batch mode: a run reloaded mid-batch equals the interactive run; cancel cancels
// provider batches.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { RunUnitRecord } from '../../storage/schema';
import { PlaygroundRunStore } from '../store';
import { MemoryBatchProvider } from '../testing/scripted-batch';
import {
  EIGHT,
  classesByGroup,
  definition,
  engines,
  openDb,
  runner,
  batchRunner,
  closeOpenedDbs,
} from '../testing/runner-fixtures';

afterEach(closeOpenedDbs);

describe('batch mode', () => {
  const poll = { firstMs: 1, maxMs: 2, factor: 2 };
  const BATCHED = ['classify', 'sample', 'judge', 'quality', 'accuracy'] as const;

  it('a whole run in batch mode, reloaded between submission and completion, equals the interactive run', async () => {
    const refStore = new PlaygroundRunStore(await openDb(new IDBFactory(), 'interactive'));
    const ref = engines();
    await runner(refStore, definition(), [ref.gen, ref.judge], { cache: null }).start();
    const expected = await refStore.load('run1');

    const def = definition({ batch: [...BATCHED] });
    const provider = new MemoryBatchProvider(1_000_000);
    const factory = new IDBFactory();
    const firstStore = new PlaygroundRunStore(await openDb(factory));
    const page = new AbortController();
    const closing = batchRunner(firstStore, def, provider, poll, { signal: page.signal });
    const started = closing.start();
    await expect.poll(() => provider.submitted.length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await firstStore.batchLedger('run1').list()).length)
      .toBeGreaterThan(0);
    // The tab closes: the run stops here, its batches keep running at the provider.
    page.abort();
    expect((await started).status).toBe('cancelled');
    const submittedBefore = provider.submitted.length;
    expect(provider.cancelled.size).toBe(0);

    provider.pollsBeforeDone = 0;
    const store = new PlaygroundRunStore(await openDb(factory));
    const outcome = await batchRunner(store, undefined, provider, poll).start();
    const after = await store.load('run1');
    expect(outcome.status).toBe('completed');
    // The batches submitted before the reload were polled again, not submitted again.
    const firstKeys = new Set(
      provider.submitted.slice(0, submittedBefore).flatMap((b) => b.map((i) => i.customId)),
    );
    const laterKeys = provider.submitted
      .slice(submittedBefore)
      .flatMap((b) => b.map((i) => i.customId));
    expect(laterKeys.some((k) => firstKeys.has(k))).toBe(false);
    // Judge rounds went out as successive batches.
    expect(provider.submitted.length).toBeGreaterThan(3);
    const ledger = await store.batchLedger('run1').list();
    expect(ledger.map((b) => b.state)).toEqual(ledger.map(() => 'ended'));
    expect(after.responses.length).toBe(expected.responses.length);
    expect(after.judgements.length).toBe(expected.judgements.length);
    expect(classesByGroup(after.metrics)).toEqual(classesByGroup(expected.metrics));
    expect(after.run?.stats?.judgeCalls).toBe(expected.run?.stats?.judgeCalls);
  });

  it('cancel() cancels the running provider batches; settled units stay and a resume submits the rest anew', async () => {
    const def = definition({ batch: ['sample', 'judge'] });
    const provider = new MemoryBatchProvider(1_000_000);
    const store = new PlaygroundRunStore(await openDb(new IDBFactory()));
    const run = batchRunner(store, def, provider, poll);
    const started = run.start();
    // Classification is interactive; sampling waits in a batch.
    await expect.poll(() => provider.submitted.length).toBe(1);
    run.cancel();
    expect((await started).status).toBe('cancelled');
    expect(provider.cancelled.size).toBe(1);
    expect((await store.batchLedger('run1').list()).map((b) => b.state)).toEqual(['cancelled']);
    const classified = (units: RunUnitRecord[]) => units.filter((u) => u.stage === 'classify');
    const kept = classified((await store.load('run1')).units);
    expect(kept.map((u) => u.status)).toEqual(EIGHT.map(() => 'done'));

    provider.pollsBeforeDone = 0;
    const outcome = await batchRunner(store, undefined, provider, poll).start();
    expect(outcome.status).toBe('completed');
    expect(classified((await store.load('run1')).units)).toEqual(kept);
    // The cancelled batch's calls were submitted again, in a new batch.
    expect(provider.submitted[1]?.map((i) => i.customId)).toEqual(
      provider.submitted[0]?.map((i) => i.customId),
    );
  });
});
