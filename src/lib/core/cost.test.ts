// Table for the one cost formula (USD per million tokens).
import { describe, expect, it } from 'vitest';
import { tokenCostUsd } from './cost';

describe('tokenCostUsd', () => {
  it.each([
    ['nothing used', 0, 0, { inputPerMTok: 2.5, outputPerMTok: 10 }, 0],
    ['one million in', 1_000_000, 0, { inputPerMTok: 2.5, outputPerMTok: 10 }, 2.5],
    ['one million out', 0, 1_000_000, { inputPerMTok: 2.5, outputPerMTok: 10 }, 10],
    ['a small call', 1000, 500, { inputPerMTok: 0.15, outputPerMTok: 0.6 }, 0.00045],
    ['free model', 1000, 1000, { inputPerMTok: 0, outputPerMTok: 0 }, 0],
  ])('%s', (_label, input, output, price, usd) => {
    expect(tokenCostUsd(input, output, price)).toBeCloseTo(usd, 12);
  });
});
