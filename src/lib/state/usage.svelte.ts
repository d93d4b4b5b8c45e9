// The usage ledger: tokens of every model call and their cost for cloud models, totalled per
// provider and model. Costs are computed from the current price table, so edits apply at once.
import type { UsageEvent } from '../engines/registry';
import {
  addToTotals,
  costOfUsage,
  parseUsage,
  usageCall,
  type PriceRow,
  type PriceScope,
  type UsageCall,
  type UsageTotal,
} from './accounting';
import { SETTING_KEYS, toJson, type SettingsStore } from './settings-store';

/** A total with its cost, as the usage table shows it. */
export interface UsageRow extends UsageTotal {
  /** USD; 0 for local models; null when the model has no price. */
  costUsd: number | null;
}

/** Calls kept individually (older ones only count in the totals). */
export const RECENT_CALLS_KEPT = 50;

/** Records token usage and reports totals with costs. */
export class UsageLedger {
  #totals = $state<UsageTotal[]>([]);
  #recent = $state<UsageCall[]>([]);
  #saveError = $state<string | null>(null);
  #saving: Promise<void> = Promise.resolve();
  readonly #store: SettingsStore;
  readonly #prices: () => readonly PriceRow[];

  /**
   * @param store where the ledger is persisted
   * @param prices the current price table rows
   */
  constructor(store: SettingsStore, prices: () => readonly PriceRow[]) {
    this.#store = store;
    this.#prices = prices;
  }

  /** Totals per provider and model, with cost at the current prices. */
  get rows(): UsageRow[] {
    const prices = this.#prices();
    return this.#totals.map((t) => ({ ...t, costUsd: costOfUsage(t, prices) }));
  }

  /** The most recent calls, newest first, with their cost. */
  get recent(): (UsageCall & { costUsd: number | null })[] {
    const prices = this.#prices();
    return this.#recent.map((c) => ({ ...c, costUsd: costOfUsage(c, prices) }));
  }

  /** Sum of all known costs, and whether some calls could not be priced. */
  get totalCost(): { usd: number; unpriced: boolean } {
    let usd = 0;
    let unpriced = false;
    for (const row of this.rows) {
      if (row.costUsd === null) unpriced = true;
      else usd += row.costUsd;
    }
    return { usd, unpriced };
  }

  /** Why the last save failed, if it did. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** Reads the stored ledger, keeping calls recorded meanwhile. */
  async load(): Promise<void> {
    try {
      const stored = parseUsage(await this.#store.getSetting(SETTING_KEYS.usage));
      let totals = stored.totals;
      for (const call of [...this.#recent].reverse()) totals = addToTotals(totals, call);
      this.#totals = totals;
      this.#recent = [...this.#recent, ...stored.recent].slice(0, RECENT_CALLS_KEPT);
    } catch (err) {
      this.#saveError = `Usage could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * Adds one finished call.
   * @param event the engine's usage report
   * @param scope the price list of the call's provider (null for in-browser engines)
   */
  record(event: UsageEvent, scope: PriceScope | null): void {
    const call = usageCall(event, scope);
    this.#totals = addToTotals(this.#totals, call);
    this.#recent = [call, ...this.#recent].slice(0, RECENT_CALLS_KEPT);
    void this.#persist();
  }

  /** Forgets all recorded usage. */
  async clear(): Promise<void> {
    this.#totals = [];
    this.#recent = [];
    await this.#persist();
  }

  /** Resolves when every save started so far has finished. */
  flushed(): Promise<void> {
    return this.#saving;
  }

  #persist(): Promise<void> {
    // Saves run one after another so an older snapshot never overwrites a newer one.
    this.#saving = this.#saving.then(async () => {
      try {
        await this.#store.setSetting(
          SETTING_KEYS.usage,
          toJson({ totals: $state.snapshot(this.#totals), recent: $state.snapshot(this.#recent) }),
        );
        this.#saveError = null;
      } catch (err) {
        this.#saveError = `Usage could not be saved: ${err instanceof Error ? err.message : String(err)}`;
      }
    });
    return this.#saving;
  }
}
