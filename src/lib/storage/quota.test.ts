// Table-driven tests of the storage budget helpers: usage estimates, the persistence request and
// whether a save of a given size fits, against stand-in StorageManagers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  estimateUsage,
  requestPersistence,
  roomFor,
  SAVE_OVERHEAD_BYTES,
  storedBytesOf,
  type PersistenceResult,
  type UsageEstimate,
} from './quota';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('estimateUsage', () => {
  it.each([
    ['no manager', undefined, undefined],
    [
      'usage and quota',
      { estimate: async () => ({ usage: 50, quota: 200 }) },
      { usage: 50, quota: 200, fraction: 0.25 },
    ],
    ['missing fields', { estimate: async () => ({}) }, { usage: 0, quota: 0, fraction: 0 }],
    [
      'usage over quota',
      { estimate: async () => ({ usage: 300, quota: 200 }) },
      { usage: 300, quota: 200, fraction: 1 },
    ],
    ['a failing estimate', { estimate: () => Promise.reject(new Error('nope')) }, undefined],
  ])('with %s', async (_label, manager, expected) => {
    expect(await estimateUsage(manager)).toEqual(expected);
  });

  it('without navigator.storage is undefined', async () => {
    vi.stubGlobal('navigator', {});
    expect(await estimateUsage()).toBeUndefined();
  });
});

describe('requestPersistence', () => {
  type Answer = boolean | 'throws' | 'absent';
  it.each<[string, Answer, Answer, PersistenceResult, number]>([
    ['no persist()', 'absent', 'absent', 'unsupported', 0],
    ['already persisted', true, true, 'persisted', 0],
    ['granted', false, true, 'persisted', 1],
    ['denied', false, false, 'denied', 1],
    ['no persisted()', 'absent', true, 'persisted', 1],
    ['persist() throws', false, 'throws', 'unsupported', 1],
  ])('with %s', async (_label, persisted, granted, expected, calls) => {
    const answer = (a: Answer) => async (): Promise<boolean> => {
      if (a === 'throws') throw new Error('refused');
      return a === true;
    };
    const persist = vi.fn(answer(granted));
    const manager = {
      ...(persisted === 'absent' ? {} : { persisted: answer(persisted) }),
      ...(granted === 'absent' ? {} : { persist }),
    };
    expect(await requestPersistence(manager)).toBe(expected);
    expect(persist).toHaveBeenCalledTimes(calls);
  });

  it('without navigator.storage is unsupported', async () => {
    vi.stubGlobal('navigator', {});
    expect(await requestPersistence()).toBe('unsupported');
  });
});

describe('storedBytesOf', () => {
  it.each([
    [0, SAVE_OVERHEAD_BYTES],
    [-5, SAVE_OVERHEAD_BYTES],
    [1000, 1500 + SAVE_OVERHEAD_BYTES],
    [4_000_000, 6_000_000 + SAVE_OVERHEAD_BYTES],
  ])('%i bytes of JSON take %i bytes', (json, stored) => {
    expect(storedBytesOf(json)).toBe(stored);
  });
});

describe('roomFor', () => {
  const est = (usage: number, quota: number): UsageEstimate => ({
    usage,
    quota,
    fraction: quota > 0 ? Math.min(1, usage / quota) : 0,
  });
  it.each<[string, number, UsageEstimate | undefined, ReturnType<typeof roomFor>]>([
    ['an unknown estimate', 10, undefined, undefined],
    ['an unknown quota', 10, est(5, 0), undefined],
    [
      'plenty of room',
      100,
      est(1000, 10_000),
      { needed: 100, free: 9000, usage: 1000, quota: 10_000, fits: true },
    ],
    [
      'exactly the room left',
      9000,
      est(1000, 10_000),
      { needed: 9000, free: 9000, usage: 1000, quota: 10_000, fits: true },
    ],
    [
      'one byte too many',
      9001,
      est(1000, 10_000),
      { needed: 9001, free: 9000, usage: 1000, quota: 10_000, fits: false },
    ],
    [
      'usage already over the quota',
      1,
      est(12_000, 10_000),
      { needed: 1, free: 0, usage: 12_000, quota: 10_000, fits: false },
    ],
  ])('%s', (_label, needed, estimate, expected) => {
    expect(roomFor(needed, estimate)).toEqual(expected);
  });
});
