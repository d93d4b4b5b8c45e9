// TransformersModels: choosing models per role, loading with progress through a fake engine,
// errors shown in words, cancel, remembered choices, and the stored models with their sizes.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../engines/types';
import { DEFAULT_TRANSFORMERS_EMBEDDING_MODEL } from '../engines/transformers/models';
import { MemorySettingsStore } from './testing/memory-settings-store';
import type { StoredModel } from '../engines/transformers/cache';
import {
  TransformersModels,
  type Loadable,
  type StoredModels,
  type TransformersRole,
} from './transformers-models.svelte';

type Script = { progress?: LoadProgress[]; error?: Error; hold?: boolean };

function factory(script: Script, made: string[] = []) {
  return async (role: TransformersRole, model: string): Promise<Loadable> => {
    made.push(`${role}:${model}`);
    return {
      dispose: async () => {
        made.push(`dispose ${role}:${model}`);
      },
      load: ({ onProgress, signal }) =>
        new Promise((resolve, reject) => {
          for (const p of script.progress ?? []) onProgress?.(p);
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
          if (script.hold) return;
          if (script.error) reject(script.error);
          else resolve(undefined);
        }),
    };
  };
}

describe('TransformersModels', () => {
  it.each<[string, Script, string]>([
    ['loads', { progress: [{ fraction: 0.5, elapsedMs: 10, text: 'half' }] }, 'ready'],
    [
      'fails with a message',
      { error: new Error('Could not download the model. Check your connection.') },
      'error',
    ],
  ])('%s', async (_name, script, status) => {
    const made: string[] = [];
    const models = new TransformersModels(new MemorySettingsStore(), factory(script, made));
    await models.loadModel('embedding');
    expect(models.state('embedding').status).toBe(status);
    expect(models.state('chat').status).toBe('idle');
    expect(made).toEqual([`embedding:${DEFAULT_TRANSFORMERS_EMBEDDING_MODEL}`]);
    if (script.error) {
      expect(models.state('embedding')).toMatchObject({ message: script.error.message });
    }
  });

  it('shows progress while loading and says so when cancelled', async () => {
    const models = new TransformersModels(
      new MemorySettingsStore(),
      factory({ hold: true, progress: [{ fraction: 0.25, elapsedMs: 5, text: 'quarter' }] }),
    );
    const loading = models.loadModel('chat');
    await new Promise((r) => setTimeout(r, 0));
    expect(models.state('chat')).toMatchObject({ status: 'loading', progress: { fraction: 0.25 } });
    models.cancel('chat');
    await loading;
    expect(models.state('chat')).toEqual({
      status: 'cancelled',
      model: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    });
  });

  it('remembers the chosen models', async () => {
    const store = new MemorySettingsStore();
    const models = new TransformersModels(store, factory({}));
    await models.choose('chat', 'HuggingFaceTB/SmolLM2-135M-Instruct');
    const later = new TransformersModels(store, factory({}));
    await later.load();
    expect(later.model('chat')).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
    expect(later.model('embedding')).toBe(DEFAULT_TRANSFORMERS_EMBEDDING_MODEL);
    expect(later.chatOptions.map((o) => o.size)).toEqual(['299–819 MB', '134–327 MB']);
  });
});

/** Stored models in memory; downloads add the loaded model, deletes remove it. */
function memoryStore(initial: StoredModel[]): StoredModels & { log: string[] } {
  let items = [...initial];
  const log: string[] = [];
  return {
    log,
    list: async () => {
      log.push('list');
      return items;
    },
    remove: async (model) => {
      log.push(`remove ${model}`);
      const before = items.length;
      items = items.filter((i) => i.model !== model);
      return before - items.length;
    },
  };
}

const MINI = DEFAULT_TRANSFORMERS_EMBEDDING_MODEL;

describe('TransformersModels: stored models', () => {
  it.each<[string, Script, string[]]>([
    ['after a download', {}, ['list']],
    ['after a failed download', { error: new Error('offline') }, ['list']],
  ])('lists what is stored %s and reports the storage change', async (_label, script, log) => {
    const mini = { model: MINI, files: 4, sizeBytes: 23e6, hasWeights: true };
    const stored = memoryStore([mini]);
    let changes = 0;
    const models = new TransformersModels(new MemorySettingsStore(), factory(script), {
      stored,
      onStorageChange: () => (changes += 1),
    });
    expect(models.storedModel(MINI)).toBeNull();
    await models.loadModel('embedding');
    expect(stored.log).toEqual(log);
    expect(changes).toBe(1);
    expect(models.storedModel(MINI)).toEqual(mini);
    expect(models.storedModel('HuggingFaceTB/SmolLM2-360M-Instruct')).toBeNull();
  });

  it('deletes a loaded model: frees it, forgets its state, lists again', async () => {
    const stored = memoryStore([
      { model: MINI, files: 4, sizeBytes: 23e6, hasWeights: true },
      { model: null, files: 1, sizeBytes: 27e6, hasWeights: false },
    ]);
    const made: string[] = [];
    const models = new TransformersModels(new MemorySettingsStore(), factory({}, made), {
      stored,
    });
    await models.loadModel('embedding');
    expect(models.state('embedding').status).toBe('ready');
    await models.deleteStored(MINI);
    expect(made).toEqual([`embedding:${MINI}`, `dispose embedding:${MINI}`]);
    expect(models.state('embedding').status).toBe('idle');
    expect(models.stored).toEqual([{ model: null, files: 1, sizeBytes: 27e6, hasWeights: false }]);
    await models.deleteStored(null);
    expect(models.stored).toEqual([]);
    expect(stored.log).toEqual(['list', `remove ${MINI}`, 'list', 'remove null', 'list']);
  });

  it.each<[string, Partial<StoredModels>, string]>([
    [
      'listing fails',
      { list: () => Promise.reject(new Error('SecurityError')) },
      'The stored models could not be read: SecurityError',
    ],
    [
      'deleting fails',
      { remove: () => Promise.reject(new Error('busy')) },
      `Could not delete ${MINI}: busy`,
    ],
  ])('says so when %s', async (_label, broken, message) => {
    const models = new TransformersModels(new MemorySettingsStore(), factory({}), {
      stored: { ...memoryStore([]), ...broken },
    });
    if (broken.list) await models.refreshStored();
    else await models.deleteStored(MINI);
    expect(models.storedError).toBe(message);
  });
});
