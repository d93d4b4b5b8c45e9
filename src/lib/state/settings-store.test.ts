// Tests of the shared app database handle: opened once, and opened again when the browser
// closed the connection under the page (as it does when its storage fails on a full disk).
import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { STORES } from '../storage/db';
import { StorageClosedError } from '../storage/errors';
import { appDatabase } from './settings-store';

describe('appDatabase', () => {
  it('shares one connection and replaces one the browser closed', async () => {
    const first = await appDatabase();
    expect(await appDatabase()).toBe(first);
    await first.setSetting('kept', 1);

    forceCloseDatabase(unwrap(first.raw) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await expect(first.getSetting('kept')).rejects.toBeInstanceOf(StorageClosedError);

    const second = await appDatabase();
    expect(second).not.toBe(first);
    expect(await second.getSetting('kept')).toBe(1);
    await second.put(STORES.settings, { key: 'after', value: 2, updatedAt: 0 });
    expect(await appDatabase()).toBe(second);
    second.close();
  });
});
