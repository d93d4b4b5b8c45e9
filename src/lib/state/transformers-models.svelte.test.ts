// TransformersModels: choosing models per role, loading with progress through a fake engine,
// errors shown in words, cancel, and remembered choices.
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../engines/types';
import { DEFAULT_TRANSFORMERS_EMBEDDING_MODEL } from '../engines/transformers/models';
import { MemorySettingsStore } from './settings-store';
import {
  TransformersModels,
  type Loadable,
  type TransformersRole,
} from './transformers-models.svelte';

type Script = { progress?: LoadProgress[]; error?: Error; hold?: boolean };

function factory(script: Script, made: string[] = []) {
  return async (role: TransformersRole, model: string): Promise<Loadable> => {
    made.push(`${role}:${model}`);
    return {
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

  it('shows progress while loading and goes back to idle on cancel', async () => {
    const models = new TransformersModels(
      new MemorySettingsStore(),
      factory({ hold: true, progress: [{ fraction: 0.25, elapsedMs: 5, text: 'quarter' }] }),
    );
    const loading = models.loadModel('chat');
    await new Promise((r) => setTimeout(r, 0));
    expect(models.state('chat')).toMatchObject({ status: 'loading', progress: { fraction: 0.25 } });
    models.cancel('chat');
    await loading;
    expect(models.state('chat').status).toBe('idle');
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
