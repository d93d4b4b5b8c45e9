// PriceTable: defaults, edits (invalid values ignored), rows added and removed, reset, lookup per
// provider kind, and persistence.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../engines/cloud/prices';
import { defaultPriceRows, type PriceRow } from './accounting';
import { PriceTable } from './prices.svelte';
import { SETTING_KEYS } from './settings-store';
import { MemorySettingsStore } from './testing/memory-settings-store';

describe('PriceTable', () => {
  it('starts with the default prices', async () => {
    const table = new PriceTable(new MemorySettingsStore());
    await table.load();
    expect(table.rows).toHaveLength(DEFAULT_PRICES.length);
    expect(table.priceFor({ kind: 'openai' }, 'gpt-4o-mini-2024-07-18')?.inputPerMTok).toBe(0.15);
  });

  it.each<[string, Partial<PriceRow>, Partial<PriceRow>]>([
    ['input price', { inputPerMTok: 3 }, { inputPerMTok: 3 }],
    ['negative ignored', { inputPerMTok: -1 }, { inputPerMTok: 2.5 }],
    ['NaN ignored', { outputPerMTok: Number.NaN }, { outputPerMTok: 10 }],
    ['zero allowed', { outputPerMTok: 0 }, { outputPerMTok: 0 }],
    ['model trimmed', { model: ' gpt-4o-x ' }, { model: 'gpt-4o-x' }],
    ['scope changed', { provider: 'openai-compatible' }, { provider: 'openai-compatible' }],
  ])('edit: %s', async (_name, patch, expected) => {
    const table = new PriceTable(new MemorySettingsStore());
    const index = table.rows.findIndex((r) => r.model === 'gpt-4o');
    await table.edit(index, patch);
    expect(table.rows[index]).toMatchObject(expected);
  });

  it('ignores an edit of a row that does not exist', async () => {
    const table = new PriceTable(new MemorySettingsStore());
    await table.edit(999, { inputPerMTok: 1 });
    expect(table.rows).toHaveLength(DEFAULT_PRICES.length);
  });

  it('adds a row for a compatible server, prices it, removes it, and resets', async () => {
    const store = new MemorySettingsStore();
    const table = new PriceTable(store);
    await table.addRow({ model: 'llama-3.1-8b', inputPerMTok: 0.05, outputPerMTok: 0.08 });
    expect(
      table.priceFor({ kind: 'openai-compatible' }, 'llama-3.1-8b-instant')?.outputPerMTok,
    ).toBe(0.08);
    expect(table.priceFor({ kind: 'transformers' }, 'llama-3.1-8b')).toBeNull();
    const reloaded = new PriceTable(store);
    await reloaded.load();
    expect(reloaded.rows).toHaveLength(DEFAULT_PRICES.length + 1);
    await table.removeRow(table.rows.length - 1);
    expect(table.priceFor({ kind: 'openai-compatible' }, 'llama-3.1-8b')).toBeNull();
    await table.removeRow(0);
    await table.resetToDefaults();
    expect(table.rows).toEqual(defaultPriceRows());
    expect(await store.getSetting(SETTING_KEYS.prices)).toHaveLength(DEFAULT_PRICES.length);
  });
});
