// Fixtures of the bundle, pack and workshop tests: a small finished run exported as a bundle (one
// prompt whose responses a scripted judge judged, made by the real pipeline), fresh databases.
import { IDBFactory } from 'fake-indexeddb';
import { analyseExistingResponses } from '../../pipeline/analyse-existing';
import { PlaygroundRunStore } from '../../pipeline/store';
import { ScriptedEngine } from '../../pipeline/testing/scripted-engine';
import { pipelineScript } from '../../pipeline/testing/scripts';
import { openDatabase } from '../../storage/db';
import { buildRunBundle } from '../export';
import type { RunBundle } from '../schema';

export { failWriteAt, freshDatabases } from '../../storage/testing/databases';

/** What the workshop run holds; every field has a default. */
export interface WorkshopOptions {
  runId?: string;
  name?: string;
  /** Response texts; the scripted judge treats texts with the same part before "#" as equal. */
  responses?: readonly string[];
  model?: string;
}

/**
 * The bundle of a finished run with one prompt ("Name a colour.", category B) and its judged
 * responses (default: Blue#1, Blue#2, Red#3, Green#4 from "gpt": 3 classes).
 */
export async function workshopBundle(options: WorkshopOptions = {}): Promise<RunBundle> {
  const runId = options.runId ?? 'run-workshop-1';
  const db = await openDatabase({ factory: new IDBFactory(), name: `workshop-${runId}` });
  try {
    await analyseExistingResponses({
      db,
      runId,
      judges: [new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' })],
      input: {
        name: options.name ?? 'Workshop: colours',
        judges: ['cloud/judge'],
        items: [
          {
            id: 'c1',
            prompt: 'Name a colour.',
            category: 'B',
            responses: (options.responses ?? ['Blue#1', 'Blue#2', 'Red#3', 'Green#4']).map(
              (text) => ({ text, model: options.model ?? 'gpt' }),
            ),
          },
        ],
      },
    });
    return buildRunBundle(await new PlaygroundRunStore(db).load(runId)).bundle;
  } finally {
    db.close();
  }
}
