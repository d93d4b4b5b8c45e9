// JSON Lines reading: one JSON object per physical line, blank lines ignored, CRLF accepted.
// Each record keeps its line number so schema errors can name the exact line.
import { ImportError } from './errors';
import { checkColumnCount, checkRecordStrings } from './limits';

/** One JSONL record and its 1-based line. */
export interface JsonlRow {
  readonly line: number;
  readonly value: Readonly<Record<string, unknown>>;
}

/**
 * Parses JSONL text. Throws ImportError on the first line that is not a JSON object (with the
 * parser's message), holds a record over the key or string-size limit (limits.ts), and when
 * there is no record at all.
 */
export function readJsonl(fileName: string, text: string): JsonlRow[] {
  const rows: JsonlRow[] = [];
  if (/^\s*\[/.test(text)) {
    // A common mix-up: a .json export holding one array instead of one object per line.
    throw new ImportError(
      fileName,
      'malformed',
      'The file holds a JSON array. JSON Lines needs one JSON object per line: write each element of the array on its own line, without the enclosing [ ].',
      { line: 1 },
    );
  }
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const source = lines[i]!.trim();
    if (source === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ImportError(
        fileName,
        'malformed',
        `This line is not valid JSON (${detail}). Each line must hold one complete JSON object, such as {"prompt": "..."}.`,
        { line },
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ImportError(
        fileName,
        'malformed',
        `This line holds ${describeJson(value)}, not a JSON object. Each line must be one object, such as {"prompt": "..."}.`,
        { line },
      );
    }
    const record = value as Record<string, unknown>;
    checkColumnCount(fileName, Object.keys(record).length, { line, unit: 'line' }, 'keys');
    checkRecordStrings(fileName, record, { line, unit: 'line' });
    rows.push({ line, value: record });
  }
  if (rows.length === 0) {
    throw new ImportError(
      fileName,
      'empty',
      'The file is empty. It needs one JSON object per line.',
    );
  }
  return rows;
}

/** "an array", "a string", ... for messages about unexpected JSON values. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
