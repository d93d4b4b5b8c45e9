// Dataset import: detects a file's format and turns it into prompt items, all or nothing.
// Pure and framework-free (string or bytes in, items out), so the UI, the worker and tests share it.
import { ImportError } from './importers/errors';
import { readCsv, type Table } from './importers/csv';
import { readJsonl, type JsonlRow } from './importers/jsonl';
import { looksLikeZip, readXlsx } from './importers/xlsx';
import { DEFAULT_MAX_BYTES, checkSize, toText } from './importers/text';
import { checkColumnCount, previewText } from './importers/limits';
import {
  fromMacGyver,
  fromMath500,
  fromNoveltyBenchCurated,
  fromNoveltyBenchGenerations,
  fromNoveltyBenchWildChat,
  fromSimpleQa,
  type FormatOutput,
} from './importers/benchmarks';
import { fromJsonl, fromTable, jsonlColumns, suggestMapping } from './importers/generic';
import type { AnswerType, ColumnMapping, ImportFormat, ParseResult } from './importers/types';
import type { CategoryId } from './taxonomy';

export { ImportError, type ImportErrorCode } from './importers/errors';
export type {
  AnswerType,
  CategoryMappingEntry,
  ColumnMapping,
  ImportedItem,
  ImportedResponse,
  ImportFormat,
  MetaValue,
  ParseResult,
} from './importers/types';
export {
  NOVELTYBENCH_CATEGORY_MAP,
  noveltyBenchCategory,
  type NoveltyBenchCategoryRule,
} from './importers/benchmarks';
export {
  MAPPING_FIELDS,
  parseCategoryLabel,
  suggestMapping,
  type MappingField,
} from './importers/generic';
export {
  mulberry32,
  sampleItems,
  sampleByGroup,
  groupCounts,
  type GroupKey,
} from './importers/sampling';
export { parsePythonLiteral, PyLiteralError, type PyValue } from './importers/pyliteral';
export { DEFAULT_MAX_BYTES } from './importers/text';
export { MAX_CELL_CHARS, MAX_COLUMNS } from './importers/limits';

/** What the UI shows about each format: a name, what it expects and the category it assigns. */
export interface ImportFormatInfo {
  readonly label: string;
  readonly columns: string;
  readonly description: string;
  /** The category every item gets, when the format fixes one. */
  readonly category?: CategoryId;
  /** True when rows carry responses generated elsewhere. */
  readonly hasResponses: boolean;
}

/** Descriptions of every import format, keyed by ImportFormat. */
export const IMPORT_FORMATS: Readonly<Record<ImportFormat, ImportFormatInfo>> = {
  simpleqa: {
    label: 'SimpleQA (CSV)',
    columns: 'metadata, problem, answer',
    description: 'Short fact-seeking questions with one gold answer; category A.',
    category: 'A',
    hasResponses: false,
  },
  math500: {
    label: 'MATH-500 (JSONL)',
    columns: 'problem, solution, answer, subject, level, unique_id',
    description:
      'Competition math with exact answers; category D. Subject and level allow sampling N per group.',
    category: 'D',
    hasResponses: false,
  },
  'noveltybench-curated': {
    label: 'NoveltyBench prompts (JSONL)',
    columns: 'id, category, prompt, prompt_paraphrases',
    description:
      "Prompts with many good answers; NoveltyBench's six categories are mapped to B, C, G and H.",
    hasResponses: false,
  },
  'noveltybench-wildchat': {
    label: 'NoveltyBench WildChat prompts (JSONL)',
    columns: 'id, prompt, original_prompt, ...',
    description: 'Real user prompts without a category; classify them before judging.',
    hasResponses: false,
  },
  'noveltybench-generations': {
    label: 'NoveltyBench generations (JSONL)',
    columns: 'id, prompt, model, generations[, partition, scores]',
    description:
      'Responses generated elsewhere, several per prompt, with reference partitions when present.',
    hasResponses: true,
  },
  macgyver: {
    label: 'MacGyver problems (XLSX or CSV)',
    columns: 'ID, Problem, Solvable?, Unconventional?, Solution[, Label]',
    description: 'Everyday problems needing creative use of the items at hand; category E.',
    category: 'E',
    hasResponses: false,
  },
  'generic-csv': {
    label: 'CSV with a column mapping',
    columns: 'any; map prompt (and optionally category, answer, id, response, model)',
    description: 'Your own prompts, or existing responses with one row per response.',
    hasResponses: false,
  },
  'generic-jsonl': {
    label: 'JSONL with a key mapping',
    columns: 'any; map prompt (and optionally category, answer, id, response, model)',
    description: 'Your own prompts, or existing responses (a response key may hold a list).',
    hasResponses: false,
  },
  'generic-xlsx': {
    label: 'Excel sheet with a column mapping',
    columns: 'any; map prompt (and optionally category, answer, id, response, model)',
    description: 'The first sheet of a workbook, read like a CSV.',
    hasResponses: false,
  },
};

