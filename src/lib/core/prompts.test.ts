// Table-driven tests for the prompt templates and message builders, including round trips
// through the parsers with outputs shaped the way the prompts and JSON schemas ask.
import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS, type CategoryId } from './taxonomy';
import {
  buildChecklistGradeMessages,
  buildChecklistMessages,
  buildClassificationMessages,
  buildCorrectnessMessages,
  buildJudgeMessages,
  buildRegenerationMessages,
  buildSystemPromptSampling,
  buildTemperatureMessages,
  CATEGORY_NAMES,
  CHECKLIST_SCHEMA,
  CLASSIFICATION_SCHEMA,
  CORRECTNESS_SCHEMA,
  fill,
  formatChecklist,
  GRADE_SCHEMA,
  JUDGE_SCHEMA,
  judgeCriterion,
  PROMPT_TEMPLATES,
  QUALITY_FOCUS,
  regenerationFollowUp,
  SAMPLING_STRATEGIES,
  SAMPLING_STRATEGY_IDS,
  systemSamplingInstruction,
  templatePlaceholders,
  type ChatMessage,
  type PromptTemplateId,
} from './prompts';
import {
  parseChecklist,
  parseClassification,
  parseCorrectness,
  parseGrade,
  parseJudgeVerdict,
  parseMultiResponse,
} from './parse';

const roles = (messages: ChatMessage[]): string[] => messages.map((m) => m.role);

describe('fill', () => {
  it.each([
    ['Hello {name}!', { name: 'Ada' }, 'Hello Ada!'],
    ['{a}{b}{a}', { a: 1, b: 'x' }, '1x1'],
    ['k = {num_responses}', { num_responses: 5 }, 'k = 5'],
    ['no placeholders', {}, 'no placeholders'],
    ['{"verdict": "different"} {x}', { x: 'y' }, '{"verdict": "different"} y'],
    ['{ spaced } {x}', { x: 'y' }, '{ spaced } y'],
    ['P: {prompt}', { prompt: 'say {prompt} and {missing}' }, 'P: say {prompt} and {missing}'],
    ['P: {prompt}', { prompt: "$& $1 $$ $' $`" }, "P: $& $1 $$ $' $`"],
    ['P: {prompt}', { prompt: '' }, 'P: '],
    ['P: {prompt}', { prompt: '中文 🙂 <script>' }, 'P: 中文 🙂 <script>'],
  ])('%j with %j', (template, vars, expected) => {
    expect(fill(template, vars)).toBe(expected);
  });

  it.each([
    ['{missing}', {}],
    ['{a} {b}', { a: 'x' }],
    ['{toString}', {}],
  ])('%j throws on a missing variable', (template, vars) => {
    expect(() => fill(template, vars)).toThrow(/missing template variable/);
  });

  it.each([
    ['{a} {b} {a}', ['a', 'b']],
    ['none', []],
    ['{"json": 1} {x_1}', ['x_1']],
  ])('templatePlaceholders(%j)', (template, expected) => {
    expect(templatePlaceholders(template)).toEqual(expected);
  });
});

