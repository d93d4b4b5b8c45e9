// Generic CSV/JSONL/XLSX import through a column mapping (prompt, category, answer, id, response, model).
// Files of existing responses (one row per response) are grouped into one item per prompt.
import { CATEGORY_IDS, TASK_CATEGORIES, type CategoryId } from '../taxonomy';
import { ImportError } from './errors';
import type { Table } from './csv';
import { describeJson, type JsonlRow } from './jsonl';
import { noveltyBenchCategory } from './benchmarks';
import {
  IdRegistry,
  setOwn,
  type AnswerType,
  type ColumnMapping,
  type ImportedItem,
  type MetaValue,
  type RecordPlace,
} from './types';

/** The item fields a column can feed, in the order a mapping form shows them. */
export const MAPPING_FIELDS = ['prompt', 'category', 'answer', 'id', 'response', 'model'] as const;

/** One field of ColumnMapping. */
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Column names (lower-case, letters and digits only) that suggest each field, best first. */
const SYNONYMS: Readonly<Record<MappingField, readonly string[]>> = {
  prompt: ['prompt', 'problem', 'question', 'input', 'instruction', 'query', 'text', 'userprompt'],
  category: ['category', 'taskcategory', 'taxonomy', 'cat'],
  answer: [
    'answer',
    'goldanswer',
    'gold',
    'trueanswer',
    'correctanswer',
    'reference',
    'referenceanswer',
    'expectedanswer',
    'expected',
    'target',
    'groundtruth',
  ],
  id: ['id', 'uniqueid', 'uid', 'qid', 'promptid', 'questionid', 'itemid'],
  response: [
    'response',
    'responses',
    'output',
    'completion',
    'generation',
    'generations',
    'modelresponse',
    'reply',
  ],
  model: ['model', 'modelname', 'modelid', 'engine', 'generator'],
};

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A best-guess mapping from column names: each field takes the first unused column whose name
 * matches one of its synonyms ("Question" -> prompt, "true_answer" -> answer, ...). `prompt` is
 * absent when no column looks like one.
 */
export function suggestMapping(columns: readonly string[]): Partial<ColumnMapping> {
  const used = new Set<string>();
  const out: Partial<ColumnMapping> = {};
  for (const field of MAPPING_FIELDS) {
    for (const synonym of SYNONYMS[field]) {
      const column = columns.find((c) => !used.has(c) && squash(c) === synonym);
      if (column !== undefined) {
        out[field] = column;
        used.add(column);
        break;
      }
    }
  }
  return out;
}

const CATEGORY_LABELS = new Map<string, CategoryId>();
for (const c of TASK_CATEGORIES) {
  CATEGORY_LABELS.set(squash(c.name), c.id);
  CATEGORY_LABELS.set(squash(c.shortName), c.id);
}

/**
 * Reads a category cell: a letter A-H ("b", "Category B", "B.", "B: Underspecified ..."), a
 * category name or short name from the taxonomy, or a NoveltyBench category name. Returns
 * undefined for a blank cell and null for text it cannot read.
 */
export function parseCategoryLabel(text: string): CategoryId | undefined | null {
  const t = text.trim();
  if (t === '') return undefined;
  const letter = /^(?:category\s*)?([a-h])(?:\s*[.:)\-\u2013\u2014].*|\s*)$/is.exec(t)?.[1];
  if (letter !== undefined) return letter.toUpperCase() as CategoryId;
  return CATEGORY_LABELS.get(squash(t)) ?? noveltyBenchCategory(t) ?? null;
}

/** A source record reduced to named values, whatever the container. */
interface SourceRecord {
  readonly line: number;
  readonly get: (column: string) => unknown;
  readonly columns: readonly string[];
}

/** Options that shape generic items. */
export interface GenericOptions {
  /** Overrides the answer type; by default D answers are 'math' and others 'short'. */
  answerType?: AnswerType;
}

/** Checks that every mapped column exists and returns the mapping with the file's own spelling. */
export function resolveMapping(
  fileName: string,
  mapping: ColumnMapping,
  columns: readonly string[],
  where: { line?: number; unit: 'line' | 'row' },
): ColumnMapping {
  const resolved: Partial<ColumnMapping> = {};
  for (const field of MAPPING_FIELDS) {
    const wanted = mapping[field];
    if (wanted === undefined || wanted === '') continue;
    const column =
      columns.find((c) => c === wanted) ??
      columns.find((c) => c.toLowerCase() === wanted.toLowerCase());
    if (column === undefined) {
      throw new ImportError(
        fileName,
        'missing-column',
        `The mapping takes the ${field} from the column "${wanted}", which is not in the file. Its columns are: ${columns.join(', ')}.`,
        { ...where, field: wanted },
      );
    }
    resolved[field] = column;
  }
  if (resolved.prompt === undefined) {
    throw new ImportError(
      fileName,
      'missing-column',
      `Choose which column holds the prompt. The file's columns are: ${columns.join(', ')}.`,
      { ...where, field: 'prompt' },
    );
  }
  return resolved as ColumnMapping;
}

/** Text of a scalar cell or JSON value; arrays and objects are rejected by the caller. */
function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * Builds items from records through a mapping. Without a response column each record is one
 * item and ids must be unique; with one, records sharing an id (or, without ids, the same prompt
 * text) are grouped into one item holding every response, and an id reused for a different
 * prompt is rejected.
 */
