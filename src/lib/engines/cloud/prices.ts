// Default per-token prices of common cloud models and the cost of a call's token usage.
// These are user-editable defaults, not live prices: Settings lets the user correct them.
import { tokenCostUsd } from '../../core/cost';
import type { PriceScope } from '../kinds';
import type { TokenUsage } from '../types';

/** Which API a default price belongs to (the price scopes of the cloud APIs). */
export type PriceProvider = Exclude<PriceScope, 'openai-compatible'>;

/** Price of one model in USD per million tokens. */
export interface ModelPrice {
  provider: PriceProvider;
  /** Model id or id prefix (dated snapshots like `gpt-4o-2024-08-06` match `gpt-4o`). */
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Prompt tokens read from the provider's prompt cache; the input price when absent. */
  cachedInputPerMTok?: number;
}

/**
 * When the defaults below were taken from the providers' public price pages (standard tier,
 * no batch or cache discounts, prompts under any long-context threshold). Prices change:
 * check the provider's page and edit the table in Settings.
 */
export const DEFAULT_PRICES_AS_OF = '2025-11-30';

/** Default price table (USD per 1M tokens). Embedding models have no output price. */
export const DEFAULT_PRICES: readonly ModelPrice[] = [
  { provider: 'openai', model: 'gpt-5', inputPerMTok: 1.25, outputPerMTok: 10 },
  { provider: 'openai', model: 'gpt-5-mini', inputPerMTok: 0.25, outputPerMTok: 2 },
  { provider: 'openai', model: 'gpt-5-nano', inputPerMTok: 0.05, outputPerMTok: 0.4 },
  { provider: 'openai', model: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10 },
  { provider: 'openai', model: 'gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { provider: 'openai', model: 'gpt-4.1', inputPerMTok: 2, outputPerMTok: 8 },
  { provider: 'openai', model: 'gpt-4.1-mini', inputPerMTok: 0.4, outputPerMTok: 1.6 },
  { provider: 'openai', model: 'gpt-4.1-nano', inputPerMTok: 0.1, outputPerMTok: 0.4 },
  { provider: 'openai', model: 'o3', inputPerMTok: 2, outputPerMTok: 8 },
  { provider: 'openai', model: 'o4-mini', inputPerMTok: 1.1, outputPerMTok: 4.4 },
  { provider: 'openai', model: 'text-embedding-3-small', inputPerMTok: 0.02, outputPerMTok: 0 },
  { provider: 'openai', model: 'text-embedding-3-large', inputPerMTok: 0.13, outputPerMTok: 0 },
  { provider: 'anthropic', model: 'claude-opus-4-5', inputPerMTok: 5, outputPerMTok: 25 },
  { provider: 'anthropic', model: 'claude-opus-4', inputPerMTok: 15, outputPerMTok: 75 },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', inputPerMTok: 3, outputPerMTok: 15 },
  { provider: 'anthropic', model: 'claude-sonnet-4', inputPerMTok: 3, outputPerMTok: 15 },
  { provider: 'anthropic', model: 'claude-haiku-4-5', inputPerMTok: 1, outputPerMTok: 5 },
  { provider: 'anthropic', model: 'claude-3-7-sonnet', inputPerMTok: 3, outputPerMTok: 15 },
  { provider: 'anthropic', model: 'claude-3-5-haiku', inputPerMTok: 0.8, outputPerMTok: 4 },
  { provider: 'anthropic', model: 'claude-3-haiku', inputPerMTok: 0.25, outputPerMTok: 1.25 },
  { provider: 'gemini', model: 'gemini-3-pro-preview', inputPerMTok: 2, outputPerMTok: 12 },
  { provider: 'gemini', model: 'gemini-2.5-pro', inputPerMTok: 1.25, outputPerMTok: 10 },
  { provider: 'gemini', model: 'gemini-2.5-flash', inputPerMTok: 0.3, outputPerMTok: 2.5 },
  { provider: 'gemini', model: 'gemini-2.5-flash-lite', inputPerMTok: 0.1, outputPerMTok: 0.4 },
  { provider: 'gemini', model: 'gemini-2.0-flash', inputPerMTok: 0.1, outputPerMTok: 0.4 },
  { provider: 'gemini', model: 'gemini-2.0-flash-lite', inputPerMTok: 0.075, outputPerMTok: 0.3 },
  { provider: 'gemini', model: 'gemini-embedding-001', inputPerMTok: 0.15, outputPerMTok: 0 },
];

/**
 * Prices of prompt-cache reads (USD per 1M tokens) of the default models, as of
 * DEFAULT_PRICES_AS_OF, keyed `provider/model`; Anthropic's are 0.1x its input prices. Batch calls
 * cost half of any price (core/estimate.ts BATCH_PRICE_FACTOR).
 */
export const DEFAULT_CACHED_INPUT: Readonly<Record<string, number>> = {
  'openai/gpt-5': 0.125,
  'openai/gpt-5-mini': 0.025,
  'openai/gpt-5-nano': 0.005,
  'openai/gpt-4o': 1.25,
  'openai/gpt-4o-mini': 0.075,
  'openai/gpt-4.1': 0.5,
  'openai/gpt-4.1-mini': 0.1,
  'openai/gpt-4.1-nano': 0.025,
  'openai/o3': 0.5,
  'openai/o4-mini': 0.275,
  'anthropic/claude-opus-4-5': 0.5,
  'anthropic/claude-opus-4': 1.5,
  'anthropic/claude-sonnet-4-5': 0.3,
  'anthropic/claude-sonnet-4': 0.3,
  'anthropic/claude-haiku-4-5': 0.1,
  'anthropic/claude-3-7-sonnet': 0.3,
  'anthropic/claude-3-5-haiku': 0.08,
  'anthropic/claude-3-haiku': 0.03,
  'gemini/gemini-2.5-pro': 0.125,
  'gemini/gemini-2.5-flash': 0.03,
  'gemini/gemini-2.5-flash-lite': 0.01,
  'gemini/gemini-2.0-flash': 0.025,
};

/**
 * The price for `model`: an exact id match, else the longest table entry the id starts with
 * (followed by `-`, `.`, `@` or `:`), so `gpt-4o-mini-2024-07-18` finds `gpt-4o-mini`, not `gpt-4o`.
 * A newer minor version falls back to its family's entry: show `price.model` so users can check.
 */
export function findPrice(
  prices: readonly ModelPrice[],
  provider: PriceProvider,
  model: string,
): ModelPrice | null {
  const id = model.replace(/^models\//, '').toLowerCase();
  let best: ModelPrice | null = null;
  for (const price of prices) {
    if (price.provider !== provider) continue;
    const key = price.model.toLowerCase();
    if (key === id) return price;
    const next = id.charAt(key.length);
    if (
      id.startsWith(key) &&
      '-.@:'.includes(next) &&
      next !== '' &&
      (!best || key.length > best.model.length)
    ) {
      best = price;
    }
  }
  return best;
}

/** Cost in USD of `usage` at `price`; `null` when either is unknown. */
export function costOf(
  usage: TokenUsage | null | undefined,
  price: ModelPrice | null | undefined,
): number | null {
  if (!usage || !price) return null;
  return tokenCostUsd(usage.promptTokens, usage.completionTokens, price);
}
