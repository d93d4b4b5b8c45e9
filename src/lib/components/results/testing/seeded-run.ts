// A deterministic stored run for the Results tests, made by the real pipeline with scripted
// engines: two generators that agree on some answers and not others, one or more judges, a
// judge failure, quality grades, gold answers, and (optionally) cross-model judging.

import { regenerationFollowUp, systemSamplingInstruction } from '../../../core/prompts';
import type { SamplingStrategy } from '../../../core/prompts';
import { CATEGORY_IDS, type CategoryId } from '../../../core/taxonomy';
import type { ChatRequest } from '../../../engines/types';
import { judgeAcrossModels } from '../../../pipeline/cross-model';
import { parseExperiment, type ExperimentDefinition } from '../../../pipeline/experiment';
import { ExperimentRunner } from '../../../pipeline/runner';
import type { RunStore } from '../../../pipeline/store';
import {
  ScriptedEmbeddingEngine,
  ScriptedEngine,
  multiResponse,
} from '../../../pipeline/testing/scripted-engine';
import { labelOf, pipelineScript } from '../../../pipeline/testing/scripts';

/** The prompts, one per category, with gold answers for A (short) and D (math). */
export const SEED_PROMPTS: Record<
  CategoryId,
  { text: string; gold?: string; answerType?: 'math' | 'short' }
> = {
  A: { text: 'In which year did the Eiffel Tower open to the public?', gold: '1889' },
  B: { text: 'Name a prime number between 10 and 50.' },
  C: { text: 'Pick a random card from a standard deck.' },
  D: { text: 'What is the remainder when 2^10 is divided by 7?', gold: '2', answerType: 'math' },
  E: { text: 'How could I open a jar without a jar opener?' },
  F: { text: 'What caused the fall of the Western Roman Empire?' },
  G: { text: 'Write a four-line poem about autumn rain.' },
  H: { text: 'Should I learn piano or guitar first?' },
};

const CATEGORY_OF = new Map(CATEGORY_IDS.map((c) => [SEED_PROMPTS[c].text, c]));

/** The text of idea `i` for a category: equal ideas are functionally equivalent. */
export function ideaText(category: CategoryId, i: number): string {
  if (category === 'A') {
    const year = i === 0 ? 1889 : i === 1 ? 1887 : 1889 + i;
    return `The Eiffel Tower opened to the public in **${year}**.`;
  }
  if (category === 'D') {
    const answer = i === 2 ? 3 : 2;
    return `**Strategy ${i + 1}.** Work modulo 7 in a different way; the remainder is $\\boxed{${answer}}$.`;
  }
  return `**Idea ${i + 1} for ${category}.** A response written in *markdown*:\n\n- first point of idea ${i + 1}\n- second point`;
}

/** Idea index of sample `s` per strategy and category (before the generator's own mapping). */
function pattern(strategy: SamplingStrategy, category: CategoryId, s: number): number {
  const pick = (list: number[]): number => list[s] ?? 0;
  switch (strategy) {
    case 'temperature':
      return category === 'B' || category === 'C' ? pick([0, 0, 1, 0, 1]) : 0;
    case 'system-general':
      if (category === 'A') return pick([0, 0, 1, 0, 0]);
      return category === 'D' ? 0 : s;
    case 'system-task-anchored':
      if (category === 'A') return 0;
      if (category === 'D') return pick([0, 1, 1, 3, 0]);
      if (category === 'F') return pick([0, 0, 1, 1, 2]);
      return s;
    case 'icr-general':
      if (category === 'A') return s === 1 ? 1 : 0;
      return category === 'D' ? 0 : s;
    case 'icr-task-anchored':
      if (category === 'A') return 0;
      if (category === 'D') return pick([0, 1, 2, 0, 1]);
      return s;
  }
}

interface GeneratorStyle {
  tag: string;
  /** Maps the pattern's idea to this model's idea. */
  idea: (category: CategoryId, idea: number) => number;
  classify: (category: CategoryId) => string;
}

const STYLES: Record<string, GeneratorStyle> = {
  'fake/alpha': {
    tag: 'a',
    idea: (_c, i) => i,
    classify: (c) => (c === 'G' || c === 'H' ? 'F' : c),
  },
  'fake/beta': {
    tag: 'b',
    // Beta shares only the first idea with alpha, and answers the A question wrongly.
    idea: (c, i) => (c === 'A' ? (i === 0 ? 1 : i) : i === 0 ? 0 : i + 5),
    classify: (c) => (c === 'A' ? 'B' : c === 'E' ? 'D' : c),
  },
};

function categoryOf(prompt: string): CategoryId {
  return CATEGORY_OF.get(prompt) ?? 'B';
}

