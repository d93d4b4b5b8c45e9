// Shapes shared by every importer (items, results, mappings) and the helpers that validate records.
// Records are checked with zod; the first problem becomes an ImportError naming line and field.
import type { z } from 'zod';
import type { CategoryId } from '../taxonomy';
import { ImportError } from './errors';
import { describeJson } from './jsonl';
import type { ResponseRecord } from '../../storage/schema';

/** Every format parseDataset recognises. The generic ones need (or guess) a column mapping. */
export type ImportFormat =
  | 'simpleqa'
  | 'math500'
  | 'noveltybench-curated'
  | 'noveltybench-wildchat'
  | 'noveltybench-generations'
  | 'macgyver'
  | 'generic-csv'
  | 'generic-jsonl'
  | 'generic-xlsx';

/** How a gold answer is compared: competition-math equivalence, or a short factual answer. */
export type AnswerType = 'math' | 'short';

/** Plain data kept from the source row; JSON-compatible so it can be stored and exported. */
export type MetaValue =
  string | number | boolean | null | MetaValue[] | { [key: string]: MetaValue };

/** One response generated elsewhere, with the model that wrote it when the file says. */
export type ImportedResponse = Pick<ResponseRecord, 'text'> &
  Partial<Pick<ResponseRecord, 'model'>>;

/** One prompt read from a file, ready to be previewed and stored. */
export interface ImportedItem {
  prompt: string;
  id?: string;
  category?: CategoryId;
  answer?: string;
  answerType?: AnswerType;
  responses?: ImportedResponse[];
  meta?: Record<string, MetaValue>;
}

/** Which source column (CSV header or JSONL key) feeds each item field. */
export interface ColumnMapping {
  prompt: string;
  category?: string;
  answer?: string;
  id?: string;
  /** Set for files of existing responses: rows sharing a prompt (or id) become one item. */
  response?: string;
  model?: string;
}

/** How one source category was mapped onto the taxonomy, and how many rows it covered. */
export interface CategoryMappingEntry {
  source: string;
  category: CategoryId;
  reason: string;
  count: number;
}

/** What parseDataset returns: the detected format, the items and anything the user should know. */
export interface ParseResult {
  format: ImportFormat;
  items: ImportedItem[];
  warnings: string[];
  /** Data records read (CSV records, JSONL lines, sheet rows); more than items when rows are grouped. */
  rowCount: number;
  /** The mapping applied, for generic formats. */
  mapping?: ColumnMapping;
  /** The source-category to taxonomy mapping applied (NoveltyBench), so the UI can show how. */
  categoryMapping?: CategoryMappingEntry[];
}

/** Where a record came from, for error messages. */
export interface RecordPlace {
  readonly fileName: string;
  readonly line: number;
  readonly unit: 'line' | 'row';
}

/**
 * Checks a record against a zod schema and returns the parsed value. The first issue becomes an
 * ImportError naming the field; `fieldNames` maps schema keys back to the file's own column
 * names, and `what` says which format's rows need the field.
 */
export function validateRecord<S extends z.ZodType>(
  schema: S,
  record: unknown,
  place: RecordPlace,
  what: string,
  fieldNames: Readonly<Record<string, string>> = {},
): z.output<S> {
  const result = schema.safeParse(record);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [head, ...rest] = issue.path;
  const key = head === undefined ? undefined : String(head);
  const field =
    key === undefined
      ? undefined
      : (fieldNames[key] ?? key) +
        rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const value = valueAt(record, issue.path);
  let reason: string;
  if (key !== undefined && rest.length === 0 && value === undefined) {
    reason = `This field is missing. ${what}`;
  } else if (issue.code === 'invalid_type') {
    reason = `Expected ${issue.expected === 'int' ? 'a whole number' : `${article(issue.expected)}`}, found ${describeJson(value)}. ${what}`;
  } else {
    const found =
      typeof value === 'string' && value.trim() !== '' ? `, found "${shorten(value)}"` : '';
    reason = `${issue.message}${found}. ${what}`;
  }
  throw new ImportError(place.fileName, 'invalid-value', reason, {
    line: place.line,
    field,
    unit: place.unit,
  });
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Remembers where each id was first seen and rejects a repeat, naming both places, since two
 * records with one id would overwrite each other in storage.
 */
export class IdRegistry {
  readonly #seen = new Map<string, number>();
  readonly #field: string;

  /** @param field the column or key holding the id, for messages */
  constructor(field: string) {
    this.#field = field;
  }

  /** Records `id` at `place`, or throws when it was already used. */
  add(id: string, place: RecordPlace): void {
    const earlier = this.#seen.get(id);
    if (earlier !== undefined) {
      throw new ImportError(
        place.fileName,
        'duplicate-id',
        `The id "${id}" is used on ${place.unit}s ${earlier} and ${place.line}. Ids must be unique: remove or rename one of them.`,
        { line: place.line, field: this.#field, unit: place.unit },
      );
    }
    this.#seen.set(id, place.line);
  }

  /** The place an id was first seen, if it was. */
  lineOf(id: string): number | undefined {
    return this.#seen.get(id);
  }
}

/**
 * Sets an own, enumerable property even for keys such as "__proto__", which plain assignment
 * would turn into a prototype change; keys come from untrusted files.
 */
export function setOwn<V>(target: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
