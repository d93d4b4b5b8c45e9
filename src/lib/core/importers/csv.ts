// CSV reading on top of papaparse, keeping the physical line each record starts on.
// Quoted cells may span lines (SimpleQA has six such rows), so line numbers come from offsets.
import Papa from 'papaparse';
import { ImportError } from './errors';
import { checkColumnCount, checkRowCells } from './limits';
import { LineCounter } from './text';

/** One data record and the physical line it starts on. */
export interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A header row and its records; shared by CSV and XLSX so the format mappers see one shape. */
export interface Table {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: readonly TableRow[];
  /** 'line' for text files, 'row' for spreadsheets: how errors should name a position. */
  readonly unit: 'line' | 'row';
}

const CANDIDATE_DELIMITERS = [',', '\t', ';'] as const;

/** How often each candidate delimiter occurs outside quotes on the first line. */
function firstLineCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (CANDIDATE_DELIMITERS as readonly string[]).includes(c)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The delimiter of a delimited text file: tab for `.tsv`, otherwise whichever of comma, tab and
 * semicolon occurs most often outside quotes on the first line (comma on a tie). Guessing on
 * the header alone is predictable, unlike sniffing data rows full of prose.
 */
export function guessDelimiter(fileName: string, text: string): string {
  return guessFrom(fileName, firstLineCounts(text));
}

function guessFrom(fileName: string, counts: ReadonlyMap<string, number>): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  let best = ',';
  for (const d of CANDIDATE_DELIMITERS) {
    if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  }
  return best;
}

/** Readable name of a delimiter for messages. */
function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon (;)' : 'comma (,)';
}

/**
 * Parses delimited text into a header and records. Blank lines are skipped; CRLF, LF and quoted
 * line breaks are accepted. Throws ImportError for an unclosed or stray quote, a record whose
 * field count differs from the header's, a repeated column name, a file without data rows, and,
 * as soon as the record is read, a record over the column or cell-size limit (limits.ts).
 */
export function readCsv(fileName: string, text: string): Table {
  const counts = firstLineCounts(text);
  const delimiter = guessFrom(fileName, counts);
  // The first line's delimiters were counted anyway: a header over the column limit is refused
  // before it is parsed.
  checkColumnCount(fileName, (counts.get(delimiter) ?? 0) + 1, { line: 1, unit: 'line' });
  const lines = new LineCounter(text);
  const records: TableRow[] = [];
  let start = 0;
  let failure: ImportError | undefined;
  const hasCr = text.includes('\r');

  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step(results, parser) {
      const line = lines.lineAt(start);
      // The cursor is where the next record starts, so it also bounds this one.
      start = results.meta.cursor;
      const problem = results.errors[0];
      if (problem !== undefined) {
        const reason =
          problem.code === 'MissingQuotes'
            ? 'A quoted field that starts on this line is never closed. Add the missing closing double quote (").'
            : `The quotes in this record are malformed (${problem.message}). Inside a quoted field, write a double quote as "".`;
        failure = new ImportError(fileName, 'malformed', reason, { line });
        parser.abort();
        return;
      }
      // A CRLF file stores line breaks inside quoted cells as CRLF too; keep cell text the same
      // whichever platform saved the file.
      // Limits are checked per record so a file that breaks them stops here, not after the
      // whole file was parsed and passed on.
      try {
        checkColumnCount(fileName, results.data.length, { line, unit: 'line' });
        checkRowCells(fileName, results.data, { line, unit: 'line' }, records[0]?.cells);
      } catch (err) {
        failure = err as ImportError;
        parser.abort();
        return;
      }
      const cells = hasCr ? results.data.map((cell) => cell.replace(/\r\n?/g, '\n')) : results.data;
      if (cells.every((cell) => cell.trim() === '')) return;
      records.push({ line, cells });
    },
  });
  if (failure) throw failure;

  const [headerRow, ...rows] = records;
  if (headerRow === undefined) {
    throw new ImportError(fileName, 'empty', 'The file is empty. It needs a header row and data.');
  }
  const header = normalizeHeader(fileName, headerRow.cells, headerRow.line, 'line');
  if (rows.length === 0) {
    throw new ImportError(
      fileName,
      'empty',
      `The file has a header (${header.join(', ')}) but no data rows.`,
      { line: headerRow.line + 1 },
    );
  }
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new ImportError(
        fileName,
        'malformed',
        `This record has ${row.cells.length} fields but the header has ${header.length}. ` +
          `A value that contains a ${delimiterName(delimiter)} or a line break must be wrapped in double quotes.`,
        { line: row.line },
      );
    }
  }
  return { header, headerLine: headerRow.line, rows, unit: 'line' };
}

/**
 * Trims header names, names blank ones "column N" (pandas writes a blank index column) and
 * rejects a name used twice, since a mapping by name would then be ambiguous.
 */
export function normalizeHeader(
  fileName: string,
  cells: readonly string[],
  line: number,
  unit: 'line' | 'row',
): string[] {
  const header = cells.map((cell, i) => cell.trim() || `column ${i + 1}`);
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) {
      throw new ImportError(
        fileName,
        'malformed',
        `The column name "${name}" is used twice (columns ${earlier + 1} and ${i + 1}). Rename one of them.`,
        { line, field: name, unit },
      );
    }
    seen.set(name.toLowerCase(), i);
  });
  return header;
}
