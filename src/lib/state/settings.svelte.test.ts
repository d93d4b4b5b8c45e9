// ProviderSettings and ModelDefaults: add/edit/remove with keys kept in the vault only,
// persistence through the settings store, and failures reported instead of thrown.
import { describe, expect, it } from 'vitest';
import { KeyVault, MemoryKeyStorage } from '../engines/key-vault';
import { draftFromConfig, type ProviderDraft } from '../engines/providers';
import {
  SUGGESTED_EMBEDDING,
  LOCAL_PROVIDERS,
  ModelDefaults,
  ProviderSettings,
} from './settings.svelte';
import { SETTING_KEYS, type SettingsStore } from './settings-store';
import { MemorySettingsStore } from './testing/memory-settings-store';

const KEY = 'sk-test-key-0123456789';

// The blank OpenAI form with one model typed in.
const DRAFT: ProviderDraft = { ...draftFromConfig(undefined, 'openai'), models: 'gpt-4o-mini' };

/** A store whose every call fails, like IndexedDB in a locked-down browser. */
const BROKEN: SettingsStore = {
  getSetting: () => Promise.reject(new Error('IndexedDB is not available')),
  setSetting: () => Promise.reject(new Error('IndexedDB is not available')),
};

function setup(store: SettingsStore = new MemorySettingsStore()) {
  const session = new MemoryKeyStorage();
  const device = new MemoryKeyStorage();
  const vault = new KeyVault({ session, device });
  return { settings: new ProviderSettings(store, vault), store, session, device, vault };
}

describe('ProviderSettings', () => {
  it('adds a provider, keeps its key in the session only, and never stores the key', async () => {
    const { settings, store, session, device } = setup();
    await settings.load();
    const result = await settings.add(DRAFT, `  ${KEY} `);
    expect(result).toEqual({ ok: true, id: 'openai' });
    expect(settings.providers.map((p) => p.id)).toEqual(['openai']);
    expect(settings.keyStatus('openai')).toBe('session');
    expect(settings.getKey('openai')).toBe(KEY);
    expect(session.values()).toEqual([KEY]);
    expect(device.values()).toEqual([]);
    const stored = await (store as MemorySettingsStore).getSetting(SETTING_KEYS.providers);
    expect(stored).toEqual([
      {
        id: 'openai',
        kind: 'openai',
        label: 'OpenAI',
        models: ['gpt-4o-mini'],
        rememberKey: false,
        usesKey: true,
      },
    ]);
    expect(JSON.stringify([...(store as MemorySettingsStore).values])).not.toContain(KEY);
  });

  it.each<[string, Partial<ProviderDraft>, string, string[]]>([
    ['missing key for a cloud API', {}, '', ['form']],
    [
      'missing key for OpenRouter',
      { kind: 'openai-compatible', preset: 'openrouter' },
      '',
      ['form'],
    ],
    ['no key needed for Ollama', { kind: 'openai-compatible', preset: 'ollama' }, '', []],
    ['bad URL and no models', { baseUrl: 'nope', models: '' }, KEY, ['baseUrl', 'models']],
    ['empty name and no key', { label: '' }, '', ['label', 'form']],
  ])('%s', async (_name, patch, key, fields) => {
    const { settings } = setup();
    const result = await settings.add({ ...DRAFT, ...patch }, key);
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual(fields);
    expect(settings.providers).toHaveLength(fields.length === 0 ? 1 : 0);
  });

  it('gives two providers with the same name distinct ids', async () => {
    const { settings } = setup();
    await settings.add(DRAFT, KEY);
    await settings.add(DRAFT, 'sk-other-key-000000');
    expect(settings.providers.map((p) => p.id)).toEqual(['openai', 'openai-2']);
    expect([settings.getKey('openai'), settings.getKey('openai-2')]).toEqual([
      KEY,
      'sk-other-key-000000',
    ]);
  });

  it('remembers on this device only when asked, and deletes the copy when unticked', async () => {
    const { settings, device } = setup();
    await settings.add({ ...DRAFT, rememberKey: true }, KEY);
    expect(settings.keyStatus('openai')).toBe('device');
    expect(device.values()).toEqual([KEY]);
    const result = await settings.update('openai', { ...DRAFT, rememberKey: false }, '');
    expect(result.ok).toBe(true);
    expect(device.values()).toEqual([]);
    expect(settings.keyStatus('openai')).toBe('session');
    expect(settings.getKey('openai')).toBe(KEY);
  });

  it('keeps the stored key when the edit leaves the key field empty, replaces it otherwise', async () => {
    const { settings } = setup();
    await settings.add(DRAFT, KEY);
    await settings.update('openai', { ...DRAFT, label: 'Work OpenAI' }, '');
    expect(settings.getKey('openai')).toBe(KEY);
    expect(settings.find('openai')?.label).toBe('Work OpenAI');
    await settings.update('openai', DRAFT, 'sk-new-key-987654321');
    expect(settings.getKey('openai')).toBe('sk-new-key-987654321');
  });

  it('removes a provider together with its key', async () => {
    const { settings, session, device } = setup();
    await settings.add({ ...DRAFT, rememberKey: true }, KEY);
    await settings.remove('openai');
    expect(settings.providers).toEqual([]);
    expect([...session.values(), ...device.values()]).toEqual([]);
    expect(settings.keyStatus('openai')).toBe('none');
  });

  it('reads the stored list back in a new page (keys from the same session)', async () => {
    const store = new MemorySettingsStore();
    const first = setup(store);
    await first.settings.add({ ...DRAFT, rememberKey: true }, KEY);
    const later = new ProviderSettings(store, first.vault);
    await later.load();
    expect(later.providers.map((p) => p.label)).toEqual(['OpenAI']);
    expect(later.getKey('openai')).toBe(KEY);
  });

  describe('keys after a browser restart (session storage gone)', () => {
    const LOCAL: ProviderDraft = {
      ...DRAFT,
      kind: 'openai-compatible',
      preset: 'custom',
      label: 'Local server',
      baseUrl: 'http://127.0.0.1:8080/v1',
    };
    it.each<[string, ProviderDraft, string, boolean]>([
      ['a required key kept for the session is missing', DRAFT, KEY, true],
      [
        'a required key remembered on this device is not',
        { ...DRAFT, rememberKey: true },
        KEY,
        false,
      ],
      ['an optional key the user gave is missing', LOCAL, KEY, true],
      ['a keyless server needs none', LOCAL, '', false],
    ])('%s', async (_label, draft, key, missing) => {
      const store = new MemorySettingsStore();
      const device = new MemoryKeyStorage();
      const before = new ProviderSettings(
        store,
        new KeyVault({ session: new MemoryKeyStorage(), device }),
      );
      const { id } = (await before.add(draft, key)) as { id: string };
      expect(before.missingKey(id)).toBe(false);
      // A new browser session: same database and local storage, empty session storage.
      const after = new ProviderSettings(
        store,
        new KeyVault({ session: new MemoryKeyStorage(), device }),
      );
      await after.load();
      expect(after.missingKey(id)).toBe(missing);
      if (missing) {
        after.provideKey(id, KEY);
        expect(after.missingKey(id)).toBe(false);
        expect(after.getKey(id)).toBe(KEY);
      }
    });

    it('forgetting the key makes the provider keyless again', async () => {
      const { settings } = setup();
      const { id } = (await settings.add(
        {
          ...DRAFT,
          kind: 'openai-compatible',
          preset: 'custom',
          label: 'L',
          baseUrl: 'http://x/v1',
        },
        KEY,
      )) as { id: string };
      settings.forgetKey(id);
      expect(settings.find(id)?.usesKey).toBeUndefined();
      expect(settings.missingKey(id)).toBe(false);
    });
  });

  it('finds the local engines too', () => {
    const { settings } = setup();
    expect(settings.find('webllm')).toBe(LOCAL_PROVIDERS[0]);
    expect(settings.find('transformers')?.kind).toBe('transformers');
    expect(settings.find('nope')).toBeUndefined();
  });

  it('reports a storage failure and keeps working in memory', async () => {
    const { settings } = setup(BROKEN);
    await settings.load();
    expect(settings.loaded).toBe(true);
    expect(settings.saveError).toMatch(/could not be read: IndexedDB is not available/);
    expect((await settings.add(DRAFT, KEY)).ok).toBe(true);
    expect(settings.providers).toHaveLength(1);
    expect(settings.saveError).toMatch(/last only until you reload/);
  });

  it('lists the keys it holds for redaction', async () => {
    const { settings } = setup();
    await settings.add(DRAFT, KEY);
    await settings.add({ ...DRAFT, kind: 'openai-compatible', preset: 'ollama', label: 'L' }, '');
    expect(settings.secrets()).toEqual([KEY]);
  });
});

