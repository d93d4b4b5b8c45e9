// The benchmark workloads at small sizes: they must run cleanly and their counts must follow
// from the scripts (the real figures come from `npm run bench`).

import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../../tests/shared-data';
import { openDatabase, type PlaygroundDB } from '../../storage/db';
import { countRecords } from '../../storage/testing/records';
import {
  measureIdbWrites,
  measureJudgeCallsRatio,
  measurePipelineOverhead,
  type PartitionRow,
} from './bench-workloads';

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});
async function db(): Promise<PlaygroundDB> {
  const d = await openDatabase({ factory: new IDBFactory(), name: 'bench' });
  opened.push(d);
  return d;
}

describe('bench workloads', () => {
  it('pipeline overhead: one prompt per category, all stages', async () => {
    const r = await measurePipelineOverhead(await db(), 1);
    expect(r.responses).toBe(8 * 5 * 5);
    expect(r.units).toBe(8 + 8 * 17 + 8 + 8 * 5 + 8 * 5 + 8 * 25);
    expect(r.wallMs).toBeGreaterThan(r.engineMs);
    expect(r.overheadPerResponseMs).toBeGreaterThan(0);
  });

  it.each([1, 25])('idb writes: %i sequential commits', async (n) => {
    const d = await db();
    const r = await measureIdbWrites(d, n);
    expect(r.writes).toBe(n);
    expect(await countRecords(d, 'runUnits')).toBe(n);
    expect(r.perSecond).toBeGreaterThan(0);
  });

  it.each<[string, number[][], number, number]>([
    [
      'homogeneous groups: k-1 calls each',
      [
        [0, 0, 0, 0, 0],
        [1, 1, 1, 1, 1],
      ],
      8,
      20,
    ],
    ['diverse groups: every pair', [[0, 1, 2, 3, 4]], 10, 10],
    [
      'mixed',
      [
        [0, 0, 0, 0, 0],
        [0, 1, 2, 3, 4],
        [0, 0, 1, 1, 0],
      ],
      4 + 10 + 9,
      30,
    ],
  ])('judge-call ratio on synthetic partitions: %s', async (_label, partitions, calls, every) => {
    const rows: PartitionRow[] = partitions.map((partition, p) => ({
      id: `p${p}`,
      prompt: `prompt ${p}`,
      generations: partition.map((label, i) => `label ${label} text ${i}`),
      partition,
    }));
    const r = await measureJudgeCallsRatio(await db(), new Map([['m', rows]]));
    expect(r).toMatchObject({
      groups: partitions.length,
      judgeCalls: calls,
      judgeCallsEveryPair: every,
    });
    expect(r.ratio).toBeCloseTo(calls / every);
  });

  const file = sharedDataPath('noveltybench/generations/gpt-4o-2024-11-20/partitions.jsonl');
  it.runIf(existsSync(file))(
    'judge-call ratio on real NoveltyBench partitions (gpt-4o)',
    async () => {
      const rows = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as PartitionRow)
        .slice(0, 20);
      const r = await measureJudgeCallsRatio(await db(), new Map([['gpt-4o', rows]]));
      const classes = rows.map((row) => new Set(row.partition).size);
      expect(r.meanClasses).toBeCloseTo(classes.reduce((a, b) => a + b, 0) / rows.length);
      expect(r.judgeCallsEveryPair).toBe(20 * 45);
      expect(r.ratio).toBeGreaterThan(0);
      expect(r.ratio).toBeLessThan(1);
    },
  );
});
