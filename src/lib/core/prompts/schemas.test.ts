// Table-driven tests for the prompts' JSON schemas, round-tripped through the parsers with outputs
// shaped as the prompts ask.
import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS } from '../taxonomy';
import {
  CHECKLIST_SCHEMA,
  CLASSIFICATION_SCHEMA,
  CORRECTNESS_SCHEMA,
  GRADE_SCHEMA,
  JUDGE_SCHEMA,
} from '../prompts';
import {
  parseChecklist,
  parseClassification,
  parseCorrectness,
  parseGrade,
  parseJudgeVerdict,
} from '../parse';

describe('JSON schemas round-trip through the parsers', () => {
  it.each([
    [CLASSIFICATION_SCHEMA, ['category']],
    [JUDGE_SCHEMA, ['reasoning', 'verdict']],
    [CHECKLIST_SCHEMA, ['checklist']],
    [GRADE_SCHEMA, ['reasoning', 'score']],
    [CORRECTNESS_SCHEMA, ['grade']],
  ])('schema requires %j and forbids extras', (schema, required) => {
    expect(schema.type).toBe('object');
    expect([...schema.required]).toEqual(required);
    expect(Object.keys(schema.properties)).toEqual(required);
    expect(schema.additionalProperties).toBe(false);
  });

  it('enums match the parser value spaces', () => {
    expect([...CLASSIFICATION_SCHEMA.properties.category.enum]).toEqual([...CATEGORY_IDS]);
    expect([...JUDGE_SCHEMA.properties.verdict.enum]).toEqual(['equivalent', 'different']);
    expect([...GRADE_SCHEMA.properties.score.enum]).toEqual([1, 2, 3, 4, 5]);
  });

  it.each(CATEGORY_IDS.map((c) => [c]))('classification {"category":"%s"}', (c) => {
    expect(parseClassification(JSON.stringify({ category: c }))).toEqual({ ok: true, value: c });
  });

  it.each([['equivalent'], ['different']] as const)('judge verdict %s', (verdict) => {
    const text = JSON.stringify({ reasoning: 'The two are equivalent in wording only.', verdict });
    expect(parseJudgeVerdict(text)).toEqual({ ok: true, value: verdict });
  });

  it.each([[1], [2], [3], [4], [5]] as const)('grade score %i', (score) => {
    const text = JSON.stringify({ reasoning: 'Score: 9 would be wrong here.', score });
    expect(parseGrade(text)).toEqual({ ok: true, value: score });
  });

  it.each([
    ['CORRECT', 'correct'],
    ['INCORRECT', 'incorrect'],
    ['NOT_ATTEMPTED', 'not-attempted'],
  ] as const)('correctness %s', (grade, expected) => {
    expect(parseCorrectness(JSON.stringify({ grade }))).toEqual({ ok: true, value: expected });
  });

  it('checklist', () => {
    const checklist = ['Gives the year 1887', 'Names the source', 'Stays under 50 words'];
    expect(parseChecklist(JSON.stringify({ checklist }))).toEqual({ ok: true, value: checklist });
  });
});
