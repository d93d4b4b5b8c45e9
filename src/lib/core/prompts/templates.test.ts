// Table-driven tests for the prompts' template catalogue.
import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS } from '../taxonomy';
import { PROMPT_TEMPLATES, templatePlaceholders, type PromptTemplateId } from '../prompts';

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
