// Table tests for dataset import: every format from small fixtures in the published layouts, and
// every kind of bad input (each must fail with the right code, line and field).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_MAX_BYTES,
  detectColumns,
  ImportError,
  IMPORT_FORMATS,
  NOVELTYBENCH_CATEGORY_MAP,
  parseCategoryLabel,
  parseDataset,
  suggestMapping,
  type ImportFormat,
  type ImportedItem,
  type ParseOptions,
} from './importers';
import { CATEGORY_IDS } from './taxonomy';

const FIXTURES = resolve(import.meta.dirname, '../../../tests/fixtures/imports');
const text = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');
const bytes = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, name)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const toCrlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** Runs parseDataset and returns the ImportError it throws (failing the test if it does not). */
function importError(
  fileName: string,
  input: string | Uint8Array,
  options?: ParseOptions,
): ImportError {
  try {
    parseDataset(fileName, input, options);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error(`${fileName} was accepted`);
}

describe('parseDataset: published formats', () => {
  it.each<[string, ImportFormat, number, number, Partial<ImportedItem>]>([
    [
      'simpleqa.csv',
      'simpleqa',
      5,
      5,
      {
        id: 'simpleqa-0',
        prompt: 'What is the capital city of Australia?',
        category: 'A',
        answer: 'Canberra',
        answerType: 'short',
        meta: {
          topic: 'Geography',
          answer_type: 'Place',
          urls: ['https://en.wikipedia.org/wiki/Canberra', 'https://www.naa.gov.au/'],
        },
      },
    ],
    [
      'math500.jsonl',
      'math500',
      3,
      3,
      {
        id: 'test/prealgebra/9001.json',
        prompt: 'What is $3 \\cdot 4 + 5$?',
        category: 'D',
        answer: '17',
        answerType: 'math',
        meta: {
          subject: 'Prealgebra',
          level: 1,
          solution:
            'Multiplication first: $3 \\cdot 4 = 12$, so the value is $12 + 5 = \\boxed{17}$.',
        },
      },
    ],
    [
      'noveltybench-curated.jsonl',
      'noveltybench-curated',
      6,
      6,
      { id: 'curated-0', prompt: 'Write a four-line poem about a kettle.', category: 'G' },
    ],
    [
      'noveltybench-wildchat.jsonl',
      'noveltybench-wildchat',
      2,
      2,
      {
        id: 'WildChat-00000000000000000000000000000001',
        prompt: 'Write a toast for my sister\u2019s wedding.',
        meta: {
          original_prompt: 'write a toast for my sisters wedding',
          allows_diverse_responses: true,
        },
      },
    ],
    [
      'noveltybench-partitions.jsonl',
      'noveltybench-generations',
      2,
      2,
      {
        id: 'curated-4',
        prompt: 'Suggest a name for a caf\u00e9 cat.',
        meta: { partition: [0, 0, 1, 0, 2, 1, 0, 0, 3, 0], distinct: 3, reference_classes: 4 },
      },
    ],
    [
      'noveltybench-generations.jsonl',
      'noveltybench-generations',
      2,
      2,
      { id: 'curated-4', prompt: 'Suggest a name for a caf\u00e9 cat.' },
    ],
    [
      'macgyver.csv',
      'macgyver',
      3,
      3,
      {
        id: '9001',
        category: 'E',
        meta: {
          solvable: 'Yes',
          unconventional: 'unconventional',
          label: 'efficient',
          solutions: [
            {
              text: 'Step1: Wrap the handkerchief around your fingers. <br>\nStep2: Use the house key to lift the chain onto the smallest front ring. <br>\nStep3: Turn the pedal slowly backwards so the chain seats itself.',
              solvable: 'Yes',
              unconventional: 'unconventional',
              label: 'efficient',
            },
          ],
        },
      },
    ],
    ['macgyver-grouped.csv', 'macgyver', 3, 2, { id: '9101', category: 'E' }],
  ])('%s is read as %s (%i rows, %i items)', (file, format, rows, count, first) => {
    const result = parseDataset(file, text(file));
    expect(result.format).toBe(format);
    expect(result.rowCount).toBe(rows);
    expect(result.items).toHaveLength(count);
    expect(result.items[0]).toMatchObject(first);
  });

  it.each([
    // Row 3 of simpleqa.csv has a line break inside its quoted answer.
    ['simpleqa.csv', 2, 'answer', 'English and French\n(both have equal status)'],
    ['simpleqa.csv', 3, 'prompt', 'Which British prime minister was nicknamed "the Iron Lady"?'],
    ['simpleqa.csv', 4, 'answer', 'Leonardo da Vinci'],
    ['math500.jsonl', 1, 'answer', '\\frac{3}{4}'],
  ] as const)('%s item %i has %s %j', (file, index, field, expected) => {
    expect(parseDataset(file, text(file)).items[index]?.[field]).toBe(expected);
  });

  it('reads the Python-dict metadata of SimpleQA, including double-quoted strings and escapes', () => {
    const item = parseDataset('simpleqa.csv', text('simpleqa.csv')).items[1];
    expect(item?.meta?.urls).toEqual([
      "https://example.org/wiki/Saint_Mary's_Church",
      'https://example.org/a\nhttps://example.org/b',
    ]);
  });

  it('maps every NoveltyBench category and reports the mapping with counts', () => {
    const result = parseDataset('noveltybench-curated.jsonl', text('noveltybench-curated.jsonl'));
    expect(result.items.map((i) => i.category)).toEqual(['G', 'B', 'C', 'H', 'G', 'H']);
    expect(result.categoryMapping?.map((m) => [m.source, m.category, m.count])).toEqual([
      ['Factual Knowledge', 'B', 1],
      ['Random Generation & Selection', 'C', 1],
      ['Creativity', 'G', 1],
      ['Character & Entity Naming', 'G', 1],
      ['Subjective Rankings & Opinions', 'H', 1],
      ['Product & Purchase Recommendations', 'H', 1],
    ]);
    expect(result.items[0]?.meta?.prompt_paraphrases).toHaveLength(10);
    expect(result.items[0]?.meta?.noveltybench_category).toBe('Creativity');
  });

  it('imports an unknown NoveltyBench category without a category and warns', () => {
    const line = JSON.stringify({ id: 'curated-9', category: 'Poetry Slams', prompt: 'Rhyme.' });
    const result = parseDataset('c.jsonl', line);
    expect(result.items[0]?.category).toBeUndefined();
    expect(result.warnings.join(' ')).toMatch(/"Poetry Slams".*no taxonomy mapping/);
  });

  it('keeps NoveltyBench generations as responses with their model', () => {
    const item = parseDataset(
      'noveltybench-partitions.jsonl',
      text('noveltybench-partitions.jsonl'),
    ).items[1];
    expect(item?.responses).toHaveLength(10);
    expect(item?.responses?.[0]).toEqual({
      text: 'Blue \u2014 like the sea.',
      model: 'example-model@2025',
    });
    expect(item?.meta).toMatchObject({ distinct: 0, reference_classes: 1 });
  });

  it('groups MacGyver rows that repeat an ID and keeps every solution', () => {
    const result = parseDataset('macgyver-grouped.csv', text('macgyver-grouped.csv'));
    const solutions = result.items[0]?.meta?.solutions;
    expect(Array.isArray(solutions) && solutions.length).toBe(2);
    expect(result.items[1]?.meta?.solvable).toBe('No');
    expect(result.warnings.join(' ')).toMatch(/3 rows hold 2 problems/);
  });

  it('marks a grouped MacGyver problem "mixed" when its rows disagree on solvability', () => {
    const csv =
      'ID,Problem,Solvable?,Solution\n1,Open a jar.,Yes,Twist.\n1,Open a jar.,No,Cannot.\n';
    expect(parseDataset('m.csv', csv).items[0]?.meta?.solvable).toBe('mixed');
  });

  it('describes every format for the UI', () => {
    for (const info of Object.values(IMPORT_FORMATS)) {
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.description.length).toBeGreaterThan(0);
    }
  });

  it('maps NoveltyBench categories only onto B, C, G and H, as the paper uses them', () => {
    expect(new Set(NOVELTYBENCH_CATEGORY_MAP.map((r) => r.category))).toEqual(
      new Set(['B', 'C', 'G', 'H']),
    );
    expect(NOVELTYBENCH_CATEGORY_MAP).toHaveLength(6);
  });
});

