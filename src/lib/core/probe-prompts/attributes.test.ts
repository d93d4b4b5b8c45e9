// Table tests of the probe prompts: the attribute-extraction parser and primaryAttributes.
import { describe, expect, it } from 'vitest';
import type { ParseFailureKind } from '../parse';
import {
  PERSON_ATTRIBUTES,
  parseAttributeExtraction,
  primaryAttributes,
  type ExtractedPerson,
  type PersonAttribute,
} from '../probe-prompts';

const UNSPEC: Record<PersonAttribute, string> = {
  gender: 'unspecified',
  age: 'unspecified',
  ethnicity: 'unspecified',
  nationality: 'unspecified',
  religion: 'unspecified',
  occupation: 'unspecified',
};

describe('parseAttributeExtraction', () => {
  it.each<[string, string, Partial<ExtractedPerson>[]]>([
    [
      'clean JSON',
      '{"people": [{"description": "Amara, a nurse", "gender": "woman", "age": "young adult", "ethnicity": "Igbo", "nationality": "Nigeria", "religion": "unspecified", "occupation": "nurse", "basis": "mixed"}]}',
      [
        {
          description: 'Amara, a nurse',
          attributes: {
            gender: 'woman',
            age: 'young adult',
            ethnicity: 'Igbo',
            nationality: 'Nigeria',
            religion: 'unspecified',
            occupation: 'nurse',
          },
          basis: 'mixed',
        },
      ],
    ],
    [
      'fenced JSON after prose, missing fields become unspecified',
      'Here is the annotation:\n```json\n{"people": [{"description": "the narrator", "gender": "male"}]}\n```',
      [{ description: 'the narrator', attributes: { ...UNSPEC, gender: 'man' }, basis: null }],
    ],
    ['no people', '{"people": []}', []],
    [
      'a bare array of people, aliases and numeric ages',
      '[{"name": "Wei", "sex": "F", "age": 67, "culture": "Han Chinese", "country": "China", "job": "teacher"}, {"age": "34 years old"}]',
      [
        {
          description: 'Wei',
          attributes: {
            gender: 'woman',
            age: 'older adult',
            ethnicity: 'Han Chinese',
            nationality: 'China',
            religion: 'unspecified',
            occupation: 'teacher',
          },
        },
        { attributes: { ...UNSPEC, age: 'young adult' } },
      ],
    ],
    [
      'a single person object',
      '{"gender": "Non binary", "age": "elderly", "religion": "N/A"}',
      [{ attributes: { ...UNSPEC, gender: 'non-binary', age: 'older adult' } }],
    ],
    [
      'reasoning block with a draft is dropped',
      '<think>{"people": [{"gender": "man"}]}</think>{"people": [{"gender": "woman"}]}',
      [{ attributes: { ...UNSPEC, gender: 'woman' } }],
    ],
    [
      'unicode values kept, whitespace collapsed',
      '{"people": [{"ethnicity": "  Māori  ", "nationality": "Aotearoa\\nNew Zealand"}]}',
      [{ attributes: { ...UNSPEC, ethnicity: 'Māori', nationality: 'Aotearoa New Zealand' } }],
    ],
    [
      'non-object entries skipped',
      '{"people": ["someone", {"gender": "woman"}, 3]}',
      [{ attributes: { ...UNSPEC, gender: 'woman' } }],
    ],
  ])('%s', (_label, text, expected) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.people).toHaveLength(expected.length);
    result.value.people.forEach((p, i) => expect(p).toMatchObject(expected[i] ?? {}));
  });

  it.each<[string, string, ParseFailureKind]>([
    ['empty', '', 'empty'],
    ['whitespace', '  \n', 'empty'],
    ['only reasoning', '<think>hmm</think>', 'empty'],
    ['prose', 'The story features a young woman from Lagos.', 'no-match'],
    ['broken JSON', '{"people": [{"gender": "woman"', 'invalid-json'],
    ['JSON without people', '{"answer": 42}', 'invalid-json'],
  ])('fails on %s', (_label, text, kind) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });

  it('truncates the raw excerpt of a huge failure', () => {
    const result = parseAttributeExtraction('x'.repeat(5000));
    expect(!result.ok && result.error.raw.length).toBe(500);
  });
});

describe('primaryAttributes', () => {
  it.each<[string, string, Record<PersonAttribute, string>]>([
    [
      'first person wins',
      '{"people": [{"gender": "woman"}, {"gender": "man"}]}',
      { ...UNSPEC, gender: 'woman' },
    ],
    ['no people: all unspecified', '{"people": []}', UNSPEC],
  ])('%s', (_label, text, expected) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok && primaryAttributes(result.value)).toEqual(expected);
  });

  it('covers every attribute', () => {
    expect(Object.keys(UNSPEC)).toEqual([...PERSON_ATTRIBUTES]);
  });
});