describe('PROMPT_TEMPLATES', () => {
  const perCategory = (prefix: string, names: string[]): Array<[string, string[]]> =>
    CATEGORY_IDS.map((c) => [`${prefix}-${c}`, names]);
  const expectedPlaceholders: Array<[string, string[]]> = [
    ['classification', ['prompt']],
    ['system-general', ['num_responses']],
    ...perCategory('system-anchored', ['num_responses']),
    ['multi-response-format', ['num_responses']],
    ['icr-general', []],
    ...perCategory('icr-anchored', []),
    ['judge-system', ['category_id', 'category_name', 'category_definition', 'criterion']],
    ['judge-user', ['prompt', 'response_a', 'response_b']],
    ...perCategory('judge-criterion', []),
    ['checklist', ['category_context', 'prompt']],
    ['checklist-grade', ['prompt', 'checklist', 'response']],
    ['correctness', ['question', 'gold', 'response']],
  ];

  it('has exactly the expected template ids', () => {
    expect(Object.keys(PROMPT_TEMPLATES).sort()).toEqual(
      expectedPlaceholders.map(([id]) => id).sort(),
    );
  });

  it.each(expectedPlaceholders)('%s has placeholders %j and a matching id', (id, names) => {
    const template = PROMPT_TEMPLATES[id as PromptTemplateId];
    expect(template.id).toBe(id);
    expect(templatePlaceholders(template.text)).toEqual(names);
    expect(template.title.length).toBeGreaterThan(0);
  });

  it.each([
    ['system-general', 'Generate {num_responses} responses that represent diverse values.'],
    [
      'system-anchored-D',
      'The following problem has a single correct answer, but can be solved using different problem-solving strategies. Generate {num_responses} different solutions, each with a different problem-solving strategy.',
    ],
    [
      'system-anchored-G',
      'The following prompt is asking for creative expression, so there are many possible subjective responses. Generate {num_responses} unique responses by varying the key creative elements such as tone, genre, point of view, theme, structure, etc.',
    ],
    ['icr-general', 'Can you generate a different answer?'],
    [
      'icr-anchored-D',
      'Can you solve the problem using a different strategy? The problem has a single correct answer, but can be solved using different problem-solving strategies.',
    ],
  ])('%s quotes the paper verbatim', (id, text) => {
    const template = PROMPT_TEMPLATES[id as PromptTemplateId];
    expect(template.text).toBe(text);
    expect(template.source).toBe('paper');
  });

  it.each([['classification'], ['system-anchored-A'], ['icr-anchored-H'], ['judge-user']])(
    '%s is marked as written for the app',
    (id) => {
      expect(PROMPT_TEMPLATES[id as PromptTemplateId].source).toBe('app');
    },
  );
});

/** The phrase that carries each category's notion of "different" in sampling instructions. */
const SAMPLING_PHRASES: Array<[CategoryId, string, string]> = [
  ['A', 'all give the same correct answer', 'the answer itself should stay the same'],
  ['B', 'each giving a different correct answer', 'different correct answer'],
  ['C', 'each choosing a different option', 'choose a different option'],
  ['D', 'each with a different problem-solving strategy', 'using a different strategy'],
  ['E', 'different answer or a different problem-solving strategy', 'different solution'],
  ['F', 'each presenting a different factual perspective', 'different factual perspective'],
  ['G', 'tone, genre, point of view, theme, structure', 'tone, genre, point of view'],
  ['H', 'each representing a different viewpoint or perspective', 'different viewpoint'],
];

describe('buildSystemPromptSampling', () => {
  it.each(SAMPLING_PHRASES)('anchored %s: system states the task-specific notion', (c, phrase) => {
    const messages = buildSystemPromptSampling({ prompt: 'P?', k: 4, category: c, anchored: true });
    expect(roles(messages)).toEqual(['system', 'user']);
    expect(messages[1]?.content).toBe('P?');
    const system = messages[0]?.content ?? '';
    expect(system).toContain(phrase);
    expect(system).toContain('Generate 4 ');
    expect(system).toContain('Write exactly 4 responses');
    expect(system).toContain('<response id="1">');
    expect(system).not.toContain('diverse values');
    expect(system).not.toMatch(/\{[a-z_]+\}/);
  });

  it('anchored A never asks for a different answer', () => {
    const system = systemSamplingInstruction({ k: 5, category: 'A', anchored: true });
    expect(system).not.toMatch(/different (correct )?answer/);
    expect(regenerationFollowUp({ category: 'A', anchored: true })).not.toMatch(
      /different (correct )?answer/,
    );
  });

  it.each([[undefined], ['A' as const], ['G' as const]])(
    'general (category %s) uses the diverse-values prompt',
    (category) => {
      const messages = buildSystemPromptSampling({ prompt: 'x', k: 3, category, anchored: false });
      expect(
        messages[0]?.content.startsWith('Generate 3 responses that represent diverse values.'),
      ).toBe(true);
    },
  );

  it.each([[1], [5], [12]])('k=%i appears in instruction and format', (k) => {
    const system = buildSystemPromptSampling({ prompt: 'x', k, anchored: false })[0]?.content ?? '';
    expect(system).toContain(`Generate ${k} responses`);
    expect(system).toContain(`Write exactly ${k} responses`);
  });

  it.each([
    [{ prompt: 'x', k: 0, anchored: false }, RangeError],
    [{ prompt: 'x', k: 2.5, anchored: false }, RangeError],
    [{ prompt: 'x', k: 3, anchored: true }, Error],
  ])('rejects %j', (opts, error) => {
    expect(() => buildSystemPromptSampling(opts)).toThrow(error);
  });

  it('keeps placeholder-like text in the user prompt verbatim', () => {
    const prompt = 'Explain {num_responses} and {prompt}';
    const messages = buildSystemPromptSampling({ prompt, k: 2, category: 'D', anchored: true });
    expect(messages[1]?.content).toBe(prompt);
  });

  it.each([[1], [3], [5]])('an output following the requested format parses for k=%i', (k) => {
    const output = Array.from(
      { length: k },
      (_, i) => `<response id="${i + 1}">\nAnswer number ${i + 1}\n</response>`,
    ).join('\n');
    expect(parseMultiResponse(output, k)).toEqual({
      ok: true,
      value: Array.from({ length: k }, (_, i) => `Answer number ${i + 1}`),
    });
  });
});