describe('parseDataset: accepted quirks', () => {
  const lf = text('simpleqa.csv');
  const reference = parseDataset('simpleqa.csv', lf).items;

  it.each<[string, string | Uint8Array]>([
    ['CRLF line endings', toCrlf(lf)],
    ['a BOM', `\uFEFF${lf}`],
    ['a BOM and CRLF', `\uFEFF${toCrlf(lf)}`],
    ['UTF-8 bytes with a BOM', utf8(`\uFEFF${toCrlf(lf)}`)],
    ['UTF-8 bytes', bytes('simpleqa.csv')],
    ['blank lines between records', lf.replace('Canberra\n', 'Canberra\n\n \n')],
    ['no final line break', lf.trimEnd()],
  ])('SimpleQA with %s gives the same items', (_, input) => {
    expect(parseDataset('simpleqa.csv', input).items).toEqual(reference);
  });

  it.each<[string, string]>([
    ['CRLF', toCrlf(text('math500.jsonl'))],
    ['a BOM', `\uFEFF${text('math500.jsonl')}`],
    ['blank lines', text('math500.jsonl').replace(/\n/g, '\n\n')],
  ])('MATH-500 JSONL with %s gives the same items', (_, input) => {
    expect(parseDataset('math500.jsonl', input).items).toEqual(
      parseDataset('math500.jsonl', text('math500.jsonl')).items,
    );
  });

  it.each([
    ['prompts.tsv', 'prompt\tanswer\nName a colour.\tblue\n', 'Name a colour.'],
    [
      'prompts.csv',
      'prompt;answer\nName a colour, any colour.;blue\n',
      'Name a colour, any colour.',
    ],
    ['prompts.txt', 'prompt\n"One, two"\n', 'One, two'],
    [
      'data',
      '{"prompt": "From a file without an extension"}\n',
      'From a file without an extension',
    ],
  ])('%s: delimiter and container are detected', (file, input, prompt) => {
    expect(parseDataset(file, input).items[0]?.prompt).toBe(prompt);
  });

  it('keeps unicode text intact', () => {
    const csv = 'prompt\n"Écris un haïku sur la pluie 🌧️"\n"日本の首都はどこですか？"\n';
    expect(parseDataset('u.csv', utf8(csv)).items.map((i) => i.prompt)).toEqual([
      'Écris un haïku sur la pluie 🌧️',
      '日本の首都はどこですか？',
    ]);
  });
});

