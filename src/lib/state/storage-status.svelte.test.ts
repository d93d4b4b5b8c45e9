// Tests of the page's storage status: reading usage and persistence, the one-time persistence
// request at the first save, the explicit request, and whether a save of a given size fits.
import { describe, expect, it, vi } from 'vitest';
import type { StorageManagerLike } from '../storage/quota';
import { openForSaving, StorageStatus } from './storage-status.svelte';

function manager(options: {
  usage?: number;
  quota?: number;
  persisted?: boolean;
  grant?: boolean;
}): StorageManagerLike & { persist: ReturnType<typeof vi.fn> } {
  let persisted = options.persisted ?? false;
  return {
    estimate: async () => ({ usage: options.usage ?? 0, quota: options.quota ?? 0 }),
    persisted: async () => persisted,
    persist: vi.fn(async () => {
      persisted = options.grant ?? false;
      return persisted;
    }),
  };
}

describe('StorageStatus', () => {
  it.each([
    ['no Storage API', undefined, null, 'unsupported'],
    [
      'not persisted yet',
      manager({ usage: 10, quota: 100 }),
      { usage: 10, quota: 100, fraction: 0.1 },
      'unknown',
    ],
    [
      'already persisted',
      manager({ usage: 0, quota: 100, persisted: true }),
      { usage: 0, quota: 100, fraction: 0 },
      'persisted',
    ],
  ] as const)('refresh with %s', async (_label, m, estimate, persistence) => {
    const status = new StorageStatus(() => m);
    await status.refresh();
    expect(status.estimate).toEqual(estimate);
    expect(status.persistence).toBe(persistence);
  });

  it.each([
    ['granted', true, 'persisted'],
    ['declined', false, 'denied'],
  ] as const)('asks once at the first save: %s', async (_label, grant, result) => {
    const m = manager({ grant });
    const status = new StorageStatus(() => m);
    expect(status.askedAutomatically).toBe(false);
    const answers = await Promise.all([status.ensurePersistent(), status.ensurePersistent()]);
    await status.ensurePersistent();
    expect(answers).toEqual([result, result]);
    expect(m.persist).toHaveBeenCalledTimes(1);
    expect(status.persistence).toBe(result);
    expect(status.askedAutomatically).toBe(true);
  });

  it('does not ask a browser that already persists the data', async () => {
    const m = manager({ persisted: true });
    const status = new StorageStatus(() => m);
    expect(await status.ensurePersistent()).toBe('persisted');
    expect(m.persist).not.toHaveBeenCalled();
  });

  it('the button asks again after a declined automatic request', async () => {
    const m = manager({ grant: false });
    const status = new StorageStatus(() => m);
    await status.ensurePersistent();
    expect(await status.keepPersistent()).toBe('denied');
    expect(m.persist).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['fits', 1_000_000, 10_000_000, 100_000, true],
    ['does not fit', 9_900_000, 10_000_000, 100_000, false],
  ])('roomFor: a save that %s', async (_label, usage, quota, json, fits) => {
    const status = new StorageStatus(() => manager({ usage, quota }));
    const room = await status.roomFor(json);
    expect(room?.fits).toBe(fits);
    expect(room?.free).toBe(quota - usage);
  });

  it('roomFor without a quota says nothing', async () => {
    expect(await new StorageStatus(() => undefined).roomFor(10)).toBeUndefined();
  });

  it('openForSaving asks for persistence, then opens', async () => {
    const m = manager({ grant: true });
    const status = new StorageStatus(() => m);
    const db = { name: 'db' };
    const open = vi.fn(async () => db as never);
    const openSaving = openForSaving(open, status);
    expect(m.persist).not.toHaveBeenCalled();
    expect(await openSaving()).toBe(db);
    await openSaving();
    expect(open).toHaveBeenCalledTimes(2);
    expect(m.persist).toHaveBeenCalledTimes(1);
  });
});
