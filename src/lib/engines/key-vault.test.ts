// Table tests for the key vault: session by default, device copy only when remembered, deletion
// when remembering is switched off, and graceful fallbacks when Web Storage fails.
// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { KEY_ITEM_PREFIX, KeyVault, MemoryKeyStorage, type KeyStorage } from './key-vault';

const KEY = 'sk-test-0123456789abcdef';

/** A Storage whose writes always fail, like a full or disabled one. */
class BrokenStorage implements KeyStorage {
  getItem(): string | null {
    throw new Error('SecurityError');
  }
  setItem(): void {
    throw new Error('QuotaExceededError');
  }
  removeItem(): void {
    throw new Error('SecurityError');
  }
}

function fresh(): { vault: KeyVault; session: MemoryKeyStorage; device: MemoryKeyStorage } {
  const session = new MemoryKeyStorage();
  const device = new MemoryKeyStorage();
  return { vault: new KeyVault({ session, device }), session, device };
}

describe('KeyVault', () => {
  it.each<[string, (v: KeyVault) => void, string | undefined, string, number, number]>([
    ['nothing stored', () => undefined, undefined, 'none', 0, 0],
    ['session only (default)', (v) => v.set('p', KEY, false), KEY, 'session', 1, 0],
    ['remembered', (v) => v.set('p', KEY, true), KEY, 'device', 1, 1],
    ['whitespace trimmed', (v) => v.set('p', `  ${KEY}\n`, false), KEY, 'session', 1, 0],
    [
      'empty key forgets',
      (v) => (v.set('p', KEY, true), v.set('p', '   ', true)),
      undefined,
      'none',
      0,
      0,
    ],
    [
      'remember switched off deletes the device copy',
      (v) => (v.set('p', KEY, true), v.setRemember('p', false)),
      KEY,
      'session',
      1,
      0,
    ],
    [
      'remember switched on later copies it',
      (v) => (v.set('p', KEY, false), v.setRemember('p', true)),
      KEY,
      'device',
      1,
      1,
    ],
    [
      'remove forgets everywhere',
      (v) => (v.set('p', KEY, true), v.remove('p')),
      undefined,
      'none',
      0,
      0,
    ],
    ['other provider untouched', (v) => v.set('q', KEY, true), undefined, 'none', 1, 1],
    ['remember with no key is a no-op', (v) => v.setRemember('p', true), undefined, 'none', 0, 0],
    [
      'unicode key kept as is',
      (v) => v.set('p', 'ключ-🔑-1234', false),
      'ключ-🔑-1234',
      'session',
      1,
      0,
    ],
  ])('%s', (_name, act, key, status, sessionItems, deviceItems) => {
    const { vault, session, device } = fresh();
    act(vault);
    expect(vault.get('p')).toBe(key);
    expect(vault.status('p')).toBe(status);
    expect(session.values()).toHaveLength(sessionItems);
    expect(device.values()).toHaveLength(deviceItems);
  });

  it('restores a remembered key into a new session (a new tab)', () => {
    const device = new MemoryKeyStorage();
    new KeyVault({ session: new MemoryKeyStorage(), device }).set('p', KEY, true);
    const session = new MemoryKeyStorage();
    const later = new KeyVault({ session, device });
    expect(later.get('p')).toBe(KEY);
    expect(session.getItem(`${KEY_ITEM_PREFIX}p`)).toBe(KEY);
  });

  it('forgets a session-only key in a new session', () => {
    const device = new MemoryKeyStorage();
    new KeyVault({ session: new MemoryKeyStorage(), device }).set('p', KEY, false);
    expect(new KeyVault({ session: new MemoryKeyStorage(), device }).get('p')).toBeUndefined();
  });

  it.each<[string, KeyStorage | null, KeyStorage | null, boolean, string]>([
    [
      'broken session storage falls back to memory',
      new BrokenStorage(),
      new MemoryKeyStorage(),
      true,
      'device',
    ],
    [
      'broken device storage: remember fails, key stays',
      new MemoryKeyStorage(),
      new BrokenStorage(),
      false,
      'session',
    ],
    [
      'no device storage: remember fails, key stays',
      new MemoryKeyStorage(),
      null,
      false,
      'session',
    ],
    ['no storage at all still works for the page', null, null, false, 'session'],
  ])('%s', (_name, session, device, rememberOk, status) => {
    const vault = new KeyVault({ session, device });
    expect(vault.set('p', KEY, true)).toBe(rememberOk);
    expect(vault.get('p')).toBe(KEY);
    expect(vault.status('p')).toBe(status);
    vault.remove('p');
    expect(vault.get('p')).toBeUndefined();
  });

  it('lists the keys it holds, for redaction', () => {
    const { vault } = fresh();
    vault.set('a', 'key-a-123', false);
    vault.set('b', 'key-b-456', true);
    expect(vault.secrets(['a', 'b', 'c'])).toEqual(['key-a-123', 'key-b-456']);
    expect(vault.secrets([])).toEqual([]);
  });
});

describe('KeyVault on the browser storages (jsdom)', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it.each([
    [false, 1, 0],
    [true, 1, 1],
  ])('remember=%s writes %i session and %i local items', (remember, inSession, inLocal) => {
    const vault = new KeyVault();
    vault.set('openai', KEY, remember);
    expect(sessionStorage.length).toBe(inSession);
    expect(localStorage.length).toBe(inLocal);
    expect(sessionStorage.getItem(`${KEY_ITEM_PREFIX}openai`)).toBe(KEY);
    vault.setRemember('openai', false);
    expect(localStorage.length).toBe(0);
  });
});
