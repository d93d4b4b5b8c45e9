// Price lookup by model id (exact, dated snapshot, longest prefix) and the cost of usage.
import { describe, expect, it } from 'vitest';
import { costOf, DEFAULT_PRICES, DEFAULT_PRICES_AS_OF, findPrice, type ModelPrice } from './prices';

describe('findPrice', () => {
  it.each([
    ['openai', 'gpt-4o', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'GPT-4.1-nano', 'gpt-4.1-nano'],
    ['openai', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-opus-4-1-20250805', 'claude-opus-4'],
    ['gemini', 'models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['gemini', 'gemini-2.5-flash-lite', 'gemini-2.5-flash-lite'],
    ['gemini', 'gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['openai', 'gpt-4ox', null],
    ['openai', 'llama3.2', null],
    ['anthropic', 'gpt-4o', null],
    ['openai', '', null],
  ] as const)('%s %s -> %s', (provider, model, expected) => {
    expect(findPrice(DEFAULT_PRICES, provider, model)?.model ?? null).toBe(expected);
  });

  it('uses an edited table', () => {
    const table: ModelPrice[] = [
      { provider: 'openai', model: 'my-model', inputPerMTok: 1, outputPerMTok: 2 },
    ];
    expect(findPrice(table, 'openai', 'my-model-v2')).toEqual(table[0]);
    expect(findPrice([], 'openai', 'gpt-4o')).toBeNull();
  });

  it('has a date and no duplicate entries', () => {
    expect(DEFAULT_PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const keys = DEFAULT_PRICES.map((p) => `${p.provider}/${p.model}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of DEFAULT_PRICES) {
      expect(p.inputPerMTok).toBeGreaterThanOrEqual(0);
      expect(p.outputPerMTok).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('costOf', () => {
  const price: ModelPrice = {
    provider: 'openai',
    model: 'x',
    inputPerMTok: 2.5,
    outputPerMTok: 10,
  };
  it.each([
    [{ promptTokens: 1_000_000, completionTokens: 0, totalTokens: 1_000_000 }, price, 2.5],
    [{ promptTokens: 0, completionTokens: 1_000_000, totalTokens: 1_000_000 }, price, 10],
    [{ promptTokens: 1000, completionTokens: 500, totalTokens: 1500 }, price, 0.0075],
    [{ promptTokens: 0, completionTokens: 0, totalTokens: 0 }, price, 0],
    [null, price, null],
    [{ promptTokens: 1, completionTokens: 1, totalTokens: 2 }, null, null],
  ])('%o at %o -> %s', (usage, p, expected) => {
    const cost = costOf(usage, p);
    if (expected === null) expect(cost).toBeNull();
    else expect(cost).toBeCloseTo(expected, 10);
  });
});
