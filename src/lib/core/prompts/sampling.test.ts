// Table-driven tests for the prompts' sampling strategies and their message builders.
import { describe, it, expect } from 'vitest';
import type { CategoryId } from '../taxonomy';
import {
  buildRegenerationMessages,
  buildSystemPromptSampling,
  buildTemperatureMessages,
  regenerationFollowUp,
  SAMPLING_STRATEGIES,
  SAMPLING_STRATEGY_IDS,
  systemSamplingInstruction,
  type ChatMessage,
} from '../prompts';
import { parseMultiResponse } from '../parse';

const roles = (messages: ChatMessage[]): string[] => messages.map((m) => m.role);

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
