// Tests of the shared app database handle: opened once, and opened again when the browser
// closed the connection under the page (as it does when its storage fails on a full disk).
import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { StorageClosedError } from '../storage/errors';
import { getSetting, setSetting } from '../storage/db';
import { putRecord, rawConnection } from '../storage/testing/records';
import { appDatabase } from './settings-store';

describe('appDatabase', () => {
  it('shares one connection and replaces one the browser closed', async () => {
    const first = await appDatabase();
    expect(await appDatabase()).toBe(first);
    await setSetting(first, 'kept', 1);

    forceCloseDatabase(rawConnection(first) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await expect(getSetting(first, 'kept')).rejects.toBeInstanceOf(StorageClosedError);

    const second = await appDatabase();
    expect(second).not.toBe(first);
    expect(await getSetting(second, 'kept')).toBe(1);
    await putRecord(second, 'settings', { key: 'after', value: 2, updatedAt: 0 });
    expect(await appDatabase()).toBe(second);
    second.close();
  });
});