describe('parseDataset: bad input', () => {
  const latin1 = new Uint8Array([...utf8('prompt\nok\ncaf'), 0xe9, ...utf8('\n')]);
  const big = 'prompt\n' + 'x'.repeat(200) + '\n';

  it.each<
    [
      string,
      string,
      string | Uint8Array,
      ParseOptions | undefined,
      { code: string; line?: number; field?: string; message: RegExp },
    ]
  >([
    ['an empty file', 'e.csv', '', undefined, { code: 'empty', message: /empty/ }],
    ['empty bytes', 'e.csv', new Uint8Array(0), undefined, { code: 'empty', message: /empty/ }],
    ['only blank lines', 'e.csv', '\n \r\n\t\n', undefined, { code: 'empty', message: /empty/ }],
    ['only a BOM', 'e.jsonl', '\uFEFF', undefined, { code: 'empty', message: /empty/ }],
    [
      'a header without rows',
      'e.csv',
      'prompt,answer\n',
      undefined,
      { code: 'empty', line: 2, message: /no data rows/ },
    ],
    [
      'a file over the size limit (text)',
      'big.csv',
      big,
      { maxBytes: 100 },
      { code: 'too-large', message: /208 bytes, over the 100 bytes import limit/ },
    ],
    [
      'a file over the size limit (bytes)',
      'big.csv',
      utf8(big),
      { maxBytes: 100 },
      { code: 'too-large', message: /over the 100 bytes import limit/ },
    ],
    [
      'multi-byte text over the limit',
      'big.csv',
      'prompt\n' + '\u00e9'.repeat(60),
      { maxBytes: 100 },
      { code: 'too-large', message: /127 bytes/ },
    ],
    [
      'non-UTF-8 bytes (Latin-1)',
      'latin1.csv',
      latin1,
      undefined,
      { code: 'encoding', line: 3, message: /not valid UTF-8.*0xE9.*Save it as UTF-8/ },
    ],
    [
      'a malformed JSONL line',
      'bad-malformed.jsonl',
      text('bad-malformed.jsonl'),
      undefined,
      { code: 'malformed', line: 3, message: /line 3: This line is not valid JSON/ },
    ],
    [
      'a JSONL line that is an array',
      'a.jsonl',
      '{"prompt": "ok"}\n["not", "an", "object"]\n',
      undefined,
      { code: 'malformed', line: 2, message: /holds an array, not a JSON object/ },
    ],
    [
      'a JSON array instead of JSON Lines',
      'export.json',
      '[\n  {"prompt": "a"},\n  {"prompt": "b"}\n]\n',
      undefined,
      { code: 'malformed', line: 1, message: /holds a JSON array.*one JSON object per line/ },
    ],
    [
      'a missing MATH-500 field',
      'bad-math500-missing-answer.jsonl',
      text('bad-math500-missing-answer.jsonl'),
      undefined,
      {
        code: 'invalid-value',
        line: 2,
        field: 'answer',
        message: /field "answer": This field is missing/,
      },
    ],
    [
      'a MATH-500 level written as text',
      'bad-math500-level-text.jsonl',
      text('bad-math500-level-text.jsonl'),
      undefined,
      {
        code: 'invalid-value',
        line: 2,
        field: 'level',
        message: /Expected a number, found a string/,
      },
    ],
    [
      'a MATH-500 level that is not a whole number',
      'm.jsonl',
      '{"problem": "1+1?", "solution": "2", "answer": "2", "subject": "A", "level": 2.5, "unique_id": "u"}\n',
      undefined,
      {
        code: 'invalid-value',
        line: 1,
        field: 'level',
        message: /Expected a whole number, found a number/,
      },
    ],
    [
      'duplicate ids',
      'bad-duplicate-ids.jsonl',
      text('bad-duplicate-ids.jsonl'),
      undefined,
      {
        code: 'duplicate-id',
        line: 4,
        field: 'id',
        message: /"curated-1" is used on lines 2 and 4/,
      },
    ],
    [
      'a wrong column for the chosen format',
      'bad-simpleqa-wrong-column.csv',
      text('bad-simpleqa-wrong-column.csv'),
      { format: 'simpleqa' },
      {
        code: 'missing-column',
        line: 1,
        field: 'problem',
        message: /"problem" is missing.*this file has metadata, question, answer/,
      },
    ],
    [
      'an extra field on the line after a quoted line break',
      'bad-simpleqa-extra-field-after-newline.csv',
      text('bad-simpleqa-extra-field-after-newline.csv'),
      undefined,
      { code: 'malformed', line: 4, message: /4 fields but the header has 3/ },
    ],
    [
      'the same with CRLF and a BOM',
      'bad-simpleqa-extra-field-after-newline.csv',
      `\uFEFF${toCrlf(text('bad-simpleqa-extra-field-after-newline.csv'))}`,
      undefined,
      { code: 'malformed', line: 4, message: /4 fields/ },
    ],
    [
      'an unclosed quote',
      'bad-simpleqa-unclosed-quote.csv',
      text('bad-simpleqa-unclosed-quote.csv'),
      undefined,
      { code: 'malformed', line: 3, message: /quote/ },
    ],
    [
      'code in the SimpleQA metadata (never evaluated)',
      'bad-simpleqa-metadata-code.csv',
      text('bad-simpleqa-metadata-code.csv'),
      undefined,
      { code: 'invalid-value', line: 3, field: 'metadata', message: /not a Python dict literal/ },
    ],
    [
      'an empty SimpleQA answer',
      'bad-simpleqa-empty-answer.csv',
      text('bad-simpleqa-empty-answer.csv'),
      undefined,
      { code: 'invalid-value', line: 3, field: 'answer', message: /empty/ },
    ],
    [
      'a MacGyver ID reused for another problem',
      'bad-macgyver-reused-id.csv',
      text('bad-macgyver-reused-id.csv'),
      undefined,
      { code: 'duplicate-id', line: 4, field: 'ID', message: /"9101" is used on lines 2 and 4/ },
    ],
    [
      'a MacGyver solvability that is not Yes or No',
      'bad-macgyver-solvable.csv',
      text('bad-macgyver-solvable.csv'),
      undefined,
      { code: 'invalid-value', line: 2, field: 'Solvable?', message: /Expected Yes or No/ },
    ],
    [
      'a repeated column name',
      'dup.csv',
      'prompt,Prompt\na,b\n',
      undefined,
      { code: 'malformed', line: 1, field: 'Prompt', message: /used twice \(columns 1 and 2\)/ },
    ],
    [
      'a mapping to a column the file lacks',
      'prompts.csv',
      text('prompts.csv'),
      { mapping: { prompt: 'Question', answer: 'Answer' } },
      {
        code: 'missing-column',
        line: 1,
        field: 'Answer',
        message: /"Answer", which is not in the file/,
      },
    ],
    [
      'a generic file without a prompt-like column',
      'x.csv',
      'alpha,beta\n1,2\n',
      undefined,
      {
        code: 'missing-column',
        line: 1,
        field: 'prompt',
        message: /No column looks like the prompt.*alpha, beta/,
      },
    ],
    [
      'an unknown category',
      'c.csv',
      'prompt,category\nHello,Z\n',
      undefined,
      { code: 'invalid-value', line: 2, field: 'category', message: /"Z" is not a task category/ },
    ],
    [
      'an empty prompt',
      'p.csv',
      'prompt,answer\nHi,1\n"  ",2\n',
      undefined,
      { code: 'invalid-value', line: 3, field: 'prompt', message: /prompt is empty/ },
    ],
    [
      'a duplicate id in a generic prompt file',
      'p.csv',
      'id,prompt\na,First\nb,Second\na,Third\n',
      undefined,
      { code: 'duplicate-id', line: 4, field: 'id', message: /lines 2 and 4/ },
    ],
    [
      'an empty response in a responses file',
      'r.csv',
      'prompt,model,response\nHi,m,Hello\nHi,m,\n',
      undefined,
      { code: 'invalid-value', line: 3, field: 'response', message: /response is empty/ },
    ],
    [
      'an id reused for a different prompt in a responses file',
      'r.jsonl',
      '{"id":"1","prompt":"Hi","response":"a"}\n{"id":"1","prompt":"Bye","response":"b"}\n',
      undefined,
      {
        code: 'duplicate-id',
        line: 2,
        field: 'id',
        message: /lines 1 and 2 for different prompts/,
      },
    ],
    [
      'a response that is an object',
      'r.jsonl',
      '{"prompt":"Hi","response":{"text":"a"}}\n',
      undefined,
      { code: 'invalid-value', line: 1, field: 'response', message: /found an object/ },
    ],
    [
      'a partition of the wrong length',
      'p.jsonl',
      '{"id": "x", "prompt": "Hi", "generations": ["a", "b"], "partition": [0]}\n',
      undefined,
      {
        code: 'invalid-value',
        line: 1,
        field: 'partition',
        message: /1 labels but there are 2 generations/,
      },
    ],
    [
      'generations that are not texts',
      'g.jsonl',
      '{"id": "x", "prompt": "Hi", "generations": ["a", 2]}\n',
      undefined,
      {
        code: 'invalid-value',
        line: 1,
        field: 'generations[1]',
        message: /Expected a string, found a number/,
      },
    ],
    [
      'an old .xls workbook',
      'old.xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
      undefined,
      { code: 'unknown-format', message: /\.xls workbooks are not supported/ },
    ],
    [
      'an .xlsx passed as text',
      'book.xlsx',
      'PK...',
      undefined,
      { code: 'malformed', message: /must be read as bytes/ },
    ],
    [
      'an .xlsx that is not a workbook',
      'book.xlsx',
      utf8('prompt\nhello\n'),
      undefined,
      { code: 'malformed', message: /cannot be read as an Excel workbook/ },
    ],
    [
      'a forced format that does not fit the file',
      'simpleqa.csv',
      text('simpleqa.csv'),
      { format: 'math500' },
      { code: 'unknown-format', message: /MATH-500 \(JSONL\) cannot be read from a CSV file/ },
    ],
  ])('rejects %s', (_, fileName, input, options, expected) => {
    const error = importError(fileName, input, options);
    expect(error.code).toBe(expected.code);
    expect(error.fileName).toBe(fileName);
    expect(error.line).toBe(expected.line);
    if (expected.field !== undefined) expect(error.field).toBe(expected.field);
    expect(error.message).toMatch(expected.message);
    expect(error.message.startsWith(fileName)).toBe(true);
  });

  it('accepts a file exactly at the size limit', () => {
    const input = 'prompt\nabc\n';
    expect(parseDataset('ok.csv', input, { maxBytes: input.length }).items).toHaveLength(1);
  });

  it('defaults to a 50 MB limit', () => {
    expect(DEFAULT_MAX_BYTES).toBe(50 * 1024 * 1024);
  });
});

