// Reads the first sheet of an XLSX workbook into a header and rows (fflate unzips, fast-xml-parser reads XML).
// Handles shared strings and inline strings, the two layouts the MacGyver files use; no DOM needed.
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { ImportError } from './errors';
import { normalizeHeader, type Table, type TableRow } from './csv';
import { checkColumnCount, checkRowCells } from './limits';
import { formatBytes } from './text';

/** True when the bytes start like a ZIP archive, which every XLSX file is. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Tags that may repeat; forcing arrays spares every reader a "one or many" check. */
const ARRAY_TAGS = new Set(['sheet', 'Relationship', 'si', 'r', 'row', 'c']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Cell text must stay text: "007" is an id, not the number 7.
  parseTagValue: false,
  parseAttributeValue: false,
  // Leading and trailing spaces in cells are data (xml:space="preserve").
  trimValues: false,
  // Decodes numeric character references such as &#13; that Excel writes for carriage returns.
  htmlEntities: true,
  isArray: (tagName) => ARRAY_TAGS.has(tagName),
});

type XmlNode = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: unknown, key: string): unknown {
  return isNode(node) ? node[key] : undefined;
}

function children(node: unknown, key: string): unknown[] {
  const value = child(node, key);
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function attr(node: unknown, name: string): string | undefined {
  const value = child(node, `@_${name}`);
  return typeof value === 'string' ? value : undefined;
}

/** Text of a `<t>`-like element, which the parser gives as a string or as {#text, @_xml:space}. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  const text = child(node, '#text');
  return text === undefined ? '' : textOf(text);
}

/** Text of a string item (`<si>` or `<is>`): plain `<t>` or rich-text runs `<r><t>`; phonetic hints are skipped. */
function stringItemText(node: unknown): string {
  let text = children(node, 't').map(textOf).join('');
  for (const run of children(node, 'r')) text += children(run, 't').map(textOf).join('');
  return text;
}

/** OOXML escapes control characters as _xHHHH_ and line breaks often arrive as CRLF. */
function cleanCellText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\r\n?/g, '\n');
}

