// Readers for the benchmarks the papers use, in their published formats: SimpleQA, MATH-500,
// NoveltyBench (prompts, WildChat prompts, model generations) and MacGyver.
import { z } from 'zod';
import type { CategoryId } from '../taxonomy';
import { ImportError } from './errors';
import type { Table } from './csv';
import type { JsonlRow } from './jsonl';
import { parsePythonLiteral, PyLiteralError } from './pyliteral';
import {
  IdRegistry,
  setOwn,
  validateRecord,
  type CategoryMappingEntry,
  type ImportedItem,
  type MetaValue,
  type RecordPlace,
} from './types';

/** What a format reader hands back to parseDataset. */
export interface FormatOutput {
  items: ImportedItem[];
  warnings: string[];
  categoryMapping?: CategoryMappingEntry[];
}

const nonBlank = z.string().refine((s) => s.trim() !== '', 'The value is empty');

/** Answers are text, but a JSON writer may have stored a numeric answer as a number. */
const answerText = z.union([z.string(), z.number()]).transform(String).pipe(nonBlank);

/** Index of each required (and optional) column, matched case-insensitively; throws naming the first missing one. */
export function locateColumns<K extends string>(
  fileName: string,
  table: Table,
  required: readonly K[],
  optional: readonly K[],
  formatLabel: string,
): Record<K, number> & Partial<Record<K, number>> {
  const lower = table.header.map((h) => h.toLowerCase());
  const out: Partial<Record<K, number>> = {};
  for (const name of [...required, ...optional]) {
    const index = lower.indexOf(name.toLowerCase());
    if (index >= 0) out[name] = index;
    else if (required.includes(name)) {
      throw new ImportError(
        fileName,
        'missing-column',
        `The column "${name}" is missing. ${formatLabel} files need the columns ${required.join(', ')}; this file has ${table.header.join(', ')}.`,
        { line: table.headerLine, field: name, unit: table.unit },
      );
    }
  }
  return out as Record<K, number>;
}

function placeOf(fileName: string, line: number, unit: 'line' | 'row'): RecordPlace {
  return { fileName, line, unit };
}

// ---------------------------------------------------------------------------------------------
// SimpleQA
// ---------------------------------------------------------------------------------------------

const SIMPLEQA_COLUMNS = ['metadata', 'problem', 'answer'] as const;
const SIMPLEQA_NEEDS = 'SimpleQA rows need metadata, problem and answer.';
const SimpleQaRow = z.object({ metadata: z.string(), problem: nonBlank, answer: nonBlank });

/**
 * SimpleQA CSV (`metadata, problem, answer`): category A with a short gold answer. The metadata
 * cell is a Python dict repr, read by a literal parser, never evaluated. Rows get ids
 * `simpleqa-<0-based row index>`, which are stable for the published file.
 */
export function fromSimpleQa(fileName: string, table: Table): FormatOutput {
  const col = locateColumns(fileName, table, SIMPLEQA_COLUMNS, [], 'SimpleQA');
  const items = table.rows.map((row, index): ImportedItem => {
    const place = placeOf(fileName, row.line, table.unit);
    const rec = validateRecord(
      SimpleQaRow,
      {
        metadata: row.cells[col.metadata],
        problem: row.cells[col.problem],
        answer: row.cells[col.answer],
      },
      place,
      SIMPLEQA_NEEDS,
    );
    const item: ImportedItem = {
      id: `simpleqa-${index}`,
      prompt: rec.problem,
      category: 'A',
      answer: rec.answer,
      answerType: 'short',
    };
    const meta = readPythonDict(rec.metadata, place);
    if (meta !== undefined) item.meta = meta;
    return item;
  });
  return { items, warnings: [] };
}

