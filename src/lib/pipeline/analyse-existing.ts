// Analyses responses generated elsewhere: stores them as a run whose sampling is already settled,
// then lets the ExperimentRunner classify, judge, measure and grade them like its own responses.

import type { ImportedItem } from '../core/importers';
import type { SamplingStrategy } from '../core/prompts';
import type { CategoryId } from '../core/taxonomy';
import type { ChatEngine, ChatRequest, ChatResult, EmbeddingEngine } from '../engines/types';
import { loadRunSpec, saveNewRuns, type PlaygroundDB } from '../storage/db';
import type {
  JsonValue,
  ResponseRecord,
  Run,
  RunSpecRecord,
  RunUnitRecord,
} from '../storage/schema';
import { cacheKey, CallCache } from './call';
import {
  IMPORTED_PROVIDER,
  isImportedEngine,
  parseExperiment,
  type ExperimentDefinition,
  type ExperimentInput,
} from './experiment';
import { classifyUnitId, responseId, sampleUnitId } from './ids';
import { planRun } from './plan';
import type { RunProgressSnapshot } from './progress';
import { ExperimentRunner, RunSetupError, type RunOutcome } from './runner';
import { PlaygroundRunStore } from './store';

export { IMPORTED_PROVIDER, isImportedEngine };

/**
 * The key imported responses are stored and planned under (the runner plans one of its
 * strategies). It is only a key: how they were sampled is unknown, so they are shown and compared
 * as "imported from <source>" (see comparedStrategy in experiment.ts) unless the user assigns a
 * strategy, and never as temperature sampling.
 */
export const IMPORTED_STRATEGY: SamplingStrategy = 'temperature';

/** Most responses per prompt and model the experiment schema allows (its k limit). */
export const MAX_IMPORTED_K = 100;

/** Engine id of an imported model (`imported/<model>`; `imported/unknown` when the file has none). */
export function importedEngineId(model: string | undefined): string {
  const name = (model ?? '').trim();
  return `${IMPORTED_PROVIDER}/${name === '' ? 'unknown' : name}`;
}

/** Input that cannot become an analysis run, with a message for the user. */
export class ExistingAnalysisError extends Error {
  override readonly name = 'ExistingAnalysisError';
}

/** What to analyse and how. */
export interface ExistingAnalysisInput {
  name: string;
  /** Where the responses came from (the file name), shown with them; default: `name`. */
  source?: string;
  /** Prompts with the responses generated elsewhere (items without responses are left out). */
  items: readonly ImportedItem[];
  /** Judge engine ids; the first also classifies prompts that have no category. */
  judges: readonly string[];
  /** Embedding engine id for the embedding-distance metric. */
  embedding?: string;
  quality?: boolean;
  accuracy?: boolean;
  judgeEveryPair?: boolean;
  bothOrders?: boolean;
  judgeTemperature?: number;
  judgeMaxTokens?: number;
  seed?: number;
}

/** Everything stored before the runner starts. */
export interface ExistingRunSeed {
  definition: ExperimentDefinition;
  run: Run;
  spec: RunSpecRecord;
  responses: ResponseRecord[];
  /** Settled sample units (done, or skipped where a group has fewer responses than k) and
   * classify units of prompts whose category the file gives (skipped: nothing to ask). */
  units: RunUnitRecord[];
}