/** 0-based column index of a cell reference such as "AB12". */
function columnIndex(ref: string): number | undefined {
  const letters = /^([A-Z]+)\d*$/i.exec(ref)?.[1];
  if (letters === undefined) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A sheet from the workbook, as `readXlsx` returns it. */
export interface XlsxTable extends Table {
  readonly sheetName: string;
  readonly warnings: readonly string[];
}

/**
 * Reads the first worksheet of an XLSX file. `maxUnzippedBytes` bounds the XML it inflates, so
 * a small archive that expands enormously is refused before it is decompressed.
 */
export function readXlsx(fileName: string, bytes: Uint8Array, maxUnzippedBytes: number): XlsxTable {
  const notWorkbook = (detail: string): ImportError =>
    new ImportError(
      fileName,
      'malformed',
      `The file cannot be read as an Excel workbook (${detail}). Save it again as .xlsx, or export the sheet as CSV UTF-8.`,
    );
  if (!looksLikeZip(bytes)) throw notWorkbook('it is not a ZIP-based .xlsx file');

  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        const wanted =
          file.name === 'xl/workbook.xml' ||
          file.name === 'xl/_rels/workbook.xml.rels' ||
          file.name === 'xl/sharedStrings.xml' ||
          /^xl\/worksheets\/[^/]+\.xml$/.test(file.name);
        if (!wanted) return false;
        total += file.originalSize;
        if (total > maxUnzippedBytes) {
          throw new ImportError(
            fileName,
            'too-large',
            `The workbook expands to more than ${formatBytes(maxUnzippedBytes)} of sheet data. Split it or export a sample as CSV.`,
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw notWorkbook(error instanceof Error ? error.message : 'the archive is damaged');
  }

  const decoder = new TextDecoder('utf-8');
  const xml = (path: string): unknown => {
    const data = files[path];
    if (data === undefined) return undefined;
    try {
      return parser.parse(decoder.decode(data));
    } catch (error) {
      throw notWorkbook(`${path}: ${error instanceof Error ? error.message : 'bad XML'}`);
    }
  };

  const warnings: string[] = [];
  const workbook = xml('xl/workbook.xml');
  const sheets = children(child(child(workbook, 'workbook'), 'sheets'), 'sheet');
  const first = sheets[0];
  const sheetName = attr(first, 'name') ?? 'Sheet1';
  if (sheets.length > 1) {
    warnings.push(
      `Only the first sheet, "${sheetName}", was read; the workbook has ${sheets.length} sheets.`,
    );
  }
  const sheetPath = resolveSheetPath(attr(first, 'r:id'), xml('xl/_rels/workbook.xml.rels'), files);
  const sheet = sheetPath === undefined ? undefined : xml(sheetPath);
  const sheetData = child(child(sheet, 'worksheet'), 'sheetData');
  if (sheetData === undefined) throw notWorkbook('it has no worksheet');

  const shared = children(child(xml('xl/sharedStrings.xml'), 'sst'), 'si').map((si) =>
    cleanCellText(stringItemText(si)),
  );

  const rows: TableRow[] = [];
  let rowNumber = 0;
  for (const row of children(sheetData, 'row')) {
    rowNumber = Number(attr(row, 'r') ?? rowNumber + 1);
    const cells: string[] = [];
    let position = 0;
    for (const cell of children(row, 'c')) {
      const ref = attr(cell, 'r');
      const col = (ref === undefined ? undefined : columnIndex(ref)) ?? position;
      position = col + 1;
      // Checked before padding: a cell at column XFD (or a forged reference) would otherwise
      // make thousands or billions of empty cells.
      checkColumnCount(fileName, col + 1, { line: rowNumber, unit: 'row' });
      while (cells.length < col) cells.push('');
      cells[col] = cellText(cell, shared);
    }
    checkRowCells(fileName, cells, { line: rowNumber, unit: 'row' }, rows[0]?.cells);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowNumber, cells });
  }

  const [headerRow, ...dataRows] = rows;
  if (headerRow === undefined) {
    throw new ImportError(
      fileName,
      'empty',
      `The sheet "${sheetName}" is empty. It needs a header row and data.`,
    );
  }
  const width = rows.reduce((max, r) => Math.max(max, r.cells.length), 0);
  const header = normalizeHeader(fileName, pad(headerRow.cells, width), headerRow.line, 'row');
  if (dataRows.length === 0) {
    throw new ImportError(
      fileName,
      'empty',
      `The sheet "${sheetName}" has a header (${header.join(', ')}) but no data rows.`,
      { line: headerRow.line + 1, unit: 'row' },
    );
  }
  return {
    header,
    headerLine: headerRow.line,
    rows: dataRows.map((r) => ({ line: r.line, cells: pad(r.cells, width) })),
    unit: 'row',
    sheetName,
    warnings,
  };
}

function pad(cells: readonly string[], width: number): string[] {
  const out = [...cells];
  while (out.length < width) out.push('');
  return out;
}

/** Path of the first sheet: from the workbook relationships, else the first worksheet file. */
function resolveSheetPath(
  relId: string | undefined,
  rels: unknown,
  files: Readonly<Record<string, Uint8Array>>,
): string | undefined {
  const rel = children(child(rels, 'Relationships'), 'Relationship').find(
    (r) => attr(r, 'Id') === relId,
  );
  const target = attr(rel, 'Target');
  if (target !== undefined) {
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (files[path] !== undefined) return path;
  }
  return Object.keys(files)
    .filter((name) => name.startsWith('xl/worksheets/'))
    .sort()[0];
}

/** Display text of one `<c>` cell for each cell type Excel writes. */
function cellText(cell: unknown, shared: readonly string[]): string {
  const type = attr(cell, 't');
  const value = textOf(child(cell, 'v'));
  switch (type) {
    case 's':
      return shared[Number(value)] ?? '';
    case 'inlineStr':
      return cleanCellText(stringItemText(child(cell, 'is')));
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    default:
      // Numbers, formula strings ('str') and errors ('e') are stored as their text.
      return cleanCellText(value);
  }
}