/** Options of parseDataset and detectColumns. */
export interface ParseOptions {
  /** Column mapping for generic files; without it the suggested mapping is used when it finds a prompt column. */
  mapping?: ColumnMapping;
  /** Skip detection and read the file as this format (its required columns are then checked). */
  format?: ImportFormat;
  /** Largest accepted file in bytes (default 50 MB). */
  maxBytes?: number;
  /** Answer type for generic gold answers (default: 'math' for category D, else 'short'). */
  answerType?: AnswerType;
}

type Container = 'csv' | 'jsonl' | 'xlsx';

/** Parsed file contents before format-specific mapping. */
type Source =
  | { container: 'csv' | 'xlsx'; table: Table; warnings: readonly string[] }
  | { container: 'jsonl'; rows: JsonlRow[]; warnings: readonly string[] };

const CONTAINER_OF: Readonly<Record<ImportFormat, Container | 'table'>> = {
  simpleqa: 'csv',
  math500: 'jsonl',
  'noveltybench-curated': 'jsonl',
  'noveltybench-wildchat': 'jsonl',
  'noveltybench-generations': 'jsonl',
  macgyver: 'table',
  'generic-csv': 'csv',
  'generic-jsonl': 'jsonl',
  'generic-xlsx': 'xlsx',
};

/** Reads bytes or text into a table or JSONL records, choosing the container by name and content. */
function readSource(fileName: string, input: string | Uint8Array, options: ParseOptions): Source {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof input === 'string' ? undefined : input.byteLength;
  if (size === 0 || input === '') {
    throw new ImportError(
      fileName,
      'empty',
      'The file is empty. Choose a file with a header row and data.',
    );
  }
  if (/\.xls$/i.test(fileName)) {
    throw new ImportError(
      fileName,
      'unknown-format',
      'Old .xls workbooks are not supported. Save the sheet as .xlsx or as CSV UTF-8.',
    );
  }
  if (typeof input !== 'string' && (looksLikeZip(input) || /\.xlsx$/i.test(fileName))) {
    checkSize(fileName, input.byteLength, maxBytes);
    const table = readXlsx(fileName, input, maxBytes * 4);
    return { container: 'xlsx', table, warnings: table.warnings };
  }
  if (typeof input === 'string' && /\.xlsx$/i.test(fileName)) {
    throw new ImportError(
      fileName,
      'malformed',
      'An .xlsx workbook must be read as bytes, not text. Pass the file contents as a Uint8Array.',
    );
  }
  const text = toText(fileName, input, maxBytes);
  if (text.trim() === '') {
    throw new ImportError(
      fileName,
      'empty',
      'The file is empty. Choose a file with a header row and data.',
    );
  }
  if (containerOfText(fileName, text) === 'jsonl') {
    return { container: 'jsonl', rows: readJsonl(fileName, text), warnings: [] };
  }
  return { container: 'csv', table: readCsv(fileName, text), warnings: [] };
}