function generator(id: string): ScriptedEngine {
  const style = STYLES[id] ?? (STYLES['fake/alpha'] as GeneratorStyle);
  const text = (c: CategoryId, strategy: SamplingStrategy, s: number): string =>
    `${ideaText(c, style.idea(c, pattern(strategy, c, s)))} #${style.tag}${s}`;
  const anchoredSystem = (request: ChatRequest, k: number): boolean => {
    const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
    return !system.includes(systemSamplingInstruction({ k, anchored: false }));
  };
  const anchoredTurn = (request: ChatRequest): boolean => {
    const last = request.messages.at(-1)?.content ?? '';
    return last !== regenerationFollowUp({ anchored: false });
  };
  return new ScriptedEngine(
    pipelineScript({
      classify: (p) => style.classify(categoryOf(p)),
      sample: (p, request) => text(categoryOf(p), 'temperature', (request.seed ?? 1) - 1),
      multi: (p, k, request) => {
        const strategy = anchoredSystem(request, k) ? 'system-task-anchored' : 'system-general';
        return multiResponse(Array.from({ length: k }, (_, s) => text(categoryOf(p), strategy, s)));
      },
      regenerate: (p, turn, request) =>
        text(categoryOf(p), anchoredTurn(request) ? 'icr-task-anchored' : 'icr-general', turn),
    }),
    { id, capabilities: { maxConcurrency: 8 } },
  );
}

/**
 * A judge: equivalent when two responses carry the same idea (text before '#'). It cannot decide
 * between ideas 4 and 5 of category H, so those pairs fail (recorded, counted as different). A
 * judge whose id contains "strict" only calls identical texts equivalent (every response its own
 * class), so that two judges disagree and class counts are averaged across them.
 */
export function seedJudge(id: string): ScriptedEngine {
  const strict = id.includes('strict');
  return new ScriptedEngine(
    pipelineScript({
      judge: (a, b, prompt) => {
        const [x, y] = strict ? [a, b] : [labelOf(a), labelOf(b)];
        if (
          categoryOf(prompt) === 'H' &&
          [x, y].every((t) => /Idea [45] for H/.test(t)) &&
          x !== y
        ) {
          return 'Both have merit; hard to say.';
        }
        return x === y ? 'Same idea.\nVerdict: EQUIVALENT' : 'Different ideas.\nVerdict: DIFFERENT';
      },
      grade: (response) =>
        response.includes('#b') ? 'Score: 3' : strict ? 'Score: 5' : 'Score: 4',
      correctness: (response) => (response.includes('1889') ? 'CORRECT' : 'INCORRECT'),
    }),
    { id, capabilities: { maxConcurrency: 8 } },
  );
}

/** Options of {@link createSeededRun}. */
export interface SeedOptions {
  runId?: string;
  name?: string;
  categories?: readonly CategoryId[];
  strategies?: readonly SamplingStrategy[];
  generators?: readonly string[];
  judges?: readonly string[];
  k?: number;
  /** Also judge the pooled responses across models (default true). */
  crossModel?: boolean;
}

/**
 * Runs the whole pipeline with the scripted engines into `store` and returns the run id and its
 * definition. Deterministic: the same options always store the same records.
 */
export async function createSeededRun(
  store: RunStore,
  options: SeedOptions = {},
): Promise<{ runId: string; definition: ExperimentDefinition }> {
  const runId = options.runId ?? 'seeded-run';
  const categories = options.categories ?? CATEGORY_IDS;
  const generators = options.generators ?? ['fake/alpha', 'fake/beta'];
  const judges = options.judges ?? ['fake/judge'];
  const parsed = parseExperiment({
    name: options.name ?? 'Seeded run',
    prompts: categories.map((c) => ({
      id: `p${c}`,
      text: SEED_PROMPTS[c].text,
      category: c,
      ...(SEED_PROMPTS[c].gold === undefined ? {} : { gold: SEED_PROMPTS[c].gold }),
      ...(SEED_PROMPTS[c].answerType === undefined
        ? {}
        : { answerType: SEED_PROMPTS[c].answerType }),
    })),
    generators,
    judges,
    embedding: 'fake/embed',
    ...(options.strategies === undefined ? {} : { strategies: options.strategies }),
    k: options.k ?? 5,
    seed: 1,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  const judgeEngines = judges.map(seedJudge);
  const embed = new ScriptedEmbeddingEngine(
    // A direction per idea (the text before '#') plus a little per-sample noise, so that
    // responses with one idea sit close together and different ideas far apart.
    (t) => {
      const seed = [...labelOf(t)].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
      const noise = t.length % 3;
      return Array.from({ length: 6 }, (_, d) => ((seed >>> (d * 5)) % 17) + 1 + noise * 0.05);
    },
    'fake/embed',
  );
  const outcome = await new ExperimentRunner({
    store,
    runId,
    definition: parsed.value,
    engines: [...generators.map(generator), ...judgeEngines],
    embeddingEngines: [embed],
    now: () => 1_700_000_000_000,
  }).start();
  if (outcome.status !== 'completed') throw new Error(`seeded run ${outcome.status}`);
  if ((options.crossModel ?? true) && generators.length > 1 && judges.length > 0) {
    await judgeAcrossModels({
      store,
      runId,
      engines: judgeEngines,
      now: () => 1_700_000_000_000,
    });
  }
  return { runId, definition: parsed.value };
}
