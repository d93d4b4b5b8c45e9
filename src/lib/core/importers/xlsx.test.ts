// Table tests for the XLSX reader on workbooks built here in the two layouts MacGyver publishes:
// shared strings (problem_solution_pair.xlsx) and inline strings (additional_human_solutions.xlsx).
import { describe, it, expect } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readXlsx, looksLikeZip } from './xlsx';
import { MAX_CELL_CHARS } from './limits';
import { ImportError } from './errors';
import { parseDataset } from '../importers';

type Cell = string | number | null;

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

const colName = (i: number): string => String.fromCharCode(65 + i);

/**
 * A minimal but complete workbook: workbook.xml, its relationships and one sheet per entry of
 * `sheets`. Numbers become untyped numeric cells (as the real files store some IDs); strings
 * become shared strings (with xml:space="preserve" when padded) or inline strings.
 */
function makeXlsx(sheets: Cell[][][], layout: 'shared' | 'inline'): Uint8Array {
  const shared: string[] = [];
  const files: Record<string, Uint8Array> = {};
  sheets.forEach((rows, s) => {
    const xmlRows = rows
      .map((cells, r) => {
        const xmlCells = cells
          .map((cell, c) => {
            const ref = `${colName(c)}${r + 1}`;
            if (cell === null) return '';
            if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
            const space = cell !== cell.trim() ? ' xml:space="preserve"' : '';
            if (layout === 'inline') {
              return `<c r="${ref}" t="inlineStr"><is><t${space}>${escapeXml(cell)}</t></is></c>`;
            }
            shared.push(cell);
            return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${xmlCells}</row>`;
      })
      .join('');
    files[`xl/worksheets/sheet${s + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xmlRows}</sheetData></worksheet>`,
    );
  });
  const sheetList = sheets
    .map((_, s) => `<sheet name="Sheet${s + 1}" sheetId="${s + 1}" r:id="rId${s + 1}"/>`)
    .join('');
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetList}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map(
        (_, s) =>
          `<Relationship Id="rId${s + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${s + 1}.xml"/>`,
      )
      .join('')}</Relationships>`,
  );
  if (layout === 'shared') {
    files['xl/sharedStrings.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared
        .map(
          (s) => `<si><t${s !== s.trim() ? ' xml:space="preserve"' : ''}>${escapeXml(s)}</t></si>`,
        )
        .join('')}</sst>`,
    );
  }
  return zipSync(files);
}

const HEADER: Cell[] = ['ID', 'Problem', 'Solvable?', 'Unconventional?', 'Solution', 'Label'];
const MACGYVER_ROWS: Cell[][] = [
  HEADER,
  [
    '9001',
    'You need to open a jar with a stuck lid. You have a rubber band & a towel. How do you open it?',
    'Yes',
    'unconventional',
    'Step1: Wrap the band around the lid. <br>\r\nStep2: Twist with the towel.',
    'efficient',
  ],
  [
    9002,
    ' Your kite is stuck in a tree. You have a broom and a ball of string. ',
    'No',
    'N/A',
    'Unsolvable.',
    'none',
  ],
];

/** A workbook whose only sheet has the given `<row>` elements, written by hand. */
function sheetXml(rows: string): Uint8Array {
  const files = unzipSync(makeXlsx([[['placeholder']]], 'inline'));
  files['xl/worksheets/sheet1.xml'] = strToU8(
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
  );
  return zipSync(files);
}

describe('readXlsx', () => {
  it.each(['shared', 'inline'] as const)('reads a %s-strings sheet as a table', (layout) => {
    const table = readXlsx('m.xlsx', makeXlsx([MACGYVER_ROWS], layout), 1e7);
    expect(table.header).toEqual(HEADER);
    expect(table.unit).toBe('row');
    expect(table.sheetName).toBe('Sheet1');
    expect(table.rows.map((r) => r.line)).toEqual([2, 3]);
    // Entities decode, CRLF from &#13; becomes LF, padding is kept, numeric IDs stay text.
    expect(table.rows[0]?.cells[1]).toContain('rubber band & a towel');
    expect(table.rows[0]?.cells[4]).toBe(
      'Step1: Wrap the band around the lid. <br>\nStep2: Twist with the towel.',
    );
    expect(table.rows[1]?.cells[0]).toBe('9002');
    expect(table.rows[1]?.cells[1]).toBe(
      ' Your kite is stuck in a tree. You have a broom and a ball of string. ',
    );
  });

  it.each<[string, Cell[][], number[], string[][]]>([
    [
      'missing cells are padded',
      [['a', 'b', 'c'], ['1', null, '3'], ['4']],
      [2, 3],
      [
        ['1', '', '3'],
        ['4', '', ''],
      ],
    ],
    ['blank rows are skipped', [['a'], [''], ['x'], [null], ['y']], [3, 5], [['x'], ['y']]],
    ['a header-less extra column gets a name', [['a'], ['1', 'extra']], [2], [['1', 'extra']]],
  ])('%s', (_, rows, lines, cells) => {
    const table = readXlsx('t.xlsx', makeXlsx([rows], 'shared'), 1e7);
    expect(table.rows.map((r) => r.line)).toEqual(lines);
    expect(table.rows.map((r) => r.cells)).toEqual(cells);
  });

  it('names a blank header cell by its position', () => {
    const table = readXlsx('t.xlsx', makeXlsx([[['a'], ['1', 'extra']]], 'inline'), 1e7);
    expect(table.header).toEqual(['a', 'column 2']);
  });

  it('reads only the first sheet and says so', () => {
    const book = makeXlsx(
      [
        [['prompt'], ['first']],
        [['prompt'], ['second']],
      ],
      'shared',
    );
    const table = readXlsx('t.xlsx', book, 1e7);
    expect(table.rows[0]?.cells).toEqual(['first']);
    expect(table.warnings).toEqual([
      'Only the first sheet, "Sheet1", was read; the workbook has 2 sheets.',
    ]);
  });

  it('decodes rich-text runs and _xHHHH_ escapes in shared strings', () => {
    const book = makeXlsx([[['prompt'], ['placeholder']]], 'shared');
    const files: Record<string, Uint8Array> = {};
    // Rebuild with a hand-written sharedStrings.xml holding runs and an escaped tab.
    for (const [name, data] of Object.entries(unzipSync(book))) files[name] = data;
    files['xl/sharedStrings.xml'] = strToU8(
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>prompt</t></si><si><r><t>Bold</t></r><r><rPr><b/></rPr><t xml:space="preserve"> and_x0009_plain</t></r><rPh><t>ignored</t></rPh></si></sst>',
    );
    files['xl/worksheets/sheet1.xml'] = strToU8(
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>',
    );
    const table = readXlsx('t.xlsx', zipSync(files), 1e7);
    expect(table.rows[0]?.cells).toEqual(['Bold and\tplain']);
  });

  it.each<[string, Uint8Array, number, RegExp]>([
    ['not a zip', strToU8('prompt\nhello'), 1e7, /not a ZIP-based \.xlsx file/],
    [
      'a zip without a worksheet',
      zipSync({ 'readme.txt': strToU8('hi') }),
      1e7,
      /has no worksheet/,
    ],
    [
      'a damaged zip',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      1e7,
      /cannot be read as an Excel workbook/,
    ],
    [
      'sheet data over the unzipped limit',
      makeXlsx([MACGYVER_ROWS], 'inline'),
      200,
      /expands to more than 200 bytes/,
    ],
    ['an empty sheet', makeXlsx([[]], 'inline'), 1e7, /is empty/],
    ['a header without rows', makeXlsx([[['prompt']]], 'inline'), 1e7, /no data rows/],
    [
      'a cell past column 1,000 (checked before padding the row)',
      sheetXml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>prompt</t></is></c><c r="ZZZZZ1"><v>1</v></c></row>',
      ),
      1e7,
      /^t\.xlsx, row 1: This row has 12,356,630 columns, more than the 1,000 an import reads\./,
    ],
    [
      'a cell over the size limit',
      makeXlsx(
        [
          [
            ['id', 'prompt'],
            ['1', 'x'.repeat(MAX_CELL_CHARS + 1)],
          ],
        ],
        'shared',
      ),
      1e8,
      /^t\.xlsx, row 2, field "prompt": This cell holds 1,000,001 characters, more than the 1,000,000 a cell may hold/,
    ],
  ])('rejects %s', (_, book, limit, message) => {
    expect(() => readXlsx('t.xlsx', book, limit)).toThrow(ImportError);
    expect(() => readXlsx('t.xlsx', book, limit)).toThrow(message);
  });

  it.each([
    [new Uint8Array([0x50, 0x4b, 0x03, 0x04]), true],
    [strToU8('PK'), false],
    [new Uint8Array(0), false],
  ])('looksLikeZip(%j) = %j', (data, expected) => {
    expect(looksLikeZip(data)).toBe(expected);
  });
});

describe('parseDataset on XLSX', () => {
  it.each(['shared', 'inline'] as const)('detects MacGyver in a %s-strings workbook', (layout) => {
    const result = parseDataset('problems.xlsx', makeXlsx([MACGYVER_ROWS], layout));
    expect(result.format).toBe('macgyver');
    expect(result.items.map((i) => [i.id, i.category, i.meta?.solvable])).toEqual([
      ['9001', 'E', 'Yes'],
      ['9002', 'E', 'No'],
    ]);
  });

  it('names spreadsheet rows, not lines, in errors', () => {
    const rows: Cell[][] = [HEADER, ['1', 'A problem', 'Perhaps', '', 'x', '']];
    expect(() => parseDataset('p.xlsx', makeXlsx([rows], 'inline'))).toThrow(
      /p\.xlsx, row 2, field "Solvable\?": Expected Yes or No, found "Perhaps"/,
    );
  });

  it('reads any other sheet through the column mapping', () => {
    const rows: Cell[][] = [
      ['Prompt', 'Model', 'Output'],
      ['Hi', 'm1', 'Hello'],
      ['Hi', 'm2', 'Hey'],
    ];
    const result = parseDataset('r.xlsx', makeXlsx([rows], 'shared'));
    expect(result.format).toBe('generic-xlsx');
    expect(result.items).toEqual([
      {
        prompt: 'Hi',
        responses: [
          { text: 'Hello', model: 'm1' },
          { text: 'Hey', model: 'm2' },
        ],
      },
    ]);
  });
});
