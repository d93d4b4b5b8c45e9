// Table tests for price lookup per provider scope, costs, usage totals and stored-data parsing.
import { describe, expect, it } from 'vitest';
import {
  addToTotals,
  costOfUsage,
  costUsd,
  defaultPriceRows,
  formatUsd,
  lookupPrice,
  parsePriceRows,
  parseUsage,
  priceScopeOf,
  usageCall,
  type PriceRow,
  type UsageCall,
} from './accounting';

const ROWS: PriceRow[] = [
  { provider: 'openai', model: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10 },
  { provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { provider: 'openai-compatible', model: 'llama-3.1-8b', inputPerMTok: 0.05, outputPerMTok: 0.08 },
  { provider: 'openai-compatible', model: '', inputPerMTok: 9, outputPerMTok: 9 },
  {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    inputPerMTok: 1,
    outputPerMTok: 5,
    cachedInputPerMTok: 0.1,
  },
];

describe('lookupPrice', () => {
  it.each([
    ['openai', 'gpt-4o', 'gpt-4o'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'llama-3.1-8b', null],
    ['openai-compatible', 'llama-3.1-8b-instant', 'llama-3.1-8b'],
    ['openai-compatible', 'gpt-4o', null],
    ['openai-compatible', '', null],
    ['anthropic', 'claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['gemini', 'gemini-2.5-flash', null],
  ] as const)('%s %s -> %s', (scope, model, expected) => {
    expect(lookupPrice(ROWS, scope, model)?.model ?? null).toBe(expected);
  });

  it('returns the row object itself (so edits find it)', () => {
    expect(lookupPrice(ROWS, 'openai-compatible', 'llama-3.1-8b')).toBe(ROWS[2]);
  });

  it('prices the defaults like the cloud module', () => {
    expect(lookupPrice(defaultPriceRows(), 'gemini', 'models/gemini-2.5-flash')?.model).toBe(
      'gemini-2.5-flash',
    );
  });
});

describe('costs', () => {
  it.each([
    [1_000_000, 0, 2.5],
    [0, 1_000_000, 10],
    [1000, 500, 0.0075],
    [0, 0, 0],
  ])('%i in + %i out at gpt-4o -> $%f', (input, output, usd) => {
    expect(costUsd(input, output, ROWS[0]!)).toBeCloseTo(usd, 10);
  });

  // claude-haiku-4-5: $1 in, $5 out, $0.10 cached in; gpt-4o has no cached price.
  it.each<[string, PriceRow, Parameters<typeof costUsd>[3], number]>([
    ['standard', ROWS[4]!, {}, 1 + 5],
    [
      'cached prompt tokens at the cached-input price',
      ROWS[4]!,
      { cachedPromptTokens: 600_000 },
      0.4 + 0.06 + 5,
    ],
    ['batch: half the price', ROWS[4]!, { batch: true }, (1 + 5) / 2],
    [
      'batch and cache together',
      ROWS[4]!,
      { batch: true, cachedPromptTokens: 1_000_000 },
      (0.1 + 5) / 2,
    ],
    [
      'no cached price in the row: the input price',
      ROWS[0]!,
      { cachedPromptTokens: 500_000 },
      2.5 + 10,
    ],
    [
      'more cached than prompt tokens is capped',
      ROWS[4]!,
      { cachedPromptTokens: 2_000_000 },
      0.1 + 5,
    ],
  ])('1M in + 1M out, %s', (_name, row, discounts, usd) => {
    expect(costUsd(1_000_000, 1_000_000, row, discounts)).toBeCloseTo(usd, 10);
  });

  it.each<[string, Parameters<typeof costOfUsage>[0], number | null]>([
    [
      'cloud, priced',
      {
        location: 'cloud',
        scope: 'openai',
        model: 'gpt-4o',
        promptTokens: 1000,
        completionTokens: 500,
      },
      0.0075,
    ],
    [
      'cloud, batch call with cached prompt tokens',
      {
        location: 'cloud',
        scope: 'anthropic',
        model: 'claude-haiku-4-5',
        promptTokens: 1000,
        completionTokens: 500,
        cachedPromptTokens: 800,
        batch: true,
      },
      (200 * 1 + 800 * 0.1 + 500 * 5) / 1e6 / 2,
    ],
    [
      'cloud, no price',
      { location: 'cloud', scope: 'gemini', model: 'x', promptTokens: 10, completionTokens: 10 },
      null,
    ],
    [
      'cloud, no token counts',
      {
        location: 'cloud',
        scope: 'openai',
        model: 'gpt-4o',
        promptTokens: null,
        completionTokens: null,
      },
      null,
    ],
    [
      'local server',
      {
        location: 'local',
        scope: 'openai-compatible',
        model: 'llama-3.1-8b',
        promptTokens: 10,
        completionTokens: 10,
      },
      0,
    ],
    [
      'in-browser engine',
      { location: 'local', scope: null, model: 'SmolLM2', promptTokens: 10, completionTokens: 10 },
      0,
    ],
  ])('%s', (_name, item, expected) => {
    const cost = costOfUsage(item, ROWS);
    if (expected === null) expect(cost).toBeNull();
    else expect(cost).toBeCloseTo(expected, 10);
  });

  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [0, '$0'],
    [0.0000123, '$0.000012'],
    [0.0075, '$0.007500'],
    [0.5, '$0.5000'],
    [12.34567, '$12.3457'],
    [1234.5, '$1234.50'],
  ])('formatUsd(%s) -> %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('priceScopeOf', () => {
  it.each([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['gemini', 'gemini'],
    ['openai-compatible', 'openai-compatible'],
    ['webllm', null],
    ['transformers', null],
  ] as const)('%s -> %s', (kind, scope) => {
    expect(priceScopeOf({ kind })).toBe(scope);
  });
});

describe('usage totals', () => {
  const call = (patch: Partial<UsageCall>): UsageCall => ({
    at: 1,
    providerId: 'p',
    model: 'm',
    location: 'cloud',
    scope: 'openai',
    promptTokens: 10,
    completionTokens: 5,
    latencyMs: 100,
    ...patch,
  });

  it.each<[string, UsageCall[], Array<[string, number, number, number, number]>]>([
    ['no calls', [], []],
    ['one call', [call({})], [['p/m', 1, 10, 5, 0]]],
    [
      'same model twice',
      [call({}), call({ promptTokens: 1, completionTokens: 2 })],
      [['p/m', 2, 11, 7, 0]],
    ],
    [
      'two models',
      [call({}), call({ model: 'n' })],
      [
        ['p/m', 1, 10, 5, 0],
        ['p/n', 1, 10, 5, 0],
      ],
    ],
    [
      'two providers, same model',
      [call({}), call({ providerId: 'q' })],
      [
        ['p/m', 1, 10, 5, 0],
        ['q/m', 1, 10, 5, 0],
      ],
    ],
    [
      'no usage reported',
      [call({ promptTokens: null, completionTokens: null })],
      [['p/m', 1, 0, 0, 1]],
    ],
    [
      'batch calls apart from interactive ones (another price), cached tokens summed',
      [call({ cachedPromptTokens: 4 }), call({ batch: true }), call({ cachedPromptTokens: 3 })],
      [
        ['p/m c7', 2, 20, 10, 0],
        ['p/m batch', 1, 10, 5, 0],
      ],
    ],
  ])('%s', (_name, calls, expected) => {
    const totals = calls.reduce(addToTotals, []);
    const name = (t: (typeof totals)[number]): string =>
      `${t.providerId}/${t.model}${t.batch ? ' batch' : ''}${t.cachedPromptTokens ? ` c${t.cachedPromptTokens}` : ''}`;
    expect(
      totals.map((t) => [
        name(t),
        t.calls,
        t.promptTokens,
        t.completionTokens,
        t.callsWithoutUsage,
      ]),
    ).toEqual(expected);
  });

  it('does not change the totals it is given', () => {
    const before = addToTotals([], call({}));
    const snapshot = JSON.stringify(before);
    addToTotals(before, call({}));
    expect(JSON.stringify(before)).toBe(snapshot);
  });

  it('turns an engine report into a call record', () => {
    expect(
      usageCall(
        { providerId: 'p', model: 'm', location: 'cloud', usage: null, latencyMs: 12.6, at: 5 },
        'gemini',
      ),
    ).toEqual(
      call({ at: 5, scope: 'gemini', promptTokens: null, completionTokens: null, latencyMs: 13 }),
    );
  });

  it('keeps cached prompt tokens and the batch mark of a report', () => {
    const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15, cachedPromptTokens: 6 };
    const event = { providerId: 'p', model: 'm', location: 'cloud', usage, latencyMs: 100, at: 1 };
    expect(usageCall({ ...event, location: 'cloud', batch: true }, 'openai')).toEqual(
      call({ cachedPromptTokens: 6, batch: true }),
    );
  });
});

