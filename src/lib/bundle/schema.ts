// The run bundle file format (a run with every record it produced, as JSON) and its zod schemas.
// Bundles come from other people's browsers, so every record is validated field by field.
import { z } from 'zod';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import type { RunRecords } from '../storage/db';
import type { JsonValue, Run, RunSpecRecord } from '../storage/schema';

export type { RunRecords };

/** Marks a JSON file as an MMHS Playground run bundle. */
export const BUNDLE_FORMAT = 'mmhs-playground-run';

/**
 * Version of the bundle layout (the envelope around the records). Bump it when the envelope
 * changes; record shapes follow the database `schemaVersion` written beside it.
 */
export const BUNDLE_VERSION = 1;

const id = z.string().min(1).max(2000);
const text = z.string();
const time = z.number().finite().nonnegative();
const count = z.int().nonnegative();
const category = z.enum(CATEGORY_IDS as unknown as [CategoryId, ...CategoryId[]]);
const version = z.int().positive();

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number().finite(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const usage = z.object({
  promptTokens: count,
  completionTokens: count,
  totalTokens: count.optional(),
});

const stage = z.enum(['classify', 'sample', 'judge', 'metrics', 'quality', 'accuracy']);

const stageCounts = z.object({
  total: count,
  done: count,
  failed: count,
  skipped: count,
  issues: count,
});

/** A run record. */
export const runSchema = z.object({
  id,
  experimentId: id,
  status: z.enum(['pending', 'running', 'paused', 'completed', 'failed', 'cancelled']),
  progress: z.object({ done: count, total: count, failed: count }),
  createdAt: time,
  startedAt: time.optional(),
  finishedAt: time.optional(),
  activeMs: time.optional(),
  error: text.optional(),
  stats: z
    .object({
      stages: z.object({
        classify: stageCounts,
        sample: stageCounts,
        judge: stageCounts,
        metrics: stageCounts,
        quality: stageCounts,
        accuracy: stageCounts,
      }),
      judgeCalls: count,
      judgeCallsEveryPair: count,
      // Optional: bundles written before these were counted still import.
      judgeCallsSent: count.optional(),
      judgeCallsCached: count.optional(),
      retryable: count.optional(),
      updatedAt: time,
    })
    .optional(),
  schemaVersion: version.optional(),
});

/** The snapshot of a run's definition. */
export const specSchema = z.object({
  runId: id,
  experimentId: id,
  definition: jsonValue,
  unitCount: count,
  createdAt: time,
  schemaVersion: version.optional(),
});

const generationParams = z.object({
  temperature: z.number().finite().optional(),
  topP: z.number().finite().optional(),
  maxTokens: z.number().finite().optional(),
  seed: z.number().finite().optional(),
  presencePenalty: z.number().finite().optional(),
  frequencyPenalty: z.number().finite().optional(),
});

/** A generated (or imported) response. */
export const responseSchema = z.object({
  id,
  runId: id,
  promptId: id,
  strategy: id,
  model: id,
  index: count,
  text,
  params: generationParams,
  instruction: text.optional(),
  usage: usage.optional(),
  latencyMs: z.number().finite().nonnegative(),
  error: text.optional(),
  finishReason: text.optional(),
  notes: z.array(text).optional(),
  parseIssue: text.optional(),
  createdAt: time,
  schemaVersion: version.optional(),
});

/** A judge verdict, grade or classification answer. */
export const judgementSchema = z.object({
  id,
  runId: id,
  promptId: id,
  kind: z.enum(['diversity', 'quality', 'classification']),
  judgeModel: id,
  responseIds: z.array(z.string()),
  score: z.number().finite().optional(),
  label: text.optional(),
  rationale: text.optional(),
  raw: text.optional(),
  error: text.optional(),
  sent: count.optional(),
  cached: z.boolean().optional(),
  callFailed: z.boolean().optional(),
  createdAt: time,
  schemaVersion: version.optional(),
});

/** The settled state of one unit. */
export const unitSchema = z.object({
  id,
  runId: id,
  stage,
  kind: z.enum(['classify', 'sample', 'judge', 'metrics', 'checklist', 'grade', 'accuracy']),
  status: z.enum(['done', 'failed', 'skipped']),
  calls: count,
  error: text.optional(),
  issue: text.optional(),
  callFailed: z.boolean().optional(),
  usage: usage.optional(),
  durationMs: z.number().finite().nonnegative(),
  finishedAt: time,
  schemaVersion: version.optional(),
});

/** A prompt's classification. */
export const classificationSchema = z.object({
  id,
  runId: id,
  promptId: id,
  model: id,
  predicted: category.optional(),
  known: category.optional(),
  override: category.optional(),
  samplingCategory: category.optional(),
  judgeCategory: category.optional(),
  correct: z.boolean().optional(),
  raw: text.optional(),
  error: text.optional(),
  createdAt: time,
  schemaVersion: version.optional(),
});

/** A quality checklist. */
export const checklistSchema = z.object({
  id,
  runId: id,
  promptId: id,
  judgeModel: id,
  category: category.optional(),
  items: z.array(text),
  raw: text.optional(),
  error: text.optional(),
  createdAt: time,
  schemaVersion: version.optional(),
});

const metricBase = {
  id,
  runId: id,
  promptId: id,
  model: id,
  strategy: id,
  createdAt: time,
  schemaVersion: version.optional(),
};

const general = z.object({
  ...metricBase,
  kind: z.literal('general'),
  n: count,
  vocabulary: z.number().finite(),
  embedding: z.number().finite().nullable(),
  compression: z.number().finite(),
  embeddingModel: text.optional(),
  embeddingError: text.optional(),
});

const functional = z
  .object({
    ...metricBase,
    kind: z.literal('functional'),
    judgeModel: id,
    category,
    responseIds: z.array(z.string()),
    classes: z.array(z.array(count)),
    classCount: count,
    verdicts: z.array(
      z.object({
        i: count,
        j: count,
        equivalent: z.boolean(),
        source: z.enum(['judged', 'inferred']),
        failed: z.boolean().optional(),
      }),
    ),
    calls: count,
    everyPairCalls: count,
    sentCalls: count.optional(),
    cachedCalls: count.optional(),
    orders: z.union([z.literal(1), z.literal(2)]),
    skipping: z.boolean(),
    failedPairs: count,
  })
  .refine((m) => m.classCount === m.classes.length, {
    message: 'classCount must equal the number of classes',
    path: ['classCount'],
  });

const accuracy = z.object({
  ...metricBase,
  kind: z.literal('accuracy'),
  responseId: id,
  index: count,
  method: z.enum(['math', 'grader']),
  gold: text,
  correct: z.boolean().nullable(),
  grade: z.enum(['correct', 'incorrect', 'not-attempted']).optional(),
  extracted: text.nullable().optional(),
  graderModel: text.optional(),
  raw: text.optional(),
  issue: text.optional(),
});

/** Any metric record. */
export const metricSchema = z.discriminatedUnion('kind', [general, functional, accuracy]);

/** What the bundle says about the engines behind the run, for readers of the file. */
export const enginesSchema = z.object({
  /** Per generator: every distinct parameter set its engines actually applied, and their notes. */
  generators: z.array(
    z.object({
      id,
      applied: z.array(generationParams),
      notes: z.array(text),
      responses: count,
    }),
  ),
  judges: z.array(
    z.object({
      id,
      temperature: z.number().finite().optional(),
      maxTokens: z.number().finite().optional(),
      seed: z.number().finite().optional(),
    }),
  ),
  embedding: id.nullable(),
});

/** Summary of the engines, written on export and shown on import. */
export type BundleEngines = z.infer<typeof enginesSchema>;

/** The first fields of any bundle: read before the rest so a newer file gets a precise message. */
export const envelopeSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: version,
  schemaVersion: version,
  appVersion: z.string().max(100),
});

/** A whole run bundle (current layout). */
export const runBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.literal(BUNDLE_VERSION),
  schemaVersion: version,
  appVersion: z.string().max(100),
  exportedAt: z.string().max(100),
  run: runSchema,
  spec: specSchema,
  engines: enginesSchema,
  records: z.object({
    units: z.array(unitSchema),
    responses: z.array(responseSchema),
    judgements: z.array(judgementSchema),
    classifications: z.array(classificationSchema),
    checklists: z.array(checklistSchema),
    metrics: z.array(metricSchema),
  }),
});

/** A run bundle as written to a file. */
export interface RunBundle {
  format: typeof BUNDLE_FORMAT;
  bundleVersion: typeof BUNDLE_VERSION;
  /** Database schema version the records follow. */
  schemaVersion: number;
  /** Version of the app that exported it (package.json). */
  appVersion: string;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  run: Run;
  spec: RunSpecRecord;
  engines: BundleEngines;
  records: RunRecords;
}
