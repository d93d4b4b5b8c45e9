// Shape limits of imported files: how many columns a row and how many characters a cell may have
// (readers stop at the first breach, naming line and column), and how much of a cell a preview shows.
import { ImportError } from './errors';

/** Most columns (CSV/XLSX) or keys (JSONL) one row may have. */
export const MAX_COLUMNS = 1000;

/** Most characters one cell (or JSONL string value) may hold: about 1 MB of text. */
export const MAX_CELL_CHARS = 1_000_000;

/** Where a row or cell is, as ImportError names it. */
export interface LimitWhere {
  /** 1-based physical line (text files) or row number (spreadsheets). */
  line: number;
  unit: 'line' | 'row';
}

function count(n: number): string {
  return n.toLocaleString('en');
}

/**
 * Throws when a row has more than {@link MAX_COLUMNS} columns.
 * @param noun what a column is called in this file ('columns' or 'keys')
 */
export function checkColumnCount(
  fileName: string,
  columns: number,
  where: LimitWhere,
  noun: 'columns' | 'keys' = 'columns',
  max = MAX_COLUMNS,
): void {
  if (columns <= max) return;
  throw new ImportError(
    fileName,
    'too-many-columns',
    `This row has ${count(columns)} ${noun}, more than the ${count(max)} an import reads. ` +
      'Keep only the columns you need (such as prompt, category, answer, id, response and model) and import the file again.',
    where,
  );
}

/**
 * Throws when a cell holds more than {@link MAX_CELL_CHARS} characters.
 * @param field the column's name, or "column N" where the header is not known
 */
export function checkCellSize(
  fileName: string,
  text: string,
  where: LimitWhere & { field: string },
  max = MAX_CELL_CHARS,
): void {
  if (text.length <= max) return;
  throw new ImportError(
    fileName,
    'cell-too-large',
    `This cell holds ${count(text.length)} characters, more than the ${count(max)} a cell may hold. ` +
      'If it should be shorter, look for a double quote (") opened before it and closed much later: ' +
      'everything in between becomes one cell. Otherwise shorten the text or leave the column out.',
    where,
  );
}

/**
 * Checks every cell of a row; `header` names the columns (absent for the header row itself) as
 * the file writes them: blank names become "column N", as in the mapping step.
 */
export function checkRowCells(
  fileName: string,
  cells: readonly string[],
  where: LimitWhere,
  header?: readonly string[],
): void {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.length > MAX_CELL_CHARS) {
      checkCellSize(fileName, cell, { ...where, field: header?.[i]?.trim() || `column ${i + 1}` });
    }
  }
}

/** Checks the strings of a JSONL record, nested ones included, against the cell limit. */
export function checkRecordStrings(
  fileName: string,
  record: Readonly<Record<string, unknown>>,
  where: LimitWhere,
): void {
  const visit = (value: unknown, field: string, depth: number): void => {
    if (typeof value === 'string') {
      checkCellSize(fileName, value, { ...where, field });
    } else if (depth < 8 && typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) visit(inner, field, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(record)) visit(value, key, 0);
}

/** Characters of a cell in a preview: enough to recognise a column, cheap to lay out. */
export const PREVIEW_CHARS = 300;

/** A cell's text for a preview: its first PREVIEW_CHARS characters, with "…" when cut. */
export function previewText(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
