// The expected-time inputs from stored runs on fake-indexeddb: the median latency of the chosen
// engines' past responses (or the stated default), and the calls at once of their providers.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase, writeRunRecords } from '../storage/db';
import { DEFAULT_CALL_SECONDS } from '../core/estimate-time';
import { PastLatencies, runConcurrency } from './call-latency.svelte';

async function withResponses(
  rows: [runId: string, model: string, latencyMs: number][],
  perRun?: number,
) {
  const db = await openDatabase({ factory: new IDBFactory(), name: `latency-${Math.random()}` });
  await writeRunRecords(
    db,
    rows.map(([runId, model, latencyMs], i) => [
      'responses',
      {
        id: `${runId}-${i}`,
        runId,
        promptId: 'p1',
        strategy: 'temperature',
        model,
        index: i,
        text: 'x',
        params: {},
        latencyMs,
        createdAt: i,
      },
    ]),
  );
  return new PastLatencies(() => Promise.resolve(db), perRun);
}

describe('PastLatencies', () => {
  it.each<[string, string[], string[], { seconds: number; measured: boolean; samples: number }]>([
    [
      'the median of the chosen engines',
      ['r1', 'r2'],
      ['a/m'],
      { seconds: 2, measured: true, samples: 3 },
    ],
    [
      'other engines do not count',
      ['r1', 'r2'],
      ['b/m'],
      { seconds: 9, measured: true, samples: 1 },
    ],
    ['runs not read do not count', ['r2'], ['a/m'], { seconds: 3, measured: true, samples: 1 }],
    [
      'no past responses: the default',
      ['r1'],
      ['c/m'],
      { seconds: DEFAULT_CALL_SECONDS, measured: false, samples: 0 },
    ],
  ])('%s', async (_name, runs, engines, expected) => {
    const latencies = await withResponses([
      ['r1', 'a/m', 1000],
      ['r1', 'a/m', 2000],
      ['r1', 'b/m', 9000],
      ['r2', 'a/m', 3000],
    ]);
    await latencies.refresh(runs);
    expect(latencies.latencyFor(engines)).toEqual(expected);
  });
});

describe('PastLatencies reads few responses of each run', () => {
  it.each<[string, number, number]>([
    ['all of a small run', 10, 4],
    ['at most the cap of a large one', 2, 2],
  ])('%s', async (_name, perRun, samples) => {
    const latencies = await withResponses(
      [
        ['r1', 'a/m', 1000],
        ['r1', 'a/m', 2000],
        ['r1', 'a/m', 3000],
        ['r1', 'a/m', 4000],
      ],
      perRun,
    );
    await latencies.refresh(['r1']);
    expect(latencies.latencyFor(['a/m']).samples).toBe(samples);
  });
});

describe('runConcurrency', () => {
  const catalog = {
    provider: (id: string) =>
      ({ 'a/m': { maxConcurrency: 8 }, 'b/m': { maxConcurrency: 2 }, 'c/m': {} })[id],
    support: (id: string) => ({ location: id.startsWith('local') ? 'local' : 'cloud' }),
  };
  it.each<[string, string[], number]>([
    ['the provider limit', ['a/m'], 8],
    ['the smallest of several', ['a/m', 'b/m'], 2],
    ['no limit set: 4', ['c/m'], 4],
    ['a local engine: one at a time', ['a/m', 'local/x'], 1],
    ['no engines: 4', [], 4],
  ])('%s', (_name, ids, expected) => {
    expect(runConcurrency(ids, catalog)).toBe(expected);
  });
});
