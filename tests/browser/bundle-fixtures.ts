// Run bundles for the browser tests: a small finished run made in Node by the real pipeline with
// scripted engines, and the same run blown up for the huge-input tests (huge texts, many records).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { RunBundle } from '../../src/lib/bundle/schema';
import { buildRunBundle } from '../../src/lib/bundle/export';
import { analyseExistingResponses } from '../../src/lib/pipeline/analyse-existing';
import { PlaygroundRunStore } from '../../src/lib/pipeline/store';
import { ScriptedEngine } from '../../src/lib/pipeline/testing/scripted-engine';
import { pipelineScript } from '../../src/lib/pipeline/testing/scripts';
import { openDatabase } from '../../src/lib/storage/db';

/**
 * A finished workshop run (one prompt, four responses from "gpt", judged by scripted engines)
 * exported as a bundle.
 * @param runId the run's id, so several bundles can be stored side by side
 */
export async function workshopBundle(runId = 'run-workshop-1'): Promise<RunBundle> {
  const db = await openDatabase({ factory: new IDBFactory(), name: `workshop-${runId}` });
  await analyseExistingResponses({
    db,
    runId,
    judges: [new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' })],
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    input: {
      name: 'Workshop: colours',
      judges: ['cloud/judge'],
      items: [
        {
          id: 'c1',
          prompt: 'Name a colour.',
          category: 'B',
          responses: ['Blue#1', 'Blue#2', 'Red#3', 'Green#4'].map((text) => ({
            text,
            model: 'gpt',
          })),
        },
      ],
    },
  });
  const persisted = await new PlaygroundRunStore(db).load(runId);
  db.close();
  return buildRunBundle(persisted).bundle;
}

/** The bundle with the texts of its first responses replaced by `texts`, in order. */
export function withResponseTexts(bundle: RunBundle, texts: readonly string[]): RunBundle {
  const responses = bundle.records.responses.map((r, i) =>
    i < texts.length ? { ...r, text: texts[i]! } : r,
  );
  return { ...bundle, records: { ...bundle.records, responses } };
}

/**
 * The bundle with `count` responses: copies of its own responses under new ids, each with a
 * paragraph of distinct text, as a long run's export would hold.
 */
export function withManyResponses(bundle: RunBundle, count: number): RunBundle {
  const originals = bundle.records.responses;
  const responses = Array.from({ length: count }, (_, i) => {
    const base = originals[i % originals.length]!;
    return {
      ...base,
      id: `${base.id}~${i}`,
      index: i,
      text: `Response ${i}: ${base.text}. A colour such as blue, red or green names a band of light; this one is number ${i * 7919}.`,
    };
  });
  return { ...bundle, records: { ...bundle.records, responses } };
}
