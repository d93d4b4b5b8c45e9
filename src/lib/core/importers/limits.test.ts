// Table tests for the import shape limits: the column and cell-size checks at their boundaries,
// and CSV and JSONL files that break them stopping at the first offending row with its location.
import { describe, expect, it } from 'vitest';
import { detectColumns, parseDataset } from '../importers';
import { readCsv } from './csv';
import { ImportError } from './errors';
import { readJsonl } from './jsonl';
import {
  checkCellSize,
  checkColumnCount,
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  PREVIEW_CHARS,
  previewText,
} from './limits';

const BIG = 'x'.repeat(MAX_CELL_CHARS + 1);
const columns = (n: number, prefix = 'c'): string =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(',');

/** The ImportError `read` throws (fails the test when it throws none). */
function errorOf(read: () => unknown): ImportError {
  try {
    read();
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

describe('checkColumnCount and checkCellSize', () => {
  it.each<[string, () => void, string | null]>([
    [
      '1,000 columns pass',
      () => checkColumnCount('a.csv', MAX_COLUMNS, { line: 1, unit: 'line' }),
      null,
    ],
    [
      '1,001 columns fail',
      () => checkColumnCount('a.csv', MAX_COLUMNS + 1, { line: 1, unit: 'line' }),
      'a.csv, line 1: This row has 1,001 columns, more than the 1,000 an import reads. Keep only the columns you need (such as prompt, category, answer, id, response and model) and import the file again.',
    ],
    [
      'JSONL keys are called keys, spreadsheets have rows',
      () => checkColumnCount('a.xlsx', 5, { line: 3, unit: 'row' }, 'keys', 4),
      'a.xlsx, row 3: This row has 5 keys, more than the 4 an import reads. Keep only the columns you need (such as prompt, category, answer, id, response and model) and import the file again.',
    ],
    [
      'a cell at the limit passes',
      () =>
        checkCellSize('a.csv', 'x'.repeat(MAX_CELL_CHARS), { line: 2, unit: 'line', field: 'p' }),
      null,
    ],
    [
      'a cell one character over fails, naming line and column',
      () => checkCellSize('a.csv', BIG, { line: 2, unit: 'line', field: 'prompt' }),
      'a.csv, line 2, field "prompt": This cell holds 1,000,001 characters, more than the 1,000,000 a cell may hold. If it should be shorter, look for a double quote (") opened before it and closed much later: everything in between becomes one cell. Otherwise shorten the text or leave the column out.',
    ],
  ])('%s', (_, check, message) => {
    if (message === null) expect(check).not.toThrow();
    else expect(check).toThrow(message);
  });
});

describe('files over the limits', () => {
  it.each<[string, () => unknown, string, number, string | undefined]>([
    [
      'a CSV header with 1,000,000 columns',
      () => readCsv('wide.csv', `${columns(1_000_000)}\n${columns(1_000_000, '')}\n`),
      'too-many-columns',
      1,
      undefined,
    ],
    [
      'a CSV data row wider than the limit',
      () => readCsv('wide.csv', `prompt\nhello\n${columns(MAX_COLUMNS + 1)}\n`),
      'too-many-columns',
      3,
      undefined,
    ],
    [
      'a CSV cell over the limit, named by its header',
      () => readCsv('big.csv', `id,prompt\n1,short\n2,"${BIG}"\n`),
      'cell-too-large',
      3,
      'prompt',
    ],
    [
      'a CSV header cell over the limit',
      () => readCsv('big.csv', `id,${BIG}\n1,2\n`),
      'cell-too-large',
      1,
      'column 2',
    ],
    [
      'a CSV cell under a blank header name',
      () => readCsv('big.csv', `id, \n1,"${BIG}"\n`),
      'cell-too-large',
      2,
      'column 2',
    ],
    [
      // The broken quote after the big cell is never reached: reading stopped at the cell.
      'a CSV that breaks the limit before a broken quote',
      () => readCsv('big.csv', `id,prompt\n1,"${BIG}"\n2,"never closed\n`),
      'cell-too-large',
      2,
      'prompt',
    ],
    [
      'a JSONL record with too many keys',
      () =>
        readJsonl(
          'wide.jsonl',
          `{"prompt":"a"}\n${JSON.stringify(Object.fromEntries(Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => [`k${i}`, i])))}\n`,
        ),
      'too-many-columns',
      2,
      undefined,
    ],
    [
      'a JSONL string over the limit',
      () => readJsonl('big.jsonl', `{"prompt":"a"}\n{"prompt":"b","response":"${BIG}"}\n`),
      'cell-too-large',
      2,
      'response',
    ],
    [
      'a JSONL string nested in a list',
      () => readJsonl('big.jsonl', `{"prompt":"a","generations":["ok","${BIG}"]}\n`),
      'cell-too-large',
      1,
      'generations',
    ],
    [
      'JSONL records that each pass but together bring too many keys',
      () =>
        detectColumns(
          'keys.jsonl',
          Array.from({ length: 50 }, (_, r) =>
            JSON.stringify(
              Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${r}-${i}`, i])),
            ),
          ).join('\n'),
        ),
      'too-many-columns',
      1,
      undefined,
    ],
    [
      'parseDataset reports the limit, not a mapping problem',
      () => parseDataset('big.csv', `question,notes\nhi,"${BIG}"\n`),
      'cell-too-large',
      2,
      'notes',
    ],
  ])('%s', (_, read, code, line, field) => {
    const err = errorOf(read);
    expect(err.code).toBe(code);
    expect(err.line).toBe(line);
    expect(err.field).toBe(field);
  });

  it('reads files at the limits', () => {
    const csv = `${columns(MAX_COLUMNS)}\n${'x'.repeat(MAX_CELL_CHARS)}${',1'.repeat(MAX_COLUMNS - 1)}\n`;
    const table = readCsv('edge.csv', csv);
    expect(table.header).toHaveLength(MAX_COLUMNS);
    expect(table.rows[0]!.cells[0]).toHaveLength(MAX_CELL_CHARS);
  });
});

describe('previewText', () => {
  it.each<[string, string, string]>([
    ['short text is kept', 'hello', 'hello'],
    ['text at the limit is kept', 'x'.repeat(PREVIEW_CHARS), 'x'.repeat(PREVIEW_CHARS)],
    [
      'longer text is cut with an ellipsis',
      'x'.repeat(PREVIEW_CHARS + 1),
      `${'x'.repeat(PREVIEW_CHARS)}…`,
    ],
  ])('%s', (_, text, expected) => {
    expect(previewText(text)).toBe(expected);
  });

  it('cuts long cells in the column preview', () => {
    const info = detectColumns('p.csv', `question,notes\nhi,${'y'.repeat(5000)}\n`);
    expect(info.preview[0]!.notes).toBe(`${'y'.repeat(PREVIEW_CHARS)}…`);
  });
});
