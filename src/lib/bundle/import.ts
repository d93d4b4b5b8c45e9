// Reads run bundles (JSON or .json.gz) from untrusted files and stores them all or nothing.
// Every failure names the file and the field, and nothing is written unless the whole bundle is valid.
import { gunzipSync } from 'fflate';
import type { z } from 'zod';
import { parseExperiment } from '../pipeline/experiment';
import type { PersistedRun } from '../pipeline/store';
import { saveNewRuns, type PlaygroundDB, type SavedRuns } from '../storage/db';
import { SCHEMA_VERSION } from '../storage/schema';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  envelopeSchema,
  runBundleSchema,
  type RunBundle,
  type RunRecords,
} from './schema';

/** Largest bundle accepted, compressed or not (50 MB), so a huge file cannot hang the tab. */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;

/** Why a bundle was refused. */
export type BundleErrorCode =
  'empty' | 'too-large' | 'encoding' | 'malformed' | 'not-a-bundle' | 'newer' | 'invalid';

/** A bundle that cannot be opened; `message` names the file and, when known, the field. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  readonly fileName: string;
  readonly code: BundleErrorCode;
  /** Path of the offending field, e.g. `records.responses[3].text`. */
  readonly field: string | undefined;
  /** 1-based line of a JSON syntax error. */
  readonly line: number | undefined;
  /** What is wrong and what to do, without the file and field prefix. */
  readonly reason: string;

  /**
   * @param fileName the file (or URL) the bundle came from
   * @param code kind of problem
   * @param reason what is wrong and what to do
   * @param where field path and line, when known
   */
  constructor(
    fileName: string,
    code: BundleErrorCode,
    reason: string,
    where: { field?: string; line?: number } = {},
  ) {
    let prefix = fileName || 'The bundle';
    if (where.line !== undefined) prefix += `, line ${where.line}`;
    if (where.field !== undefined) prefix += `, field "${where.field}"`;
    super(`${prefix}: ${reason}`);
    this.reason = reason;
    this.fileName = fileName;
    this.code = code;
    this.field = where.field;
    this.line = where.line;
  }
}

/** A run with the same id is already stored; nothing was written. */
export class BundleConflictError extends Error {
  override readonly name = 'BundleConflictError';
  readonly runId: string;

