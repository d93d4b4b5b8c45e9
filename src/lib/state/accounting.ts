// Token and cost accounting: the editable price table's rows, price lookup per provider, and
// usage totals. Pure functions; the reactive PriceTable and UsageLedger classes build on them.
import { tokenCostUsd, type Discounts } from '../core/cost';
import {
  DEFAULT_CACHED_INPUT,
  DEFAULT_PRICES,
  findPrice,
  type ModelPrice,
} from '../engines/cloud/prices';
import { descriptorOf, PRICE_SCOPE_LABELS, PRICE_SCOPES, type PriceScope } from '../engines/kinds';
import type { ProviderConfig } from '../engines/providers';
import type { UsageEvent } from '../engines/registry';
import type { EngineLocation } from '../engines/types';

/** Which price list a row belongs to: a cloud API, or any OpenAI-compatible server. */
export type { PriceScope };

/** The scopes in the order the price editor lists them (from the provider descriptors). */
export { PRICE_SCOPE_LABELS, PRICE_SCOPES };

/** One row of the price table, USD per million tokens. */
export interface PriceRow {
  provider: PriceScope;
  /** Model id or id prefix (`gpt-4o` also prices `gpt-4o-2024-08-06`). */
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of prompt tokens read from the provider's prompt cache; the input price when absent. */
  cachedInputPerMTok?: number;
}

/** The default table, from the cloud module's price list. */
export function defaultPriceRows(): PriceRow[] {
  return DEFAULT_PRICES.map((p) => {
    const cached = DEFAULT_CACHED_INPUT[`${p.provider}/${p.model}`];
    return { ...p, ...(cached !== undefined && { cachedInputPerMTok: cached }) };
  });
}

