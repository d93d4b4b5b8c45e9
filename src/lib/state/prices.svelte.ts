// The user-editable price table (USD per million tokens), persisted in the settings store.
// Defaults come from the cloud module's price list; costs everywhere use the current table.
import { DEFAULT_PRICES_AS_OF } from '../engines/cloud/prices';
import type { ProviderConfig } from '../engines/providers';
import {
  defaultPriceRows,
  lookupPrice,
  parsePriceRows,
  priceScopeOf,
  type PriceRow,
} from './accounting';
import { SETTING_KEYS, toJson, type SettingsStore } from './settings-store';

/** The price table rows and the edits Settings makes to them. */
export class PriceTable {
  #rows = $state<PriceRow[]>(defaultPriceRows());
  #saveError = $state<string | null>(null);
  readonly #store: SettingsStore;

  /** When the default prices were taken from the providers' pages. */
  readonly defaultsAsOf = DEFAULT_PRICES_AS_OF;

  /** @param store where the table is persisted */
  constructor(store: SettingsStore) {
    this.#store = store;
  }

  /** The rows, in table order. */
  get rows(): readonly PriceRow[] {
    return this.#rows;
  }

  /** Why the last save failed, if it did. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** Reads the stored table (the defaults when nothing is stored). */
  async load(): Promise<void> {
    try {
      const stored = await this.#store.getSetting(SETTING_KEYS.prices);
      if (stored !== undefined) this.#rows = parsePriceRows(stored);
    } catch (err) {
      this.#saveError = `The price table could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** The row pricing a provider's model, or null (local engines, or no matching row). */
  priceFor(config: Pick<ProviderConfig, 'kind'>, model: string): PriceRow | null {
    const scope = priceScopeOf(config);
    return scope ? lookupPrice(this.#rows, scope, model) : null;
  }

  /**
   * Changes one row. Prices must be finite and not negative; other values are ignored.
   * @param index the row's position
   * @param patch the fields to change
   */
  async edit(index: number, patch: Partial<PriceRow>): Promise<void> {
    const row = this.#rows[index];
    if (!row) return;
    const next: PriceRow = { ...row };
    if (patch.provider !== undefined) next.provider = patch.provider;
    if (patch.model !== undefined) next.model = patch.model.trim();
    for (const field of ['inputPerMTok', 'outputPerMTok'] as const) {
      const value = patch[field];
      if (value !== undefined && Number.isFinite(value) && value >= 0) next[field] = value;
    }
    this.#rows = this.#rows.map((r, i) => (i === index ? next : r));
    await this.#persist();
  }

  /** Adds an empty row for an OpenAI-compatible server (edited in place afterwards). */
  async addRow(row: Partial<PriceRow> = {}): Promise<void> {
    this.#rows = [
      ...this.#rows,
      {
        provider: row.provider ?? 'openai-compatible',
        model: row.model ?? '',
        inputPerMTok: row.inputPerMTok ?? 0,
        outputPerMTok: row.outputPerMTok ?? 0,
      },
    ];
    await this.#persist();
  }

  /** Removes a row. */
  async removeRow(index: number): Promise<void> {
    this.#rows = this.#rows.filter((_, i) => i !== index);
    await this.#persist();
  }

  /** Puts the default prices back, dropping every edit. */
  async resetToDefaults(): Promise<void> {
    this.#rows = defaultPriceRows();
    await this.#persist();
  }

  async #persist(): Promise<void> {
    try {
      await this.#store.setSetting(SETTING_KEYS.prices, toJson($state.snapshot(this.#rows)));
      this.#saveError = null;
    } catch (err) {
      this.#saveError = `The price table could not be saved: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
