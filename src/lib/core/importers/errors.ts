// The single error type every importer throws, so the UI can point the user at a file, line and field.
// Messages are written for the person who has to fix the file, not for a developer.

/** Why an import was rejected; lets the UI pick an icon or a help link without parsing the text. */
export type ImportErrorCode =
  | 'empty'
  | 'too-large'
  | 'too-many-columns'
  | 'cell-too-large'
  | 'encoding'
  | 'malformed'
  | 'missing-column'
  | 'invalid-value'
  | 'duplicate-id'
  | 'unknown-format';

/** Where in the file the problem is. */
export interface ImportErrorLocation {
  /** 1-based physical line of a text file, or 1-based row number of a spreadsheet. */
  readonly line?: number;
  readonly field?: string;
  /** How to name `line` in the message: spreadsheets have rows, not lines (default 'line'). */
  readonly unit?: 'line' | 'row';
}

/**
 * A file that cannot be imported. `message` names the file, line and field and says what to fix;
 * `reason` is the same advice without the location prefix.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly fileName: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly code: ImportErrorCode;
  readonly reason: string;

  /**
   * @param fileName the file the user picked
   * @param code machine-readable kind of problem
   * @param reason what is wrong and how to fix it
   * @param where line and field, when known
   */
  constructor(
    fileName: string,
    code: ImportErrorCode,
    reason: string,
    where: ImportErrorLocation = {},
  ) {
    super(formatLocation(fileName, where) + reason);
    this.fileName = fileName;
    this.code = code;
    this.reason = reason;
    this.line = where.line;
    this.field = where.field;
  }
}

/** "data.csv, line 4, field "answer": " — the prefix of every import error message. */
function formatLocation(fileName: string, where: ImportErrorLocation): string {
  let text = fileName || 'The file';
  if (where.line !== undefined) text += `, ${where.unit ?? 'line'} ${where.line}`;
  if (where.field !== undefined) text += `, field "${where.field}"`;
  return `${text}: `;
}