/** JSONL by extension, or by a first non-blank character of "{" when the extension says nothing. */
function containerOfText(fileName: string, text: string): 'csv' | 'jsonl' {
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  if (/\.(csv|tsv)$/i.test(fileName)) return 'csv';
  return /^\s*\{/.test(text) ? 'jsonl' : 'csv';
}

/** The benchmark a table header belongs to, if any (matched case-insensitively). */
function tableFormat(table: Table): ImportFormat | undefined {
  const has = (name: string): boolean => table.header.some((h) => h.toLowerCase() === name);
  if (has('id') && has('problem') && has('solvable?') && has('solution')) return 'macgyver';
  if (has('metadata') && has('problem') && has('answer')) return 'simpleqa';
  return undefined;
}

/** The benchmark a JSONL file belongs to, judged by the keys of its first record. */
function jsonlFormat(rows: readonly JsonlRow[]): ImportFormat | undefined {
  const first = rows[0]!.value;
  const has = (key: string): boolean => Object.hasOwn(first, key);
  if (has('generations') && has('prompt')) return 'noveltybench-generations';
  if (has('prompt_paraphrases') || (has('category') && /^curated-/.test(String(first.id)))) {
    return 'noveltybench-curated';
  }
  if (has('original_prompt') || /^WildChat-/.test(String(first.id))) return 'noveltybench-wildchat';
  if (has('problem') && has('unique_id')) return 'math500';
  return undefined;
}

function detect(source: Source): ImportFormat {
  if (source.container === 'jsonl') return jsonlFormat(source.rows) ?? 'generic-jsonl';
  return (
    tableFormat(source.table) ?? (source.container === 'xlsx' ? 'generic-xlsx' : 'generic-csv')
  );
}

/** Throws when a forced format cannot be read from this kind of file. */
function checkForcedFormat(fileName: string, format: ImportFormat, source: Source): void {
  const wanted = CONTAINER_OF[format];
  const ok =
    wanted === source.container ||
    (wanted === 'table' && source.container !== 'jsonl') ||
    (format === 'generic-csv' && source.container === 'xlsx');
  if (!ok) {
    throw new ImportError(
      fileName,
      'unknown-format',
      `${IMPORT_FORMATS[format].label} cannot be read from a ${source.container.toUpperCase()} file. Choose another format or another file.`,
    );
  }
}

/**
 * Reads a dataset file and returns its items. Detects SimpleQA, MATH-500, NoveltyBench (prompts,
 * WildChat prompts, generations), MacGyver and generic CSV/JSONL/XLSX (through `options.mapping`
 * or, failing that, the suggested mapping). Accepts a BOM, CRLF and quoted line breaks. Any
 * problem throws an ImportError naming the file, line and field; nothing is returned partially.
 * @param fileName the file's name, used for detection and in messages
 * @param input the file's text, or its bytes (required for .xlsx; decoded as strict UTF-8 otherwise)
 */
export function parseDataset(
  fileName: string,
  input: string | Uint8Array,
  options: ParseOptions = {},
): ParseResult {
  const source = readSource(fileName, input, options);
  const format = options.format ?? detect(source);
  if (options.format !== undefined) checkForcedFormat(fileName, options.format, source);
  const warnings = [...source.warnings];

  const finish = (out: FormatOutput, rowCount: number, mapping?: ColumnMapping): ParseResult => {
    const result: ParseResult = {
      format,
      items: out.items,
      warnings: [...warnings, ...out.warnings],
      rowCount,
    };
    if (mapping) result.mapping = mapping;
    if (out.categoryMapping) result.categoryMapping = out.categoryMapping;
    return result;
  };

  if (source.container === 'jsonl') {
    const rows = source.rows;
    switch (format) {
      case 'math500':
        return finish(fromMath500(fileName, rows), rows.length);
      case 'noveltybench-curated':
        return finish(fromNoveltyBenchCurated(fileName, rows), rows.length);
      case 'noveltybench-wildchat':
        return finish(fromNoveltyBenchWildChat(fileName, rows), rows.length);
      case 'noveltybench-generations':
        return finish(fromNoveltyBenchGenerations(fileName, rows), rows.length);
      default: {
        const mapping = chooseMapping(fileName, jsonlColumns(rows), options, warnings, 'line');
        const items = fromJsonl(fileName, rows, mapping, options);
        return finish({ items, warnings: [] }, rows.length, mapping);
      }
    }
  }
  const table = source.table;
  switch (format) {
    case 'simpleqa':
      return finish(fromSimpleQa(fileName, table), table.rows.length);
    case 'macgyver':
      return finish(fromMacGyver(fileName, table), table.rows.length);
    default: {
      const mapping = chooseMapping(
        fileName,
        table.header,
        options,
        warnings,
        table.unit,
        table.headerLine,
      );
      const items = fromTable(fileName, table, mapping, options);
      return finish({ items, warnings: [] }, table.rows.length, mapping);
    }
  }
}

/** The given mapping, or the suggested one (with a warning saying so), or an error asking for one. */
function chooseMapping(
  fileName: string,
  columns: readonly string[],
  options: ParseOptions,
  warnings: string[],
  unit: 'line' | 'row',
  line?: number,
): ColumnMapping {
  if (options.mapping) return options.mapping;
  const suggested = suggestMapping(columns);
  if (suggested.prompt === undefined) {
    throw new ImportError(
      fileName,
      'missing-column',
      `No column looks like the prompt. Map the columns first; the file's columns are: ${columns.join(', ')}.`,
      { line, field: 'prompt', unit },
    );
  }
  const described = Object.entries(suggested)
    .map(([field, column]) => `${field} <- "${column}"`)
    .join(', ');
  warnings.push(`No column mapping was given, so the suggested one was used: ${described}.`);
  return suggested as ColumnMapping;
}

/** What a mapping step needs to know about a file. */
export interface ColumnInfo {
  /** The format parseDataset would detect without options. */
  format: ImportFormat;
  container: Container;
  /** Header names (CSV/XLSX) or keys of the first records (JSONL), in file order. */
  columns: string[];
  /** A best guess for each field; `prompt` is absent when nothing looks like a prompt column. */
  suggested: Partial<ColumnMapping>;
  /** The first records as display text (cells cut to PREVIEW_CHARS), for a preview table. */
  preview: Record<string, string>[];
  rowCount: number;
}

const PREVIEW_ROWS = 5;

/**
 * Lists a file's columns and a suggested mapping for the mapping step, with a short preview.
 * Throws the same ImportErrors as parseDataset for unreadable files.
 */
export function detectColumns(
  fileName: string,
  input: string | Uint8Array,
  options: Pick<ParseOptions, 'maxBytes'> = {},
): ColumnInfo {
  const source = readSource(fileName, input, options);
  const format = detect(source);
  if (source.container === 'jsonl') {
    const columns = jsonlColumns(source.rows);
    // Records may each be within the limit and still bring thousands of different keys.
    checkColumnCount(
      fileName,
      columns.length,
      { line: source.rows[0]!.line, unit: 'line' },
      'keys',
    );
    const preview = source.rows.slice(0, PREVIEW_ROWS).map((row) => {
      const out: Record<string, string> = {};
      for (const key of columns) {
        const value = row.value[key];
        if (value === undefined || !Object.hasOwn(row.value, key)) continue;
        Object.defineProperty(out, key, {
          value: previewText(typeof value === 'string' ? value : JSON.stringify(value)),
          enumerable: true,
        });
      }
      return out;
    });
    return {
      format,
      container: 'jsonl',
      columns,
      suggested: suggestMapping(columns),
      preview,
      rowCount: source.rows.length,
    };
  }
  const { table } = source;
  const preview = table.rows.slice(0, PREVIEW_ROWS).map((row) => {
    const out: Record<string, string> = {};
    table.header.forEach((h, i) =>
      Object.defineProperty(out, h, { value: previewText(row.cells[i] ?? ''), enumerable: true }),
    );
    return out;
  });
  return {
    format,
    container: source.container,
    columns: [...table.header],
    suggested: suggestMapping(table.header),
    preview,
    rowCount: table.rows.length,
  };
}