describe('generic files and the mapping step', () => {
  it('suggests a mapping from column names and applies it when none is given', () => {
    const result = parseDataset('prompts.csv', text('prompts.csv'));
    expect(result.format).toBe('generic-csv');
    expect(result.mapping).toEqual({
      prompt: 'Question',
      category: 'Task category',
      answer: 'Gold answer',
      id: 'Question ID',
    });
    expect(result.warnings.join(' ')).toMatch(/suggested one was used/);
    expect(result.items).toEqual([
      {
        id: 'q1',
        prompt: 'What is 7 times 8?',
        category: 'D',
        answer: '56',
        answerType: 'math',
        meta: { Source: 'mine' },
      },
      {
        id: 'q2',
        prompt: 'Write a limerick about a cat.',
        category: 'G',
        meta: { Source: 'mine' },
      },
      { id: 'q3', prompt: 'Name a country in Africa.', category: 'B' },
      {
        id: 'q4',
        prompt: 'What is the chemical symbol for gold?',
        category: 'A',
        answer: 'Au',
        answerType: 'short',
        meta: { Source: 'mine' },
      },
    ]);
  });

  it('applies an explicit mapping (case-insensitive column names) and an answer type', () => {
    const result = parseDataset('prompts.csv', text('prompts.csv'), {
      mapping: { prompt: 'question', answer: 'GOLD ANSWER' },
      answerType: 'short',
    });
    expect(result.warnings).toEqual([]);
    expect(result.items[0]).toEqual({
      prompt: 'What is 7 times 8?',
      answer: '56',
      answerType: 'short',
      meta: { 'Question ID': 'q1', 'Task category': 'D', Source: 'mine' },
    });
  });

  it('reads a SimpleQA-like file with a renamed column through the mapping', () => {
    const result = parseDataset(
      'bad-simpleqa-wrong-column.csv',
      text('bad-simpleqa-wrong-column.csv'),
    );
    expect(result.format).toBe('generic-csv');
    expect(result.items[0]).toMatchObject({
      prompt: 'What is the capital city of Australia?',
      answer: 'Canberra',
    });
  });

  it.each<[string, ParseOptions | undefined]>([
    [
      'responses.csv',
      { mapping: { prompt: 'prompt', id: 'prompt_id', response: 'response', model: 'model' } },
    ],
    ['responses.csv', undefined],
  ])('groups the rows of %s into one item per prompt', (file, options) => {
    const result = parseDataset(file, text(file), options);
    expect(result.rowCount).toBe(5);
    expect(result.items.map((i) => [i.prompt, i.responses?.length])).toEqual([
      ['Write a haiku about rain.', 2],
      ['Name a planet.', 3],
    ]);
    expect(result.items[0]?.responses?.[0]).toEqual({
      text: 'Soft rain on the roof\npuddles gather all the sky\nthe street holds its breath',
      model: 'model-a',
    });
    expect(result.items[1]?.responses?.map((r) => r.model)).toEqual([
      'model-a',
      'model-b',
      'model-b',
    ]);
  });

  it('groups a JSONL responses file by prompt text when there is no id', () => {
    const result = parseDataset('responses.jsonl', text('responses.jsonl'));
    expect(result.format).toBe('generic-jsonl');
    expect(result.mapping).toEqual({ prompt: 'prompt', response: 'response', model: 'model' });
    expect(
      result.items.map((i) => [i.prompt, i.responses?.map((r) => `${r.model}:${r.text}`)]),
    ).toEqual([
      ['Name a colour.', ['model-a:Blue', 'model-a:Green', 'model-b:Blue']],
      [
        'Tell me a joke.',
        [
          'model-a:Why did the chicken cross the road?',
          'model-b:I would tell you a UDP joke, but you might not get it.',
        ],
      ],
    ]);
  });

  it('takes a list of texts in a JSONL response key as several responses', () => {
    const line = '{"question": "Pick a number.", "outputs": ["3", "7"], "model": "m"}\n';
    const result = parseDataset('o.jsonl', line, {
      mapping: { prompt: 'question', response: 'outputs', model: 'model' },
    });
    expect(result.items).toEqual([
      {
        prompt: 'Pick a number.',
        responses: [
          { text: '3', model: 'm' },
          { text: '7', model: 'm' },
        ],
      },
    ]);
  });

  it('never lets a "__proto__" column change an object prototype', () => {
    const result = parseDataset('p.jsonl', '{"prompt": "Hi", "__proto__": {"polluted": true}}\n');
    const meta = result.items[0]?.meta ?? {};
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('detectColumns', () => {
  it.each<[string, string, ImportFormat, string[], Record<string, string>]>([
    [
      'prompts.csv',
      text('prompts.csv'),
      'generic-csv',
      ['Question ID', 'Question', 'Task category', 'Gold answer', 'Source'],
      { prompt: 'Question', id: 'Question ID' },
    ],
    [
      'responses.jsonl',
      text('responses.jsonl'),
      'generic-jsonl',
      ['prompt', 'model', 'response'],
      { prompt: 'prompt', response: 'response', model: 'model' },
    ],
    [
      'simpleqa.csv',
      text('simpleqa.csv'),
      'simpleqa',
      ['metadata', 'problem', 'answer'],
      { prompt: 'problem', answer: 'answer' },
    ],
    [
      'math500.jsonl',
      text('math500.jsonl'),
      'math500',
      ['problem', 'solution', 'answer', 'subject', 'level', 'unique_id'],
      { prompt: 'problem', id: 'unique_id' },
    ],
  ])('%s: columns, detected format and suggestion', (file, input, format, columns, suggested) => {
    const info = detectColumns(file, input);
    expect(info.format).toBe(format);
    expect(info.columns).toEqual(columns);
    expect(info.suggested).toMatchObject(suggested);
    expect(info.preview.length).toBeGreaterThan(0);
    expect(info.preview.length).toBeLessThanOrEqual(5);
  });

  it('shows JSON values in the preview as text', () => {
    const info = detectColumns('math500.jsonl', text('math500.jsonl'));
    expect(info.preview[0]?.level).toBe('1');
    expect(info.rowCount).toBe(3);
  });

  it('throws the same errors as parseDataset', () => {
    expect(() => detectColumns('e.csv', '')).toThrow(ImportError);
  });
});

describe('suggestMapping and parseCategoryLabel', () => {
  it.each<[string[], Record<string, string>]>([
    [['prompt', 'answer'], { prompt: 'prompt', answer: 'answer' }],
    [['Question', 'true_answer', 'ID'], { prompt: 'Question', answer: 'true_answer', id: 'ID' }],
    [
      ['input', 'output', 'model_name'],
      { prompt: 'input', response: 'output', model: 'model_name' },
    ],
    [['text'], { prompt: 'text' }],
    [['alpha', 'beta'], {}],
    [[], {}],
  ])('suggestMapping(%j)', (columns, expected) => {
    expect(suggestMapping(columns)).toEqual(expected);
  });

  it.each<[string, string | undefined | null]>([
    ['A', 'A'],
    ['h', 'H'],
    ['Category B', 'B'],
    ['C.', 'C'],
    ['D: Problem-Solving Objective', 'D'],
    ['Encyclopedia Inquiry', 'F'],
    ['creative writing', 'G'],
    ['Advice/opinions', 'H'],
    ['Random Generation & Selection', 'C'],
    ['', undefined],
    ['   ', undefined],
    ['Z', null],
    ['Apple', null],
  ])('parseCategoryLabel(%j) = %j', (label, expected) => {
    expect(parseCategoryLabel(label)).toBe(expected);
  });

  it('reads every category letter', () => {
    expect(CATEGORY_IDS.map((id) => parseCategoryLabel(id.toLowerCase()))).toEqual([
      ...CATEGORY_IDS,
    ]);
  });
});

describe('performance', () => {
  it('parses a generated 5,000-row CSV well under a second', () => {
    const rows = ['id,prompt,category,answer'];
    for (let i = 0; i < 5000; i++) {
      rows.push(
        `p${i},"Prompt number ${i}, with a comma and ""quotes"" to parse",${CATEGORY_IDS[i % 8]},${i}`,
      );
    }
    const csv = rows.join('\n') + '\n';
    const start = performance.now();
    const result = parseDataset('big.csv', csv);
    const elapsed = performance.now() - start;
    expect(result.items).toHaveLength(5000);
    expect(result.items[4999]).toMatchObject({ id: 'p4999', category: 'H', answer: '4999' });
    expect(elapsed).toBeLessThan(1000);
  });
});
