// The workshop pack file format: a prompt set, experiment settings (never keys), finished runs as
// run bundles and a short guide, validated all or nothing; and building one from a stored run.
import { gzipSync, strToU8 } from 'fflate';
import { z } from 'zod';
import { isSecretFieldName, redactRecord, redactSecrets as redactKeyShapes } from '../core/redact';
import {
  experimentFields,
  experimentPromptSchema,
  parseExperiment,
  type ExperimentPrompt,
} from '../pipeline/experiment';
import type { PersistedRun } from '../pipeline/store';
import { APP_VERSION, buildRunBundle, safeFileName } from './export';
import {
  BundleError,
  MAX_BUNDLE_BYTES,
  bundleText,
  firstIssue,
  parseJson,
  runBundleFromValue,
} from './import';
import type { RunBundle } from './schema';

/** Marks a JSON file as an MMHS Playground workshop pack. */
export const PACK_FORMAT = 'mmhs-playground-workshop';

/** Version of the pack layout; bump it when the layout changes (runs follow their own version). */
export const PACK_VERSION = 1;

/** Longest guide text accepted (characters), so a pack cannot smuggle a huge document. */
export const MAX_GUIDE_CHARS = 20_000;

/** Most finished runs one pack may hold. */
export const MAX_PACK_RUNS = 20;

/** Most prompts one pack may hold. */
export const MAX_PACK_PROMPTS = 2_000;

/**
 * The settings a pack carries: how to sample and what to compute, never which engines (a
 * participant chooses their own) and never keys. Unknown fields are refused, so nothing else
 * rides along.
 */
export const packSettingsSchema = experimentFields
  .pick({
    strategies: true,
    k: true,
    temperature: true,
    topP: true,
    maxTokens: true,
    seed: true,
    classify: true,
    judgeEveryPair: true,
    bothOrders: true,
    quality: true,
    accuracy: true,
  })
  .partial()
  .strict();

/** A pack's experiment settings (every field optional: the form keeps its own value). */
export type PackSettings = z.infer<typeof packSettingsSchema>;

/** The pack layout; runs are checked separately, each as a run bundle. */
export const workshopPackSchema = z
  .object({
    format: z.literal(PACK_FORMAT),
    packVersion: z.literal(PACK_VERSION),
    appVersion: z.string().max(100),
    exportedAt: z.string().max(100),
    title: z.string().trim().min(1, 'the pack has no title').max(200),
    guide: z.string().max(MAX_GUIDE_CHARS),
    prompts: z
      .array(experimentPromptSchema)
      .min(1, 'a pack needs at least one prompt')
      .max(MAX_PACK_PROMPTS),
    settings: packSettingsSchema,
    runs: z.array(z.unknown()).max(MAX_PACK_RUNS),
  })
  .strict();

/** A workshop pack as written to a file. */
export interface WorkshopPack {
  format: typeof PACK_FORMAT;
  packVersion: typeof PACK_VERSION;
  /** Version of the app that exported it. */
  appVersion: string;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  title: string;
  /** Markdown shown to participants; untrusted, rendered sanitised. */
  guide: string;
  prompts: ExperimentPrompt[];
  settings: PackSettings;
  /** Finished runs, each a complete run bundle. */
  runs: RunBundle[];
}