function uniquePromptIds(items: readonly ImportedItem[]): string[] {
  const used = new Set<string>();
  return items.map((item, i) => {
    const base = item.id?.trim() || `p${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/**
 * Plans the run of an analysis: its definition (imported models as generators, one strategy,
 * k = the most responses any prompt has from one model), the response records and the units that
 * are settled before anything runs.
 * @throws ExistingAnalysisError when there is nothing to analyse or a group is too large
 */
export function planExistingAnalysis(
  runId: string,
  input: ExistingAnalysisInput,
  now = Date.now(),
): ExistingRunSeed {
  const items = input.items.filter((item) => (item.responses ?? []).length > 0);
  if (items.length === 0) {
    throw new ExistingAnalysisError(
      'The file has no responses to analyse. Map a response column (and a model column) in the import step.',
    );
  }
  const promptIds = uniquePromptIds(items);
  const generators: string[] = [];
  const groups = new Map<string, { promptId: string; model: string; texts: string[] }>();
  items.forEach((item, i) => {
    const promptId = promptIds[i]!;
    for (const response of item.responses ?? []) {
      const model = importedEngineId(response.model);
      if (!generators.includes(model)) generators.push(model);
      const key = `${promptId}\u0000${model}`;
      const group = groups.get(key) ?? { promptId, model, texts: [] };
      group.texts.push(response.text);
      groups.set(key, group);
    }
  });
  const k = Math.max(...[...groups.values()].map((g) => g.texts.length));
  if (k > MAX_IMPORTED_K) {
    const big = [...groups.values()].find((g) => g.texts.length === k)!;
    throw new ExistingAnalysisError(
      `Prompt "${big.promptId}" has ${k} responses from ${big.model.slice(IMPORTED_PROVIDER.length + 1)}; at most ${MAX_IMPORTED_K} per prompt and model can be analysed. Sample fewer responses per prompt.`,
    );
  }
  const judges = [...new Set(input.judges)];
  const uncategorized = items.some((item) => item.category === undefined);
  const classify = judges.length > 0 && uncategorized;
  const defInput: ExperimentInput = {
    name: input.name.trim() || 'Imported responses',
    prompts: items.map((item, i) => ({
      id: promptIds[i]!,
      text: item.prompt,
      ...(item.category === undefined ? {} : { category: item.category }),
      ...(item.answer === undefined
        ? {}
        : { gold: item.answer, answerType: item.answerType ?? 'short' }),
    })),
    generators,
    judges,
    ...(input.embedding === undefined ? {} : { embedding: input.embedding }),
    strategies: [IMPORTED_STRATEGY],
    k,
    classify,
    anchorCategory: 'known',
    judgeEveryPair: input.judgeEveryPair ?? false,
    bothOrders: input.bothOrders ?? false,
    quality: input.quality ?? true,
    accuracy: input.accuracy ?? true,
    nativeN: false,
    judgeTemperature: input.judgeTemperature ?? 0,
    judgeMaxTokens: input.judgeMaxTokens ?? 1024,
    ...(input.seed === undefined ? {} : { seed: input.seed }),
    imported: { source: input.source?.trim() || input.name.trim() || 'Imported responses' },
  };
  const parsed = parseExperiment(defInput);
  if (!parsed.ok) {
    throw new ExistingAnalysisError(
      `These responses cannot be analysed: ${parsed.issues.join('; ')}`,
    );
  }
  const definition = parsed.value;
  const plan = planRun(runId, definition, () => false);

  const responses: ResponseRecord[] = [];
  const texts = new Map<string, string>();
  for (const g of groups.values()) {
    g.texts.forEach((text, index) => {
      const id = responseId(runId, g.model, g.promptId, IMPORTED_STRATEGY, index);
      texts.set(sampleUnitId(runId, g.model, g.promptId, IMPORTED_STRATEGY, index), id);
      responses.push({
        id,
        runId,
        promptId: g.promptId,
        strategy: IMPORTED_STRATEGY,
        model: g.model,
        index,
        text,
        params: {},
        latencyMs: 0,
        createdAt: now,
        schemaVersion: 0,
      });
    });
  }
  const known = new Map<string, CategoryId | undefined>(
    definition.prompts.map((p) => [p.id, p.category]),
  );
  const units: RunUnitRecord[] = [];
  const settled = (
    id: string,
    stage: 'sample' | 'classify',
    status: 'done' | 'skipped',
    error?: string,
  ): RunUnitRecord => ({
    id,
    runId,
    stage,
    kind: stage,
    status,
    calls: 0,
    ...(error === undefined ? {} : { error }),
    durationMs: 0,
    finishedAt: now,
    schemaVersion: 0,
  });
  for (const unit of plan) {
    if (unit.kind === 'sample') {
      units.push(
        texts.has(unit.id)
          ? settled(unit.id, 'sample', 'done')
          : settled(unit.id, 'sample', 'skipped', 'the imported file has no response here'),
      );
    } else if (unit.kind === 'classify' && known.get(unit.promptId) !== undefined) {
      units.push(
        settled(
          classifyUnitId(runId, unit.model, unit.promptId),
          'classify',
          'skipped',
          'the file gives this prompt a category',
        ),
      );
    }
  }
  const run: Run = {
    id: runId,
    experimentId: runId,
    status: 'pending',
    progress: { done: units.length, total: plan.length, failed: 0 },
    createdAt: now,
    schemaVersion: 0,
  };
  const spec: RunSpecRecord = {
    runId,
    experimentId: runId,
    definition: definition as unknown as JsonValue,
    unitCount: plan.length,
    createdAt: now,
    schemaVersion: 0,
  };
  return { definition, run, spec, responses, units };
}

/**
 * Stores a planned analysis in ONE transaction (run, definition, responses, settled units), so a
 * full disk or a clash leaves nothing behind.
 * @throws ExistingAnalysisError when a run with this id already exists
 */
export async function seedExistingRun(db: PlaygroundDB, seed: ExistingRunSeed): Promise<void> {
  await saveNewRuns(
    db,
    [{ run: seed.run, spec: seed.spec, records: { responses: seed.responses, units: seed.units } }],
    {
      existing: 'refuse',
      conflict: (runId) =>
        new ExistingAnalysisError(`A run with the id "${runId}" already exists.`),
      mode: 'add',
    },
  );
}

/**
 * Stand-ins for the imported models. Their responses are stored already, so the runner never asks
 * them to sample; the only calls they get are classifications of prompts without a category,
 * which they pass to `classifier` (the first judge). One answer per prompt is shared by every
 * stand-in, so five imported models cost one classification call per prompt, not five; asking
 * again (the re-ask after an unreadable answer) goes to the classifier anew.
 * @param ids imported engine ids (`imported/<model>`)
 * @param classifier the engine that classifies for them, if any
 */
export function importedModelEngines(
  ids: readonly string[],
  classifier: ChatEngine | undefined,
): ChatEngine[] {
  const shared = new Map<string, Promise<ChatResult>>();
  return ids.map((id) => {
    const asked = new Set<string>();
    const model = id.slice(IMPORTED_PROVIDER.length + 1);
    return {
      id,
      providerId: IMPORTED_PROVIDER,
      model,
      location: classifier?.location ?? 'cloud',
      capabilities: {
        n: 'none',
        seed: 'none',
        temperature: 'none',
        topP: 'none',
        structuredOutput: classifier?.capabilities.structuredOutput ?? 'none',
        streaming: false,
        maxConcurrency: classifier?.capabilities.maxConcurrency ?? 1,
        batch: false,
      },
      chat(request: ChatRequest): Promise<ChatResult> {
        if (classifier === undefined) {
          return Promise.reject(
            new Error(
              `The responses of ${model} were imported, so ${model} cannot be asked anything; choose a judge to classify prompts.`,
            ),
          );
        }
        const { signal, onToken, ...rest } = request;
        void onToken;
        const key = cacheKey(classifier.id, rest);
        const again = asked.has(key);
        asked.add(key);
        const cached = again ? undefined : shared.get(key);
        if (cached !== undefined) return cached;
        const pending = classifier.chat(signal === undefined ? rest : { ...rest, signal });
        shared.set(key, pending);
        pending.catch(() => {
          if (shared.get(key) === pending) shared.delete(key);
        });
        return pending;
      },
    };
  });
}

/** Options of {@link runExistingAnalysis}. */
export interface ExistingRunOptions {
  db: PlaygroundDB;
  runId: string;
  /** The judge engines the definition names. */
  judges: readonly ChatEngine[];
  embeddingEngines?: readonly EmbeddingEngine[];
  concurrency?: Readonly<Record<string, number>>;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgressSnapshot) => void;
}

/**
 * Runs (or resumes) a seeded analysis: classification of prompts without a category, judging,
 * general metrics, quality and accuracy, with the runner's persistence and progress.
 * @throws RunSetupError when the run has no stored definition or an engine is missing
 */
export async function runExistingAnalysis(options: ExistingRunOptions): Promise<RunOutcome> {
  const store = new PlaygroundRunStore(options.db);
  const spec = await loadRunSpec(options.db, options.runId);
  const parsed = parseExperiment(spec?.definition);
  if (!parsed.ok) {
    throw new RunSetupError(`Run ${options.runId} has no stored definition to analyse.`);
  }
  const def = parsed.value;
  const classifier = options.judges.find((j) => j.id === def.judges[0]);
  const stand = importedModelEngines(def.generators.filter(isImportedEngine), classifier);
  const runner = new ExperimentRunner({
    store,
    runId: options.runId,
    engines: [...stand, ...options.judges],
    embeddingEngines: options.embeddingEngines ?? [],
    cache: new CallCache(),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return runner.start();
}

/**
 * Plans, stores and runs an analysis of imported responses in one go.
 * @returns how the run ended; its records are in the database under `runId`
 */
export async function analyseExistingResponses(
  options: ExistingRunOptions & { input: ExistingAnalysisInput; now?: number },
): Promise<RunOutcome> {
  const seed = planExistingAnalysis(options.runId, options.input, options.now);
  const missing = [
    ...seed.definition.judges.filter((id) => !options.judges.some((j) => j.id === id)),
    ...(seed.definition.embedding === undefined ||
    (options.embeddingEngines ?? []).some((e) => e.id === seed.definition.embedding)
      ? []
      : [seed.definition.embedding]),
  ];
  if (missing.length > 0) {
    throw new RunSetupError(`These engines are not available: ${missing.join(', ')}.`);
  }
  await seedExistingRun(options.db, seed);
  return runExistingAnalysis(options);
}