describe('ModelDefaults', () => {
  it.each<[string, unknown, [string | null, string | null, string | null]]>([
    ['nothing stored', undefined, [null, null, null]],
    [
      'stored choices',
      { generator: 'openai/gpt-4o-mini', judge: 'a/claude', embedding: 'g/gemini-embedding-001' },
      ['openai/gpt-4o-mini', 'a/claude', 'g/gemini-embedding-001'],
    ],
    ['malformed values ignored', { generator: 'no-slash', judge: 3 }, [null, null, null]],
    ['not an object', ['openai/x'], [null, null, null]],
  ])('load: %s', async (_name, stored, expected) => {
    const store = new MemorySettingsStore();
    if (stored !== undefined) await store.setSetting(SETTING_KEYS.defaults, stored as never);
    const defaults = new ModelDefaults(store);
    await defaults.load();
    expect([defaults.generator, defaults.judge, defaults.embedding]).toEqual(expected);
  });

  it('suggests the in-browser MiniLM model with its download size, without choosing it', async () => {
    expect(SUGGESTED_EMBEDDING).toEqual({
      engineId: 'transformers/Xenova/all-MiniLM-L6-v2',
      name: 'all-MiniLM-L6-v2',
      downloadMB: 23,
    });
    const defaults = new ModelDefaults(new MemorySettingsStore());
    await defaults.load();
    expect(defaults.get('embedding')).toBeNull();
  });

  it('chooses each role separately and persists the choice', async () => {
    const store = new MemorySettingsStore();
    const defaults = new ModelDefaults(store);
    await defaults.choose('judge', 'anthropic/claude-haiku-4-5');
    await defaults.choose('generator', 'webllm/SmolLM2-360M-Instruct-q4f32_1-MLC');
    await defaults.choose('generator', null);
    expect([defaults.get('generator'), defaults.get('judge')]).toEqual([
      null,
      'anthropic/claude-haiku-4-5',
    ]);
    const reloaded = new ModelDefaults(store);
    await reloaded.load();
    expect(reloaded.judge).toBe('anthropic/claude-haiku-4-5');
    expect(reloaded.generator).toBeNull();
  });

  it('reports a failed save', async () => {
    const defaults = new ModelDefaults(BROKEN);
    await defaults.choose('judge', 'a/b');
    expect(defaults.judge).toBe('a/b');
    expect(defaults.saveError).toMatch(/could not be saved/);
  });
});