  /** @param runId the run id both share */
  constructor(runId: string) {
    super(
      `A run with the id "${runId}" is already stored in this browser, so the bundle was not saved. ` +
        'Open it in Results, or delete the stored run under Stored data and save the bundle again.',
    );
    this.runId = runId;
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Size a gzip member says it expands to (ISIZE: the last 4 bytes, little-endian, mod 2^32). */
function gzipSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 0;
  return (
    (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0
  );
}

/**
 * Bytes of a bundle's JSON text, without decompressing it: a gzip file's own size field, or the
 * file's length. What saving it will take is estimated from this.
 */
export function bundleTextBytes(bytes: Uint8Array): number {
  return isGzip(bytes) ? gzipSize(bytes) : bytes.byteLength;
}

function tooLarge(fileName: string, bytes: number, maxBytes: number): BundleError {
  const mb = (b: number): string => (b / (1024 * 1024)).toFixed(1);
  return new BundleError(
    fileName,
    'too-large',
    `The bundle is ${mb(bytes)} MB, more than the ${mb(maxBytes)} MB this page accepts. Export fewer runs per bundle.`,
  );
}

/** Text of a bundle: gunzipped when compressed, decoded as strict UTF-8. */
export function bundleText(fileName: string, input: string | Uint8Array, maxBytes: number): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(fileName, input.length, maxBytes);
    return input.replace(/^\uFEFF/, '');
  }
  if (input.byteLength > maxBytes) throw tooLarge(fileName, input.byteLength, maxBytes);
  let bytes = input;
  if (isGzip(bytes)) {
    const expanded = gzipSize(bytes);
    if (expanded > maxBytes) throw tooLarge(fileName, expanded, maxBytes);
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new BundleError(
        fileName,
        'malformed',
        'The file looks gzip-compressed but cannot be decompressed; it is probably truncated. Download it again.',
      );
    }
    if (bytes.byteLength > maxBytes) throw tooLarge(fileName, bytes.byteLength, maxBytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new BundleError(
      fileName,
      'encoding',
      'The file is not UTF-8 text. A bundle is a .json or .json.gz file exported by MMHS Playground.',
    );
  }
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Parses a bundle's JSON text; a syntax error names the line. */
export function parseJson(fileName: string, text: string): unknown {
  if (text.trim() === '') {
    throw new BundleError(
      fileName,
      'empty',
      'The file is empty. Choose a bundle exported from MMHS Playground.',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(detail)?.[1];
    const line = /line (\d+)/.exec(detail)?.[1];
    const where =
      line !== undefined
        ? { line: Number(line) }
        : position !== undefined
          ? { line: lineAt(text, Number(position)) }
          : {};
    throw new BundleError(
      fileName,
      'malformed',
      `The file is not valid JSON (${detail}). It may be cut off or edited by hand; export it again.`,
      where,
    );
  }
}

/** `records.responses[3].text` from a zod issue path. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The first problem zod found, as a BundleError naming the field. */
export function firstIssue(fileName: string, error: z.ZodError, what: string): BundleError {
  const issue = error.issues[0];
  const field = issue === undefined ? undefined : pathText(issue.path);
  const message = issue?.message ?? 'invalid';
  return new BundleError(
    fileName,
    'invalid',
    `${message}. ${what}`,
    field === undefined || field === '' ? {} : { field },
  );
}

function checkEnvelope(fileName: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleError(
      fileName,
      'not-a-bundle',
      'This JSON file is not an MMHS Playground run bundle (it has no "format" field). Export a run from Data › Stored data to get one.',
    );
  }
  const format = (value as Record<string, unknown>).format;
  if (format !== BUNDLE_FORMAT) {
    throw new BundleError(
      fileName,
      'not-a-bundle',
      `This JSON file is not an MMHS Playground run bundle: its "format" is ${JSON.stringify(format ?? null)}, not "${BUNDLE_FORMAT}".`,
      { field: 'format' },
    );
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) {
    throw firstIssue(
      fileName,
      envelope.error,
      'The bundle header is damaged; export the run again.',
    );
  }
  const { bundleVersion, schemaVersion, appVersion } = envelope.data;
  if (schemaVersion > SCHEMA_VERSION || bundleVersion > BUNDLE_VERSION) {
    const newer =
      schemaVersion > SCHEMA_VERSION
        ? {
            field: 'schemaVersion',
            theirs: schemaVersion,
            ours: SCHEMA_VERSION,
            what: 'data schema',
          }
        : {
            field: 'bundleVersion',
            theirs: bundleVersion,
            ours: BUNDLE_VERSION,
            what: 'bundle layout',
          };
    throw new BundleError(
      fileName,
      'newer',
      `The bundle was exported by a newer MMHS Playground (app ${appVersion}, ${newer.what} version ${newer.theirs}); this app reads ${newer.what} version ${newer.ours} and older, so nothing was opened or stored. Reload the page to get the latest app, then open the bundle again.`,
      { field: newer.field },
    );
  }
}

/** Checks that every record belongs to the bundle's run and that ids are unique per store. */
function checkConsistency(fileName: string, bundle: z.infer<typeof runBundleSchema>): void {
  const runId = bundle.run.id;
  if (bundle.spec.runId !== runId) {
    throw new BundleError(
      fileName,
      'invalid',
      `The definition belongs to run "${bundle.spec.runId}", not to the bundle's run "${runId}".`,
      { field: 'spec.runId' },
    );
  }
  const parsed = parseExperiment(bundle.spec.definition);
  if (!parsed.ok) {
    throw new BundleError(
      fileName,
      'invalid',
      `The experiment definition is not valid: ${parsed.issues[0] ?? 'unknown problem'}.`,
      { field: 'spec.definition' },
    );
  }
  for (const [store, list] of Object.entries(bundle.records)) {
    const seen = new Set<string>();
    (list as readonly { id: string; runId: string }[]).forEach((record, i) => {
      if (record.runId !== runId) {
        throw new BundleError(
          fileName,
          'invalid',
          `This record belongs to run "${record.runId}", not to the bundle's run "${runId}".`,
          { field: `records.${store}[${i}].runId` },
        );
      }
      if (seen.has(record.id)) {
        throw new BundleError(
          fileName,
          'invalid',
          `The id "${record.id}" appears twice; a bundle holds each record once.`,
          { field: `records.${store}[${i}].id` },
        );
      }
      seen.add(record.id);
    });
  }
}

function stamp<T extends object>(list: readonly T[]): (T & { schemaVersion: number })[] {
  return list.map((r) => ({ ...r, schemaVersion: SCHEMA_VERSION }));
}

/**
 * Reads a run bundle from a file's bytes or text (plain or gzip-compressed JSON) and validates
 * all of it. A bundle from a newer app, malformed JSON, a missing or wrong field, or records of
 * another run each throw a BundleError naming the file and field.
 * @param fileName the file name or URL, for messages
 */
export function readRunBundle(
  fileName: string,
  input: string | Uint8Array,
  maxBytes = MAX_BUNDLE_BYTES,
): RunBundle {
  if (input.length === 0) {
    throw new BundleError(
      fileName,
      'empty',
      'The file is empty. Choose a bundle exported from MMHS Playground.',
    );
  }
  return runBundleFromValue(fileName, parseJson(fileName, bundleText(fileName, input, maxBytes)));
}

/**
 * Validates a parsed run bundle (a file's JSON, or one run of a workshop pack) and stamps its
 * records with this app's schema version. Throws a BundleError naming the field.
 * @param fileName the file name or URL, for messages
 */
export function runBundleFromValue(fileName: string, value: unknown): RunBundle {
  checkEnvelope(fileName, value);
  const result = runBundleSchema.safeParse(value);
  if (!result.success) {
    throw firstIssue(
      fileName,
      result.error,
      'The bundle is damaged or was edited; export the run again.',
    );
  }
  const data = result.data;
  checkConsistency(fileName, data);
  const records: RunRecords = {
    units: stamp(data.records.units),
    responses: stamp(data.records.responses),
    judgements: stamp(data.records.judgements),
    classifications: stamp(data.records.classifications),
    checklists: stamp(data.records.checklists),
    metrics: stamp(data.records.metrics),
  };
  return {
    ...data,
    run: { ...data.run, schemaVersion: SCHEMA_VERSION },
    spec: { ...data.spec, schemaVersion: SCHEMA_VERSION },
    records,
  };
}

/** The bundle's run in the shape the pipeline and the Results views read. */
export function persistedFromBundle(bundle: RunBundle): PersistedRun {
  return {
    run: bundle.run,
    spec: bundle.spec,
    ...bundle.records,
  };
}

/** Records written by {@link saveRunBundle}. */
export interface SavedBundle {
  runId: string;
  records: number;
}

/**
 * Stores a validated bundle in ONE transaction: the run, its definition and every record, or
 * nothing. Records are written in slices (writeInSlices) so a 100,000-response bundle never holds
 * the main thread for long. A run with the same id already stored rejects with
 * BundleConflictError; a full disk with StorageQuotaError; in both cases nothing is written.
 * @param onProgress told how many records of the total are written, after each slice
 */
export async function saveRunBundle(
  db: PlaygroundDB,
  bundle: RunBundle,
  onProgress?: (written: number, total: number) => void,
): Promise<SavedBundle> {
  const saved = await saveRunBundles(db, [bundle], { existing: 'refuse' }, onProgress);
  return { runId: bundle.run.id, records: saved.records };
}

/** What {@link saveRunBundles} wrote. */
export type SavedBundles = SavedRuns;

/**
 * Stores several validated bundles in ONE transaction, all or nothing (a workshop pack's runs).
 * A run already stored rejects with BundleConflictError (`existing: 'refuse'`) or is left as it
 * is (`'skip'`: opening the same pack twice stores nothing twice). A full disk rejects with
 * StorageQuotaError and nothing is written.
 * @param onProgress told how many records of the total are written, after each slice
 */
export function saveRunBundles(
  db: PlaygroundDB,
  bundles: readonly RunBundle[],
  options: { existing: 'refuse' | 'skip' },
  onProgress?: (written: number, total: number) => void,
): Promise<SavedBundles> {
  return saveNewRuns(db, bundles, {
    existing: options.existing,
    conflict: (runId) => new BundleConflictError(runId),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}