function buildItems(
  fileName: string,
  records: readonly SourceRecord[],
  mapping: ColumnMapping,
  unit: 'line' | 'row',
  options: GenericOptions,
): ImportedItem[] {
  const mapped = new Set(MAPPING_FIELDS.map((f) => mapping[f]).filter((c) => c !== undefined));
  const ids = new IdRegistry(mapping.id ?? 'id');
  const groups = new Map<string, { item: ImportedItem; line: number }>();
  const items: ImportedItem[] = [];

  for (const record of records) {
    const place: RecordPlace = { fileName, line: record.line, unit };
    const fail = (field: string, reason: string): ImportError =>
      new ImportError(fileName, 'invalid-value', reason, { line: record.line, field, unit });
    const text = (field: MappingField): string | undefined => {
      const column = mapping[field];
      if (column === undefined) return undefined;
      const value = record.get(column);
      const out = scalarText(value);
      if (out === undefined && value !== undefined && value !== null) {
        throw fail(column, `Expected text, found ${describeJson(value)}.`);
      }
      return out;
    };

    const prompt = text('prompt');
    if (prompt === undefined || prompt.trim() === '') {
      throw fail(mapping.prompt, 'The prompt is empty. Every row needs a prompt.');
    }
    const item: ImportedItem = { prompt };
    const id = text('id')?.trim();
    if (id) item.id = id;
    const categoryText = text('category');
    if (categoryText !== undefined) {
      const category = parseCategoryLabel(categoryText);
      if (category === null) {
        throw fail(
          mapping.category!,
          `"${categoryText}" is not a task category. Use a letter ${CATEGORY_IDS.join(', ')} or a category name such as "Creative Writing".`,
        );
      }
      if (category !== undefined) item.category = category;
    }
    const answer = text('answer')?.trim();
    if (answer) {
      item.answer = answer;
      item.answerType = options.answerType ?? (item.category === 'D' ? 'math' : 'short');
    }
    const meta: Record<string, MetaValue> = {};
    for (const column of record.columns) {
      if (mapped.has(column)) continue;
      const value = record.get(column);
      if (value === undefined || value === '' || value === null) continue;
      setOwn(meta, column, value as MetaValue);
    }
    if (Object.keys(meta).length > 0) item.meta = meta;

    if (mapping.response === undefined) {
      if (item.id !== undefined) ids.add(item.id, place);
      items.push(item);
      continue;
    }

    const texts = responseTexts(record.get(mapping.response), (reason) =>
      fail(mapping.response!, reason),
    );
    const model = text('model')?.trim();
    const responses = texts.map((t) => (model ? { text: t, model } : { text: t }));
    const key = item.id !== undefined ? `id:${item.id}` : `prompt:${prompt.trim()}`;
    const group = groups.get(key);
    if (group === undefined) {
      item.responses = responses;
      groups.set(key, { item, line: record.line });
      items.push(item);
    } else if (item.id !== undefined && group.item.prompt.trim() !== prompt.trim()) {
      throw new ImportError(
        fileName,
        'duplicate-id',
        `The id "${item.id}" is used on ${unit}s ${group.line} and ${record.line} for different prompts. Rows of one prompt must share its exact text; other prompts need other ids.`,
        { line: record.line, field: mapping.id!, unit },
      );
    } else {
      group.item.responses!.push(...responses);
    }
  }
  return items;
}

/** A response cell: text, or (JSONL) a list of texts such as NoveltyBench's `generations`. */
function responseTexts(value: unknown, fail: (reason: string) => ImportError): string[] {
  const single = scalarText(value);
  if (single !== undefined) {
    if (single.trim() === '')
      throw fail('The response is empty. Every row of a responses file needs one.');
    return [single];
  }
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
    return value as string[];
  }
  if (value === undefined || value === null) {
    throw fail('The response is missing. Every row of a responses file needs one.');
  }
  throw fail(`Expected the response text or a list of texts, found ${describeJson(value)}.`);
}

/** Generic rows from a CSV or XLSX table through a mapping. */
export function fromTable(
  fileName: string,
  table: Table,
  mapping: ColumnMapping,
  options: GenericOptions = {},
): ImportedItem[] {
  const resolved = resolveMapping(fileName, mapping, table.header, {
    line: table.headerLine,
    unit: table.unit,
  });
  const index = new Map(table.header.map((h, i) => [h, i]));
  const records = table.rows.map((row): SourceRecord => ({
    line: row.line,
    columns: table.header,
    get: (column) => row.cells[index.get(column) ?? -1],
  }));
  return buildItems(fileName, records, resolved, table.unit, options);
}

/** Keys of the first records, in order of first appearance (what a mapping form offers). */
export function jsonlColumns(rows: readonly JsonlRow[], sample = 50): string[] {
  const keys = new Set<string>();
  for (const row of rows.slice(0, sample)) for (const key of Object.keys(row.value)) keys.add(key);
  return [...keys];
}

/** Generic rows from JSONL through a mapping; a response key may hold a list of texts. */
export function fromJsonl(
  fileName: string,
  rows: readonly JsonlRow[],
  mapping: ColumnMapping,
  options: GenericOptions = {},
): ImportedItem[] {
  const resolved = resolveMapping(fileName, mapping, jsonlColumns(rows, rows.length), {
    unit: 'line',
  });
  const records = rows.map((row): SourceRecord => ({
    line: row.line,
    columns: Object.keys(row.value),
    get: (key) => (Object.hasOwn(row.value, key) ? row.value[key] : undefined),
  }));
  return buildItems(fileName, records, resolved, 'line', options);
}
