// Writes a stored run as a bundle: settings, prompts, responses, verdicts, metrics and the engine
// parameters actually applied, with app and schema versions. Keys never leave: secrets are removed.
import { gzipSync, strToU8 } from 'fflate';
import { version as packageVersion } from '../../../package.json';
import { redactRecord, type Redaction } from '../core/redact';
import { parseExperiment } from '../pipeline/experiment';
import type { PersistedRun } from '../pipeline/store';
import { SCHEMA_VERSION } from '../storage/schema';
import type { GenerationParams, JsonValue } from '../storage/schema';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleEngines, type RunBundle } from './schema';

/** The app's version, from package.json. */
export const APP_VERSION: string = packageVersion;

/** A run that cannot be exported (missing records), with a message for the user. */
export class BundleExportError extends Error {
  override readonly name = 'BundleExportError';
}

function paramsKey(params: GenerationParams): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k as keyof GenerationParams]]),
  );
}

/** Engines of a run and what they applied, read from its definition and responses. */
export function bundleEngines(persisted: PersistedRun): BundleEngines {
  const parsed = parseExperiment(persisted.spec?.definition);
  const def = parsed.ok ? parsed.value : undefined;
  const generators = new Map<
    string,
    { applied: Map<string, GenerationParams>; notes: Set<string>; responses: number }
  >();
  for (const id of def?.generators ?? []) {
    generators.set(id, { applied: new Map(), notes: new Set(), responses: 0 });
  }
  for (const r of persisted.responses) {
    let entry = generators.get(r.model);
    if (entry === undefined) {
      entry = { applied: new Map(), notes: new Set(), responses: 0 };
      generators.set(r.model, entry);
    }
    entry.responses += 1;
    if (Object.keys(r.params).length > 0) entry.applied.set(paramsKey(r.params), r.params);
    for (const note of r.notes ?? []) entry.notes.add(note);
  }
  return {
    generators: [...generators].map(([id, e]) => ({
      id,
      applied: [...e.applied.values()],
      notes: [...e.notes].sort(),
      responses: e.responses,
    })),
    judges: (def?.judges ?? []).map((id) => ({
      id,
      temperature: def?.judgeTemperature,
      maxTokens: def?.judgeMaxTokens,
      ...(def?.seed === undefined ? {} : { seed: def.seed }),
    })),
    embedding: def?.embedding ?? null,
  };
}

/** Options of {@link buildRunBundle}. */
export interface BuildBundleOptions {
  /** Keys held in this browser; any text containing one has it replaced. */
  secrets?: readonly string[];
  /** Export time (default now). */
  now?: Date;
  appVersion?: string;
}

/**
 * The bundle of a stored run: its run record, definition, every record it produced and a
 * summary of the engines and parameters applied. Credential-like fields and known keys are
 * removed from the result.
 * @throws BundleExportError when the run or its definition is missing
 */
export function buildRunBundle(
  persisted: PersistedRun,
  options: BuildBundleOptions = {},
): { bundle: RunBundle; redaction: Redaction } {
  const { run, spec } = persisted;
  if (run === undefined || spec === undefined) {
    throw new BundleExportError(
      'This run has no stored record or definition, so there is nothing to export.',
    );
  }
  const sortById = <T extends { id: string }>(list: readonly T[]): T[] =>
    [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bundle: RunBundle = {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    schemaVersion: SCHEMA_VERSION,
    appVersion: options.appVersion ?? APP_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    run,
    spec,
    engines: bundleEngines(persisted),
    records: {
      units: sortById(persisted.units),
      responses: sortById(persisted.responses),
      judgements: sortById(persisted.judgements),
      classifications: sortById(persisted.classifications),
      checklists: sortById(persisted.checklists),
      metrics: sortById(persisted.metrics),
    },
  };
  const [clean, redaction] = redactRecord(bundle, options.secrets);
  return { bundle: clean, redaction };
}

/** The bundle as UTF-8 JSON, gzip-compressed when asked. */
export function serializeBundle(bundle: RunBundle, gzip = false): Uint8Array {
  const bytes = strToU8(JSON.stringify(bundle));
  return gzip ? gzipSync(bytes, { level: 6, mtime: 0 }) : bytes;
}

/** A file name for a bundle: the run's name (or id), safe for every file system. */
export function bundleFileName(bundle: RunBundle, gzip = false): string {
  const parsed = parseExperiment(bundle.spec.definition as JsonValue);
  const name = parsed.ok ? parsed.value.name : bundle.run.id;
  return `${safeFileName(name || bundle.run.id)}.mmhs-run.json${gzip ? '.gz' : ''}`;
}

/** Letters, digits, dots, dashes and underscores only; at most 80 characters. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return cleaned || 'export';
}