function isScope(value: unknown): value is PriceScope {
  return typeof value === 'string' && (PRICE_SCOPES as readonly string[]).includes(value);
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Reads a stored price table; rows that are not well-formed are dropped. Anything that is not
 * an array (nothing stored yet) gives the defaults.
 * @param value what the settings store returned
 */
export function parsePriceRows(value: unknown): PriceRow[] {
  if (!Array.isArray(value)) return defaultPriceRows();
  const rows: PriceRow[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    if (
      isScope(r.provider) &&
      typeof r.model === 'string' &&
      isPrice(r.inputPerMTok) &&
      isPrice(r.outputPerMTok)
    ) {
      rows.push({
        provider: r.provider,
        model: r.model,
        inputPerMTok: r.inputPerMTok,
        outputPerMTok: r.outputPerMTok,
        ...(isPrice(r.cachedInputPerMTok) && { cachedInputPerMTok: r.cachedInputPerMTok }),
      });
    }
  }
  return rows;
}

/** The price list a provider's calls are billed from; null for the in-browser engines. */
export function priceScopeOf(config: Pick<ProviderConfig, 'kind'>): PriceScope | null {
  return descriptorOf(config.kind).priceScope as PriceScope | null;
}

/**
 * The row pricing `model` in `scope`: an exact id, else the longest id prefix (the cloud
 * module's matching rules). Rows with an empty model id never match.
 * @param rows the price table
 * @param scope the provider's price list
 * @param model the model id called
 */
export function lookupPrice(
  rows: readonly PriceRow[],
  scope: PriceScope,
  model: string,
): PriceRow | null {
  // findPrice only compares rows of one provider with each other, so tagging the rows of this
  // scope with a fixed provider name reuses its matching without widening its types.
  const inScope = rows.filter((r) => r.provider === scope && r.model.trim() !== '');
  const tagged: ModelPrice[] = inScope.map((r) => ({ ...r, provider: 'openai' }));
  const found = findPrice(tagged, 'openai', model);
  return found ? (inScope[tagged.indexOf(found)] ?? null) : null;
}

export type { Discounts };

/** Cost in USD of token counts at a price, with its discounts (the one formula, core/cost.ts). */
export const costUsd = tokenCostUsd;

/** Running totals of one provider/model pair. */
export interface UsageTotal {
  providerId: string;
  model: string;
  location: EngineLocation;
  /** Price list used for costs; null for in-browser engines. */
  scope: PriceScope | null;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Calls whose provider reported no token counts (left out of the sums). */
  callsWithoutUsage: number;
  /** Of the prompt tokens, those read from the provider's prompt cache. */
  cachedPromptTokens?: number;
  /** Calls sent through the provider's batch API (kept apart: another price). */
  batch?: boolean;
}

/** One call as the ledger keeps it. */
export interface UsageCall {
  at: number;
  providerId: string;
  model: string;
  location: EngineLocation;
  scope: PriceScope | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
  cachedPromptTokens?: number;
  batch?: boolean;
}

/**
 * Adds one call to the totals (a new array; the input is not changed).
 * @param totals the totals so far
 * @param call the finished call
 */
export function addToTotals(totals: readonly UsageTotal[], call: UsageCall): UsageTotal[] {
  const out = totals.map((t) => ({ ...t }));
  const batch = call.batch === true;
  let row = out.find(
    (t) =>
      t.providerId === call.providerId && t.model === call.model && (t.batch ?? false) === batch,
  );
  if (!row) {
    row = {
      providerId: call.providerId,
      model: call.model,
      location: call.location,
      scope: call.scope,
      calls: 0,
      promptTokens: 0,
      completionTokens: 0,
      callsWithoutUsage: 0,
      ...(batch && { batch }),
    };
    out.push(row);
  }
  row.calls += 1;
  row.location = call.location;
  row.scope = call.scope;
  if (call.promptTokens === null || call.completionTokens === null) row.callsWithoutUsage += 1;
  else {
    row.promptTokens += call.promptTokens;
    row.completionTokens += call.completionTokens;
    if (call.cachedPromptTokens) {
      row.cachedPromptTokens = (row.cachedPromptTokens ?? 0) + call.cachedPromptTokens;
    }
  }
  return out;
}

/** A call record from an engine's usage report. */
export function usageCall(
  event: Omit<UsageEvent, 'engineId'>,
  scope: PriceScope | null,
): UsageCall {
  const cached = event.usage?.cachedPromptTokens;
  return {
    at: event.at,
    providerId: event.providerId,
    model: event.model,
    location: event.location,
    scope,
    promptTokens: event.usage?.promptTokens ?? null,
    completionTokens: event.usage?.completionTokens ?? null,
    latencyMs: Math.round(event.latencyMs),
    ...(cached !== undefined && cached > 0 && { cachedPromptTokens: cached }),
    ...(event.batch === true && { batch: true }),
  };
}

/**
 * The cost of a total or a call: 0 for local models, null when the model has no price (or the
 * provider reported no tokens), else USD at the current price table.
 * @param item a total or a call
 * @param rows the price table
 */
export function costOfUsage(
  item: Pick<UsageTotal, 'location' | 'scope' | 'model'> &
    Discounts & {
      promptTokens: number | null;
      completionTokens: number | null;
    },
  rows: readonly PriceRow[],
): number | null {
  if (item.location === 'local' || item.scope === null) return 0;
  const price = lookupPrice(rows, item.scope, item.model);
  if (!price || item.promptTokens === null || item.completionTokens === null) return null;
  return costUsd(item.promptTokens, item.completionTokens, price, item);
}

/**
 * Formats USD for the usage table: more decimals for the fractions of a cent that single calls
 * cost, `—` when unknown.
 * @param usd amount, or null
 */
export function formatUsd(usd: number | null): string {
  if (usd === null || !Number.isFinite(usd)) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(usd < 100 ? 4 : 2)}`;
}

/**
 * Reads stored usage: totals and recent calls, dropping malformed entries.
 * @param value what the settings store returned
 */
export function parseUsage(value: unknown): { totals: UsageTotal[]; recent: UsageCall[] } {
  if (typeof value !== 'object' || value === null) return { totals: [], recent: [] };
  const v = value as Record<string, unknown>;
  const isLocation = (x: unknown): x is EngineLocation => x === 'local' || x === 'cloud';
  const count = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  const totals = (Array.isArray(v.totals) ? v.totals : []).filter(
    (t): t is UsageTotal =>
      typeof t === 'object' &&
      t !== null &&
      typeof t.providerId === 'string' &&
      typeof t.model === 'string' &&
      isLocation(t.location) &&
      (t.scope === null || isScope(t.scope)) &&
      count(t.calls) &&
      count(t.promptTokens) &&
      count(t.completionTokens) &&
      count(t.callsWithoutUsage) &&
      (t.cachedPromptTokens === undefined || count(t.cachedPromptTokens)) &&
      (t.batch === undefined || typeof t.batch === 'boolean'),
  );
  const recent = (Array.isArray(v.recent) ? v.recent : []).filter(
    (c): c is UsageCall =>
      typeof c === 'object' &&
      c !== null &&
      typeof c.providerId === 'string' &&
      typeof c.model === 'string' &&
      typeof c.at === 'number' &&
      isLocation(c.location) &&
      (c.scope === null || isScope(c.scope)) &&
      (c.promptTokens === null || count(c.promptTokens)) &&
      (c.completionTokens === null || count(c.completionTokens)) &&
      typeof c.latencyMs === 'number' &&
      (c.cachedPromptTokens === undefined || count(c.cachedPromptTokens)) &&
      (c.batch === undefined || typeof c.batch === 'boolean'),
  );
  return { totals, recent };
}