function readPythonDict(source: string, place: RecordPlace): Record<string, MetaValue> | undefined {
  if (source.trim() === '') return undefined;
  const fail = (detail: string): ImportError =>
    new ImportError(
      place.fileName,
      'invalid-value',
      `The metadata is not a Python dict literal (${detail}). SimpleQA metadata looks like {'topic': 'Art', 'answer_type': 'Person', 'urls': ['https://...']}.`,
      { line: place.line, field: 'metadata', unit: place.unit },
    );
  let value;
  try {
    value = parsePythonLiteral(source);
  } catch (error) {
    throw fail(error instanceof PyLiteralError ? error.message : 'unreadable');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail(`it is ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// MATH-500
// ---------------------------------------------------------------------------------------------

const MATH_NEEDS = 'MATH-500 lines need problem, solution, answer, subject, level and unique_id.';
const MathRow = z.object({
  problem: nonBlank,
  solution: z.string(),
  answer: answerText,
  subject: z.string(),
  level: z.number().int(),
  unique_id: nonBlank,
});

/**
 * Maps JSONL lines to items: each line is validated against `schema` (failing with `needs`) and
 * its id (the `idField` key) must be unique in the file.
 */
function jsonlItems<S extends z.ZodType>(
  fileName: string,
  rows: readonly JsonlRow[],
  schema: S,
  needs: string,
  toItem: (rec: z.output<S>, row: JsonlRow) => ImportedItem,
  idField = 'id',
): ImportedItem[] {
  const ids = new IdRegistry(idField);
  return rows.map((row) => {
    const place = placeOf(fileName, row.line, 'line');
    const rec = validateRecord(schema, row.value, place, needs);
    ids.add(String((rec as Record<string, unknown>)[idField]), place);
    return toItem(rec, row);
  });
}

/** MATH-500 JSONL: category D with a math gold answer; subject, level and solution go to meta. */
export function fromMath500(fileName: string, rows: readonly JsonlRow[]): FormatOutput {
  const items = jsonlItems(
    fileName,
    rows,
    MathRow,
    MATH_NEEDS,
    (rec) => ({
      id: rec.unique_id,
      prompt: rec.problem,
      category: 'D',
      answer: rec.answer,
      answerType: 'math',
      meta: { subject: rec.subject, level: rec.level, solution: rec.solution },
    }),
    'unique_id',
  );
  return { items, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// NoveltyBench
// ---------------------------------------------------------------------------------------------

/** How one NoveltyBench category maps onto the taxonomy, and why. */
export interface NoveltyBenchCategoryRule {
  readonly source: string;
  readonly category: CategoryId;
  readonly reason: string;
}

/**
 * NoveltyBench's six prompt categories mapped onto the taxonomy. Jain et al. drew their B, C, G
 * and H prompts from NoveltyBench but labelled each prompt by hand; this is a per-category
 * default, so individual prompts can deserve another label (noted in the reasons).
 */
export const NOVELTYBENCH_CATEGORY_MAP: readonly NoveltyBenchCategoryRule[] = [
  {
    source: 'Factual Knowledge',
    category: 'B',
    reason:
      'Prompts such as "Name one UFC fighter" or "List a capital city in Africa" have many verifiably correct answers: an underspecified singular objective.',
  },
  {
    source: 'Random Generation & Selection',
    category: 'C',
    reason:
      'Prompts such as "Roll a make-believe 20-sided die" ask for a pseudo-random pick from a finite set of options.',
  },
  {
    source: 'Creativity',
    category: 'G',
    reason:
      'Stories, poems, jokes and riddles: creative writing, where plot, tone and form should vary.',
  },
  {
    source: 'Character & Entity Naming',
    category: 'G',
    reason:
      'Most prompts ask to invent a name for a fictional character or pet (a D&D paladin, a story dog, a filly): a creative element with no correct answer. Prompts that ask for a real person ("Name one person of Indian origin") behave like B; review them per prompt.',
  },
  {
    source: 'Subjective Rankings & Opinions',
    category: 'H',
    reason:
      'Questions such as "What is the best book of all time?" ask for an opinion or ranking, where views should vary.',
  },
  {
    source: 'Product & Purchase Recommendations',
    category: 'H',
    reason:
      'Shopping recommendations are advice that depends on taste and budget; there is no single verifiable best product.',
  },
];

const NOVELTY_RULES = new Map(NOVELTYBENCH_CATEGORY_MAP.map((r) => [r.source.toLowerCase(), r]));

/** The taxonomy category for a NoveltyBench category name (case-insensitive), if it has a rule. */
export function noveltyBenchCategory(source: string): CategoryId | undefined {
  return NOVELTY_RULES.get(source.trim().toLowerCase())?.category;
}

const CURATED_NEEDS = 'NoveltyBench prompt lines need id, category and prompt.';
const CuratedRow = z.object({
  id: nonBlank,
  category: z.string(),
  prompt: nonBlank,
  prompt_paraphrases: z.array(z.string()).optional(),
});

/**
 * NoveltyBench curated prompts (`id, category, prompt, prompt_paraphrases`). Categories follow
 * NOVELTYBENCH_CATEGORY_MAP; the result lists the rules used with their counts.
 */
export function fromNoveltyBenchCurated(fileName: string, rows: readonly JsonlRow[]): FormatOutput {
  const counts = new Map<string, number>();
  const unmapped = new Map<string, number>();
  const items = jsonlItems(fileName, rows, CuratedRow, CURATED_NEEDS, (rec) => {
    const rule = NOVELTY_RULES.get(rec.category.trim().toLowerCase());
    const meta: Record<string, MetaValue> = { noveltybench_category: rec.category };
    if (rec.prompt_paraphrases) meta.prompt_paraphrases = rec.prompt_paraphrases;
    const item: ImportedItem = { id: rec.id, prompt: rec.prompt, meta };
    if (rule) {
      item.category = rule.category;
      counts.set(rule.source, (counts.get(rule.source) ?? 0) + 1);
    } else {
      unmapped.set(rec.category, (unmapped.get(rec.category) ?? 0) + 1);
    }
    return item;
  });
  const warnings = [...unmapped].map(
    ([name, n]) =>
      `${n} prompt${n === 1 ? ' has' : 's have'} the NoveltyBench category "${name}", which has no taxonomy mapping; ${n === 1 ? 'it was' : 'they were'} imported without a category.`,
  );
  const categoryMapping = NOVELTYBENCH_CATEGORY_MAP.filter((r) => counts.has(r.source)).map(
    (r): CategoryMappingEntry => ({ ...r, count: counts.get(r.source)! }),
  );
  return { items, warnings, categoryMapping };
}

const WILDCHAT_NEEDS = 'NoveltyBench WildChat lines need id and prompt.';
const WildChatRow = z.object({
  id: nonBlank,
  prompt: nonBlank,
  original_prompt: z.string().optional(),
  meta: z
    .object({ response: z.object({ allows_diverse_responses: z.boolean().optional() }).optional() })
    .optional(),
});

/** NoveltyBench's WildChat prompts: no category in the file, so items are left for classification. */
export function fromNoveltyBenchWildChat(
  fileName: string,
  rows: readonly JsonlRow[],
): FormatOutput {
  const items = jsonlItems(fileName, rows, WildChatRow, WILDCHAT_NEEDS, (rec) => {
    const meta: Record<string, MetaValue> = {};
    if (rec.original_prompt !== undefined) meta.original_prompt = rec.original_prompt;
    const diverse = rec.meta?.response?.allows_diverse_responses;
    if (diverse !== undefined) meta.allows_diverse_responses = diverse;
    return { id: rec.id, prompt: rec.prompt, meta };
  });
  return {
    items,
    warnings: ['WildChat prompts carry no task category; classify them before judging.'],
  };
}

const GENERATIONS_NEEDS =
  'NoveltyBench generation lines need id, prompt and generations (a list of response texts).';
const GenerationsRow = z.object({
  id: nonBlank,
  prompt: nonBlank,
  model: z.string().optional(),
  generations: z.array(z.string()).min(1),
  partition: z.array(z.number().int().nonnegative()).optional(),
  distinct: z.number().optional(),
  generation_scores: z.array(z.number()).optional(),
  partition_scores: z.array(z.number()).optional(),
  utility: z.number().optional(),
});

/**
 * NoveltyBench generation, partition and score files (and humans.jsonl): one item per prompt with
 * its responses. `partition` and the scores stay in meta; `reference_classes` is the number of
 * equivalence classes, because the file's own `distinct` is max(partition), one less.
 */
export function fromNoveltyBenchGenerations(
  fileName: string,
  rows: readonly JsonlRow[],
): FormatOutput {
  const items = jsonlItems(fileName, rows, GenerationsRow, GENERATIONS_NEEDS, (rec, row) => {
    if (rec.partition && rec.partition.length !== rec.generations.length) {
      throw new ImportError(
        fileName,
        'invalid-value',
        `partition has ${rec.partition.length} labels but there are ${rec.generations.length} generations; each generation needs exactly one class label.`,
        { line: row.line, field: 'partition' },
      );
    }
    const model = rec.model;
    const meta: Record<string, MetaValue> = {};
    if (rec.partition) {
      meta.partition = rec.partition;
      meta.reference_classes = new Set(rec.partition).size;
    }
    if (rec.distinct !== undefined) meta.distinct = rec.distinct;
    if (rec.generation_scores) meta.generation_scores = rec.generation_scores;
    if (rec.partition_scores) meta.partition_scores = rec.partition_scores;
    if (rec.utility !== undefined) meta.utility = rec.utility;
    const item: ImportedItem = {
      id: rec.id,
      prompt: rec.prompt,
      responses: rec.generations.map((text) => (model === undefined ? { text } : { text, model })),
    };
    if (Object.keys(meta).length > 0) item.meta = meta;
    return item;
  });
  return { items, warnings: [] };
}

// ---------------------------------------------------------------------------------------------
// MacGyver
// ---------------------------------------------------------------------------------------------

const MACGYVER_REQUIRED = ['ID', 'Problem', 'Solvable?', 'Solution'] as const;
const MACGYVER_OPTIONAL = ['Unconventional?', 'Label'] as const;
const MACGYVER_NEEDS = 'MacGyver rows need ID, Problem, Solvable? (Yes or No) and Solution.';
const yesNo = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(['yes', 'no', 'true', 'false'], { error: 'Expected Yes or No' }))
  .transform((s) => (s === 'yes' || s === 'true' ? 'Yes' : 'No'));
const MacGyverRow = z.object({
  ID: nonBlank,
  Problem: nonBlank,
  'Solvable?': yesNo,
  Solution: z.string(),
  'Unconventional?': z.string().optional(),
  Label: z.string().optional(),
});

/**
 * MacGyver problems (XLSX or CSV with `ID, Problem, Solvable?, [Unconventional?,] Solution[, Label]`):
 * category E. Rows that repeat an ID with the same problem (additional_human_solutions.xlsx
 * holds two human solutions for most problems) become one item whose meta lists every solution;
 * a repeated ID with a different problem is a duplicate.
 */
export function fromMacGyver(fileName: string, table: Table): FormatOutput {
  const col = locateColumns(fileName, table, MACGYVER_REQUIRED, MACGYVER_OPTIONAL, 'MacGyver');
  const byId = new Map<string, { item: ImportedItem; line: number; solutions: MetaValue[] }>();
  const items: ImportedItem[] = [];
  for (const row of table.rows) {
    const place = placeOf(fileName, row.line, table.unit);
    const record: Record<string, string | undefined> = {};
    for (const name of [...MACGYVER_REQUIRED, ...MACGYVER_OPTIONAL]) {
      const index = col[name];
      if (index !== undefined) setOwn(record, name, row.cells[index]);
    }
    const rec = validateRecord(MacGyverRow, record, place, MACGYVER_NEEDS, {});
    const id = rec.ID.trim();
    const solution: Record<string, MetaValue> = { text: rec.Solution, solvable: rec['Solvable?'] };
    if (rec['Unconventional?'] !== undefined) solution.unconventional = rec['Unconventional?'];
    if (rec.Label !== undefined) solution.label = rec.Label;

    const earlier = byId.get(id);
    if (earlier) {
      if (earlier.item.prompt.trim() !== rec.Problem.trim()) {
        throw new ImportError(
          fileName,
          'duplicate-id',
          `The ID "${id}" is used on ${table.unit}s ${earlier.line} and ${row.line} for different problems. Give each problem its own ID.`,
          { line: row.line, field: 'ID', unit: table.unit },
        );
      }
      earlier.solutions.push(solution);
      const meta = earlier.item.meta!;
      if (meta.solvable !== solution.solvable) meta.solvable = 'mixed';
      continue;
    }
    const solutions: MetaValue[] = [solution];
    const meta: Record<string, MetaValue> = { solvable: rec['Solvable?'], solutions };
    if (rec['Unconventional?'] !== undefined) meta.unconventional = rec['Unconventional?'];
    if (rec.Label !== undefined) meta.label = rec.Label;
    const item: ImportedItem = { id, prompt: rec.Problem, category: 'E', meta };
    byId.set(id, { item, line: row.line, solutions });
    items.push(item);
  }
  const grouped = table.rows.length - items.length;
  const warnings =
    grouped > 0
      ? [
          `${table.rows.length} rows hold ${items.length} problems: rows repeating an ID were grouped, with every solution kept in meta.solutions.`,
        ]
      : [];
  return { items, warnings };
}