/** The first key-like field name found in `value` (a path such as `settings.apiKey`), if any. */
export function keyLikeField(value: unknown, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = keyLikeField(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (isSecretFieldName(key)) return childPath;
      const found = keyLikeField(child, childPath);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The first text of the pack's own fields shaped like a provider API key (`sk-…`, `AIza…`). */
function keyLikeText(value: Record<string, unknown>): string | undefined {
  const texts: [string, unknown][] = [
    ['title', value.title],
    ['guide', value.guide],
    ...(Array.isArray(value.prompts)
      ? value.prompts.flatMap((p, i): [string, unknown][] =>
          typeof p === 'object' && p !== null
            ? Object.entries(p).map(([k, v]): [string, unknown] => [`prompts[${i}].${k}`, v])
            : [],
        )
      : []),
  ];
  for (const [field, text] of texts) {
    if (typeof text === 'string' && redactKeyShapes(text) !== text) return field;
  }
  return undefined;
}

/**
 * Refuses a pack that carries anything like a key: a field whose name looks like a credential
 * (anywhere, runs included) or an API-key-shaped text in its title, guide or prompts.
 * @throws BundleError naming the field
 */
export function checkNoKeys(fileName: string, value: Record<string, unknown>): void {
  const field = keyLikeField(value);
  if (field !== undefined) {
    throw new BundleError(
      fileName,
      'invalid',
      'This field looks like an API key or password. Workshop packs never carry keys, so nothing was opened: remove the field and share the pack again.',
      { field },
    );
  }
  const text = keyLikeText(value);
  if (text !== undefined) {
    throw new BundleError(
      fileName,
      'invalid',
      'This text contains something shaped like an API key. Workshop packs never carry keys, so nothing was opened: remove it and share the pack again.',
      { field: text },
    );
  }
}

function checkPackEnvelope(fileName: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleError(
      fileName,
      'not-a-bundle',
      'This JSON file is not an MMHS Playground workshop pack (it has no "format" field). Export one from a run in Results.',
    );
  }
  const record = value as Record<string, unknown>;
  if (record.format !== PACK_FORMAT) {
    throw new BundleError(
      fileName,
      'not-a-bundle',
      `This JSON file is not an MMHS Playground workshop pack: its "format" is ${JSON.stringify(record.format ?? null)}, not "${PACK_FORMAT}".${record.format === 'mmhs-playground-run' ? ' It is a run bundle: open it under Data › Open a shared run.' : ''}`,
      { field: 'format' },
    );
  }
  const packVersion = record.packVersion;
  if (typeof packVersion === 'number' && packVersion > PACK_VERSION) {
    throw new BundleError(
      fileName,
      'newer',
      `The pack was made by a newer MMHS Playground (pack version ${packVersion}); this app reads version ${PACK_VERSION}, so nothing was opened. Reload the page to get the latest app, then open the pack again.`,
      { field: 'packVersion' },
    );
  }
  return record;
}

/** Checks the pack's runs one by one; a problem names `runs[i].` and the run's own field. */
function runsOf(fileName: string, runs: readonly unknown[]): RunBundle[] {
  const out: RunBundle[] = [];
  const seen = new Set<string>();
  runs.forEach((value, i) => {
    let bundle: RunBundle;
    try {
      bundle = runBundleFromValue(fileName, value);
    } catch (err) {
      if (!(err instanceof BundleError)) throw err;
      const field = err.field === undefined ? `runs[${i}]` : `runs[${i}].${err.field}`;
      throw new BundleError(fileName, err.code, err.reason, { field });
    }
    if (seen.has(bundle.run.id)) {
      throw new BundleError(
        fileName,
        'invalid',
        `The run "${bundle.run.id}" appears twice; a pack holds each run once.`,
        { field: `runs[${i}].run.id` },
      );
    }
    seen.add(bundle.run.id);
    out.push(bundle);
  });
  return out;
}

/**
 * Validates a parsed workshop pack: its layout, no key-like field or text, its settings and
 * prompts as an experiment would take them, and each finished run as a run bundle.
 * @throws BundleError naming the file and the field
 */
export function workshopPackFromValue(fileName: string, value: unknown): WorkshopPack {
  const record = checkPackEnvelope(fileName, value);
  checkNoKeys(fileName, record);
  const result = workshopPackSchema.safeParse(record);
  if (!result.success) {
    throw firstIssue(fileName, result.error, 'The pack is damaged or was edited; export it again.');
  }
  const data = result.data;
  const promptIds = new Set<string>();
  data.prompts.forEach((p, i) => {
    if (promptIds.has(p.id)) {
      throw new BundleError(
        fileName,
        'invalid',
        `The prompt id "${p.id}" appears twice; every prompt needs its own id.`,
        { field: `prompts[${i}].id` },
      );
    }
    promptIds.add(p.id);
  });
  return { ...data, runs: runsOf(fileName, data.runs) };
}

/**
 * Reads a workshop pack from a file's bytes or text (plain or gzip-compressed JSON). Anything
 * wrong throws one BundleError naming the file and field; nothing is half-read.
 * @param fileName the file name or URL, for messages
 */
export function readWorkshopPack(
  fileName: string,
  input: string | Uint8Array,
  maxBytes = MAX_BUNDLE_BYTES,
): WorkshopPack {
  if (input.length === 0) {
    throw new BundleError(
      fileName,
      'empty',
      'The file is empty. Choose a workshop pack exported from MMHS Playground.',
    );
  }
  return workshopPackFromValue(
    fileName,
    parseJson(fileName, bundleText(fileName, input, maxBytes)),
  );
}

/** The guide a new pack starts with, for the presenter to edit. */
export function defaultGuide(title: string): string {
  return [
    `## ${title}`,
    '',
    '1. **See the finished runs**: open them in Results and compare the functional classes per strategy.',
    '2. **Run it yourself**: the same prompts and settings open in Experiments; choose your own model.',
    '',
    'Which strategy gave the most distinct answers, and did the judge agree with you?',
  ].join('\n');
}

/** Options of {@link buildWorkshopPack}. */
export interface BuildPackOptions {
  /** Guide text (markdown); default {@link defaultGuide}. */
  guide?: string;
  title?: string;
  /** Keys held in this browser; any text containing one has it replaced. */
  secrets?: readonly string[];
  now?: Date;
  appVersion?: string;
}

/**
 * A workshop pack from a stored run: its prompts, its settings (no engines, no keys), the run
 * itself as a finished run, and a guide. Credential-like fields and known keys are removed, and
 * the result is validated as a reader would, so an export that could not be opened is refused.
 * @throws BundleError when the run's definition is missing or the pack would not be valid
 */
export function buildWorkshopPack(
  persisted: PersistedRun,
  options: BuildPackOptions = {},
): WorkshopPack {
  const parsed = parseExperiment(persisted.spec?.definition);
  if (!parsed.ok) {
    throw new BundleError(
      'The pack',
      'invalid',
      'This run has no valid stored definition, so its prompts and settings cannot be exported.',
      { field: 'spec.definition' },
    );
  }
  const def = parsed.value;
  const { bundle } = buildRunBundle(persisted, {
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.appVersion === undefined ? {} : { appVersion: options.appVersion }),
  });
  const settings: PackSettings = {
    strategies: def.strategies,
    k: def.k,
    temperature: def.temperature,
    topP: def.topP,
    maxTokens: def.maxTokens,
    ...(def.seed === undefined ? {} : { seed: def.seed }),
    classify: def.classify,
    judgeEveryPair: def.judgeEveryPair,
    bothOrders: def.bothOrders,
    quality: def.quality,
    accuracy: def.accuracy,
  };
  const title = (options.title ?? def.name).trim() || 'Workshop';
  const pack: WorkshopPack = {
    format: PACK_FORMAT,
    packVersion: PACK_VERSION,
    appVersion: options.appVersion ?? APP_VERSION,
    exportedAt: (options.now ?? new Date()).toISOString(),
    title,
    guide: options.guide ?? defaultGuide(title),
    prompts: def.prompts,
    settings,
    runs: [bundle],
  };
  const [clean] = redactRecord(pack, options.secrets);
  // What a participant's browser would refuse is refused here, before the file is shared.
  return workshopPackFromValue('The pack', JSON.parse(JSON.stringify(clean)));
}

/** The pack as UTF-8 JSON, gzip-compressed when asked. */
export function serializePack(pack: WorkshopPack, gzip = false): Uint8Array {
  const bytes = strToU8(JSON.stringify(pack));
  return gzip ? gzipSync(bytes, { level: 6, mtime: 0 }) : bytes;
}

/** A file name for a pack: its title, safe for every file system. */
export function packFileName(pack: WorkshopPack, gzip = false): string {
  return `${safeFileName(pack.title)}.mmhs-pack.json${gzip ? '.gz' : ''}`;
}
