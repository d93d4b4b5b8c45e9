// Table-driven tests for the prompts' classification, judge, checklist and correctness message
// builders.
import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS, type CategoryId } from '../taxonomy';
import {
  buildChecklistGradeMessages,
  buildChecklistMessages,
  buildClassificationMessages,
  buildCorrectnessMessages,
  buildJudgeMessages,
  CATEGORY_NAMES,
  formatChecklist,
  judgeCriterion,
  QUALITY_FOCUS,
  type ChatMessage,
} from '../prompts';
import { parseClassification } from '../parse';

const roles = (messages: ChatMessage[]): string[] => messages.map((m) => m.role);

describe('buildClassificationMessages', () => {
  const content = buildClassificationMessages('Write a haiku about rain.')[0]?.content ?? '';
  it.each(CATEGORY_IDS.map((c) => [c, CATEGORY_NAMES[c]]))('lists %s. %s', (c, name) => {
    expect(content).toContain(`${c}. ${name}:`);
  });
  it.each([['Write a haiku about rain.'], ['single letter (A-H)'], ['Do not answer the prompt']])(
    'contains %j',
    (needle) => {
      expect(content).toContain(needle);
    },
  );
  it('is one user message', () => {
    expect(roles(buildClassificationMessages('x'))).toEqual(['user']);
  });
  it.each(CATEGORY_IDS.map((c) => [c]))('the name of %s parses back to the letter', (c) => {
    expect(parseClassification(`This is ${CATEGORY_NAMES[c]}.`)).toEqual({ ok: true, value: c });
  });
});

/** Category-specific wording that defines functional equivalence for the judge. */
const JUDGE_PHRASES: Array<[CategoryId, string]> = [
  ['A', 'EQUIVALENT if they give the same answer, even if it is worded'],
  ['B', 'DIFFERENT if they give different answers, even when both answers are correct'],
  ['C', 'EQUIVALENT if they select the same option'],
  ['D', 'same problem-solving strategy, regardless of whether their final answers agree'],
  ['E', 'different solution or use a different problem-solving strategy'],
  ['F', 'different factual perspectives'],
  ['G', 'same key creative elements'],
  ['H', 'different viewpoints, perspectives or core recommendations'],
];

describe('buildJudgeMessages', () => {
  it.each(JUDGE_PHRASES)('category %s defines equivalence: %j', (c, phrase) => {
    const messages = buildJudgeMessages({
      prompt: 'PROMPT',
      category: c,
      a: 'RESP_A',
      b: 'RESP_B',
    });
    expect(roles(messages)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content);
    expect(system).toContain(phrase);
    expect(system).toContain(`category ${c}. ${CATEGORY_NAMES[c]}`);
    expect(system).toBe(system?.replace(/\{[a-z_]+\}/g, '')); // no unfilled placeholders
    expect(judgeCriterion(c)).toContain(phrase);
    expect(user).toContain('<prompt>\nPROMPT\n</prompt>');
    expect(user).toContain('<response_a>\nRESP_A\n</response_a>');
    expect(user).toContain('<response_b>\nRESP_B\n</response_b>');
    expect(user).toContain('"Verdict: EQUIVALENT" or "Verdict: DIFFERENT"');
  });

  it('other categories\u2019 criteria are absent', () => {
    const system = buildJudgeMessages({ prompt: 'p', category: 'D', a: 'x', b: 'y' })[0]?.content;
    expect(system).not.toContain(judgeCriterion('G'));
  });

  it('identical and empty responses are still embedded verbatim', () => {
    const user = buildJudgeMessages({ prompt: '', category: 'A', a: '', b: '' })[1]?.content ?? '';
    expect(user).toContain('<response_a>\n\n</response_a>');
  });
});

describe('buildChecklistMessages', () => {
  it.each(CATEGORY_IDS.map((c) => [c]))('category %s adds its name and quality focus', (c) => {
    const content = buildChecklistMessages({ prompt: 'Q', category: c })[0]?.content ?? '';
    expect(content).toContain(`"${CATEGORY_NAMES[c]}"`);
    expect(content).toContain(QUALITY_FOCUS[c]);
    expect(content).toContain('3 to 5 key factors');
    expect(content).toContain('<prompt>\nQ\n</prompt>');
  });

  it('without category omits the category sentence', () => {
    const content = buildChecklistMessages({ prompt: 'Q' })[0]?.content ?? '';
    expect(content).not.toContain('task category');
    expect(content).toContain('3 to 5 key factors');
  });
});

describe('buildChecklistGradeMessages', () => {
  it.each([
    [['Correct year', 'Concise'], '1. Correct year\n2. Concise'],
    [['Only one'], '1. Only one'],
    [[], ''],
  ])('checklist %j is numbered', (checklist, numbered) => {
    expect(formatChecklist(checklist)).toBe(numbered);
    const content =
      buildChecklistGradeMessages({ prompt: 'Q', checklist, response: 'R' })[0]?.content ?? '';
    expect(content).toContain(`Checklist:\n<checklist>\n${numbered}\n</checklist>\n`);
    expect(content).toContain('<response>\nR\n</response>');
    expect(content).toContain('1-5 Likert scale');
    expect(content).toContain('"Score: N"');
  });
});

describe('buildCorrectnessMessages', () => {
  const content =
    buildCorrectnessMessages({ question: 'Q?', gold: 'G!', response: 'R.' })[0]?.content ?? '';
  it.each([
    ['<question>\nQ?\n</question>'],
    ['<gold>\nG!\n</gold>'],
    ['<response>\nR.\n</response>'],
    ['CORRECT, INCORRECT or NOT_ATTEMPTED'],
  ])('contains %j', (needle) => {
    expect(content).toContain(needle);
  });
});