describe('stored data', () => {
  it.each<[string, unknown, number]>([
    ['nothing stored gives the defaults', undefined, defaultPriceRows().length],
    ['an empty table stays empty', [], 0],
    [
      'bad rows dropped',
      [
        ROWS[0],
        { provider: 'x', model: 'm', inputPerMTok: 1, outputPerMTok: 1 },
        { ...ROWS[0], inputPerMTok: -1 },
        { ...ROWS[0], outputPerMTok: '2' },
        null,
      ],
      1,
    ],
  ])('price rows: %s', (_name, stored, count) => {
    expect(parsePriceRows(stored)).toHaveLength(count);
  });

  it.each<[string, unknown, number, number]>([
    ['nothing', undefined, 0, 0],
    ['not an object', 'x', 0, 0],
    [
      'good and bad entries',
      {
        totals: [
          {
            providerId: 'p',
            model: 'm',
            location: 'cloud',
            scope: 'openai',
            calls: 1,
            promptTokens: 1,
            completionTokens: 1,
            callsWithoutUsage: 0,
          },
          {
            providerId: 'p',
            model: 'm',
            location: 'mars',
            scope: 'openai',
            calls: 1,
            promptTokens: 1,
            completionTokens: 1,
            callsWithoutUsage: 0,
          },
        ],
        recent: [
          {
            at: 1,
            providerId: 'p',
            model: 'm',
            location: 'local',
            scope: null,
            promptTokens: null,
            completionTokens: 2,
            latencyMs: 3,
          },
          {
            at: 1,
            providerId: 'p',
            model: 'm',
            location: 'local',
            scope: null,
            promptTokens: -1,
            completionTokens: 2,
            latencyMs: 3,
          },
        ],
      },
      1,
      1,
    ],
  ])('usage: %s', (_name, stored, totals, recent) => {
    const parsed = parseUsage(stored);
    expect([parsed.totals.length, parsed.recent.length]).toEqual([totals, recent]);
  });
});
