// The one cost formula: token counts times a price in USD per million tokens. The estimate, the
// usage ledger and the cloud price list all call it, so a pricing rule changes in one place.

/** A price in USD per million tokens. */
export interface TokenPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Prompt tokens read from the provider's prompt cache; absent: charged as input. */
  cachedInputPerMTok?: number;
}

/** Calls sent through a provider's batch API cost this share of the price (OpenAI, Anthropic, Gemini). */
export const BATCH_PRICE_FACTOR = 0.5;

/** How tokens were billed beyond the standard price. */
export interface Discounts {
  /** Prompt tokens read from the provider's prompt cache (part of the prompt tokens). */
  cachedPromptTokens?: number;
  /** Sent through the provider's batch API: BATCH_PRICE_FACTOR of the price. */
  batch?: boolean;
}

/**
 * Cost in USD of token counts at a price: cached prompt tokens at the cached-input price (when
 * the price has one), and the whole call at the batch price when it went through a batch (the
 * providers apply both discounts together).
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param price USD per million input, cached-input and output tokens
 * @param discounts cached prompt tokens and whether the call was batched
 */
export function tokenCostUsd(
  promptTokens: number,
  completionTokens: number,
  price: TokenPrice,
  discounts: Discounts = {},
): number {
  const cached = Math.min(promptTokens, Math.max(0, discounts.cachedPromptTokens ?? 0));
  const usd =
    ((promptTokens - cached) * price.inputPerMTok +
      cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
      completionTokens * price.outputPerMTok) /
    1_000_000;
  return discounts.batch === true ? usd * BATCH_PRICE_FACTOR : usd;
}
