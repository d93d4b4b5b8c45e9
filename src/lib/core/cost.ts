// The one cost formula: token counts times a price in USD per million tokens. The estimate, the
// usage ledger and the cloud price list all call it, so a pricing rule changes in one place.

/** A price in USD per million tokens. */
export interface TokenPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Cost in USD of token counts at a price.
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param price USD per million input and output tokens
 */
export function tokenCostUsd(
  promptTokens: number,
  completionTokens: number,
  price: TokenPrice,
): number {
  return (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1_000_000;
}
