// Pipeline benchmarks (issue 4): runner overhead per response, IndexedDB commit rate and the
// judge-call ratio of pair skipping on real NoveltyBench partitions. Node + fake-indexeddb.
import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/storage/db';
import {
  measureIdbWrites,
  measureJudgeCallsRatio,
  measurePipelineOverhead,
  type PartitionRow,
} from '../src/lib/pipeline/testing/bench-workloads';
import { sharedDataPath } from '../tests/shared-data';
import { reportBench } from './report';

const MODELS = [
  'gpt-4o-2024-11-20',
  'claude-3-5-sonnet-v2-20241022',
  'claude-3-5-haiku-20241022',
  'gemma-3-27b-it',
  'Llama-3.1-8B-Instruct',
];

function freshDb(name: string) {
  return openDatabase({ factory: new IDBFactory(), name });
}

describe('pipeline', () => {
  it('pipeline_overhead_per_response', async () => {
    // A same-size warm-up run (JIT, module caches), then the measured run: 40 prompts (5 per
    // category) x 5 strategies x k=5 = 1000 responses, every stage on.
    await measurePipelineOverhead(await freshDb('warmup'), 5, 'warmup');
    const db = await freshDb('overhead');
    const r = await measurePipelineOverhead(db, 5);
    db.close();
    expect(r.responses).toBe(1000);
    reportBench('pipeline_overhead_per_response', r.overheadPerResponseMs, 'ms');
  });

  it('idb_writes_per_s', async () => {
    await measureIdbWrites(await freshDb('warmup-writes'), 200);
    const db = await freshDb('writes');
    const r = await measureIdbWrites(db, 2000);
    db.close();
    reportBench('idb_writes_per_s', r.perSecond, '1/s', 0);
  });

  it('judge_calls_ratio', async () => {
    const models = new Map<string, PartitionRow[]>();
    for (const model of MODELS) {
      const file = sharedDataPath('noveltybench', 'generations', model, 'partitions.jsonl');
      if (!existsSync(file)) continue;
      const rows = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as PartitionRow);
      models.set(model, rows);
    }
    if (models.size === 0) {
      throw new Error(`NoveltyBench partitions not found under ${sharedDataPath('noveltybench')}`);
    }
    const db = await freshDb('ratio');
    const r = await measureJudgeCallsRatio(db, models);
    db.close();
    expect(r.groups).toBe(models.size * 100);
    reportBench('judge_calls_ratio', r.ratio, 'ratio');
  });
});
