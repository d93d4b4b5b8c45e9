// UsageLedger: per-call records and totals, costs from the current price table (edits apply at
// once), local models free, persistence with the newest snapshot winning.
import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../engines/registry';
import type { PriceRow } from './accounting';
import { MemorySettingsStore } from './testing/memory-settings-store';
import { RECENT_CALLS_KEPT, UsageLedger } from './usage.svelte';

function event(patch: Partial<UsageEvent> = {}): UsageEvent {
  return {
    engineId: 'openai/gpt-4o',
    providerId: 'openai',
    model: 'gpt-4o',
    location: 'cloud',
    usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 },
    latencyMs: 200,
    at: 1,
    ...patch,
  };
}

describe('UsageLedger', () => {
  it('totals calls per provider and model with their cost', () => {
    const prices: PriceRow[] = [
      { provider: 'openai', model: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10 },
    ];
    const ledger = new UsageLedger(new MemorySettingsStore(), () => prices);
    ledger.record(event(), 'openai');
    ledger.record(event(), 'openai');
    ledger.record(event({ providerId: 'webllm', model: 'Smol', location: 'local' }), null);
    ledger.record(event({ providerId: 'g', model: 'unknown-model' }), 'gemini');
    expect(ledger.rows.map((r) => [r.providerId, r.calls, r.promptTokens, r.costUsd])).toEqual([
      ['openai', 2, 2000, 0.015],
      ['webllm', 1, 1000, 0],
      ['g', 1, 1000, null],
    ]);
    expect(ledger.totalCost).toEqual({ usd: 0.015, unpriced: true });
    expect(ledger.recent).toHaveLength(4);
    expect(ledger.recent[0]?.providerId).toBe('g');
  });

  it('recomputes costs when a price changes', () => {
    const prices: PriceRow[] = [
      { provider: 'openai', model: 'gpt-4o', inputPerMTok: 1, outputPerMTok: 0 },
    ];
    const ledger = new UsageLedger(new MemorySettingsStore(), () => prices);
    ledger.record(event(), 'openai');
    expect(ledger.rows[0]?.costUsd).toBeCloseTo(0.001, 12);
    prices[0]!.inputPerMTok = 2;
    expect(ledger.rows[0]?.costUsd).toBeCloseTo(0.002, 12);
  });

  it('keeps only the latest calls individually but counts all of them', () => {
    const ledger = new UsageLedger(new MemorySettingsStore(), () => []);
    for (let i = 0; i < RECENT_CALLS_KEPT + 5; i += 1) ledger.record(event({ at: i }), 'openai');
    expect(ledger.recent).toHaveLength(RECENT_CALLS_KEPT);
    expect(ledger.recent[0]?.at).toBe(RECENT_CALLS_KEPT + 4);
    expect(ledger.rows[0]?.calls).toBe(RECENT_CALLS_KEPT + 5);
  });

  it('persists, reloads (keeping calls made meanwhile) and clears', async () => {
    const store = new MemorySettingsStore();
    const first = new UsageLedger(store, () => []);
    first.record(event(), 'openai');
    first.record(event({ usage: null }), 'openai');
    await first.flushed();
    const second = new UsageLedger(store, () => []);
    second.record(event({ model: 'gpt-4o-mini' }), 'openai');
    await second.load();
    expect(second.rows.map((r) => [r.model, r.calls, r.callsWithoutUsage])).toEqual([
      ['gpt-4o', 2, 1],
      ['gpt-4o-mini', 1, 0],
    ]);
    await second.clear();
    const third = new UsageLedger(store, () => []);
    await third.load();
    expect(third.rows).toEqual([]);
  });
});