describe('buildRegenerationMessages', () => {
  it.each([
    [[], ['user']],
    [['a1'], ['user', 'assistant', 'user']],
    [
      ['a1', 'a2', 'a3'],
      ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user'],
    ],
  ])('previous %j gives roles %j', (previous, expected) => {
    const messages = buildRegenerationMessages({
      prompt: 'Tell a joke',
      previous,
      anchored: false,
    });
    expect(roles(messages)).toEqual(expected);
    expect(messages[0]?.content).toBe('Tell a joke');
    previous.forEach((answer, i) => expect(messages[1 + 2 * i]?.content).toBe(answer));
  });

  it('general follow-up is the paper wording', () => {
    const messages = buildRegenerationMessages({
      prompt: 'p',
      previous: ['x', 'y'],
      anchored: false,
    });
    expect(messages.filter((m, i) => i > 0 && m.role === 'user').map((m) => m.content)).toEqual([
      'Can you generate a different answer?',
      'Can you generate a different answer?',
    ]);
  });

  it.each(SAMPLING_PHRASES)('anchored %s follow-up contains %j', (c, _system, phrase) => {
    const messages = buildRegenerationMessages({
      prompt: 'p',
      previous: ['x'],
      category: c,
      anchored: true,
    });
    expect(messages.at(-1)?.role).toBe('user');
    expect(messages.at(-1)?.content).toContain(phrase);
    expect(messages.at(-1)?.content).not.toBe('Can you generate a different answer?');
  });

  it('keeps identical previous answers as separate turns', () => {
    const messages = buildRegenerationMessages({
      prompt: 'p',
      previous: ['same', 'same'],
      anchored: false,
    });
    expect(messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([
      'same',
      'same',
    ]);
  });

  it('anchored without a category throws', () => {
    expect(() => buildRegenerationMessages({ prompt: 'p', previous: [], anchored: true })).toThrow(
      /task category/,
    );
  });
});

describe('buildTemperatureMessages', () => {
  it.each([['Hi'], [''], ['中文 {prompt}']])('%j is sent bare', (prompt) => {
    expect(buildTemperatureMessages(prompt)).toEqual([{ role: 'user', content: prompt }]);
  });
});

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

describe('SAMPLING_STRATEGIES', () => {
  it.each([
    ['temperature', 'temperature', false, 'independent'],
    ['system-general', 'system-prompt', false, 'single'],
    ['system-task-anchored', 'system-prompt', true, 'single'],
    ['icr-general', 'in-context-regeneration', false, 'sequential'],
    ['icr-task-anchored', 'in-context-regeneration', true, 'sequential'],
  ] as const)('%s: family %s, anchored %s, calls %s', (id, family, anchored, calls) => {
    const info = SAMPLING_STRATEGIES[id];
    expect(info).toMatchObject({ id, family, anchored, calls });
    expect(info.label.length).toBeGreaterThan(0);
    expect(info.reference).toMatch(/et al\./);
  });

  it('lists every strategy once', () => {
    expect([...SAMPLING_STRATEGY_IDS].sort()).toEqual(Object.keys(SAMPLING_STRATEGIES).sort());
  });
});

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
