// Approximate storage used by each dataset and each run, from the size of their records as JSON.
// Browsers only report a total for the whole site, so this is what lets users see what to delete.
import { parseExperiment } from '../pipeline/experiment';
import { readStoredContents, RUN_RECORD_LISTS, type PlaygroundDB } from '../storage/db';
import type { RunStatus } from '../storage/schema';

export { BYTE_UNITS, formatBytes, type ByteStyle } from '../core/bytes';

/** Bytes of a record as UTF-8 JSON: close to what IndexedDB keeps, without its own overhead. */
export function recordBytes(record: unknown): number {
  const json = JSON.stringify(record);
  if (json === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** One dataset's share of storage. */
export interface DatasetUsage {
  id: string;
  name: string;
  prompts: number;
  bytes: number;
  createdAt: number;
}

/** One run's share of storage. */
export interface RunUsage {
  id: string;
  name: string;
  status: RunStatus;
  responses: number;
  /** Every record of the run: responses, verdicts, metrics, units, ... */
  records: number;
  bytes: number;
  createdAt: number;
}

/** Storage by dataset and by run, newest first. */
export interface StorageBreakdown {
  datasets: DatasetUsage[];
  runs: RunUsage[];
  /** Bytes of user prompts (the library's "My prompts"). */
  userPromptBytes: number;
}

/** Reads every dataset and run with its records and adds up their sizes. */
export async function storageBreakdown(db: PlaygroundDB): Promise<StorageBreakdown> {
  const { datasets, prompts, runs, specs, records } = await readStoredContents(db);
  const datasetBytes = new Map<string, { bytes: number; prompts: number }>();
  let userPromptBytes = 0;
  for (const p of prompts) {
    if (p.datasetId === undefined) {
      userPromptBytes += recordBytes(p);
      continue;
    }
    const entry = datasetBytes.get(p.datasetId) ?? { bytes: 0, prompts: 0 };
    entry.bytes += recordBytes(p);
    entry.prompts += 1;
    datasetBytes.set(p.datasetId, entry);
  }
  const runBytes = new Map<string, { bytes: number; records: number; responses: number }>();
  const add = (runId: string, record: unknown, response = false): void => {
    const entry = runBytes.get(runId) ?? { bytes: 0, records: 0, responses: 0 };
    entry.bytes += recordBytes(record);
    entry.records += 1;
    if (response) entry.responses += 1;
    runBytes.set(runId, entry);
  };
  for (const kind of RUN_RECORD_LISTS) {
    for (const r of records[kind]) add(r.runId, r, kind === 'responses');
  }
  const names = new Map<string, string>();
  for (const spec of specs) {
    add(spec.runId, spec);
    const parsed = parseExperiment(spec.definition);
    if (parsed.ok) names.set(spec.runId, parsed.value.name);
  }
  return {
    datasets: datasets
      .map((d) => {
        const used = datasetBytes.get(d.id) ?? { bytes: 0, prompts: 0 };
        return {
          id: d.id,
          name: d.name,
          prompts: used.prompts,
          bytes: recordBytes(d) + used.bytes,
          createdAt: d.createdAt,
        };
      })
      .sort((a, b) => b.createdAt - a.createdAt),
    runs: runs
      .map((r) => {
        const used = runBytes.get(r.id) ?? { bytes: 0, records: 0, responses: 0 };
        return {
          id: r.id,
          name: names.get(r.id) ?? r.id,
          status: r.status,
          responses: used.responses,
          records: used.records + 1,
          bytes: used.bytes + recordBytes(r),
          createdAt: r.createdAt,
        };
      })
      .sort((a, b) => b.createdAt - a.createdAt),
    userPromptBytes,
  };
}
