// The models the framework explorer's query analyser can ask, read from the Settings state: the
// configured chat models, the default judge, and engines built through the registry on demand.
import { parseEngineId } from '../engines/providers';
import { createChatEngine } from '../engines/registry';
import { EngineCatalog } from './experiment-engines.svelte';
import type { AnalyserEngines } from './framework-analyser.svelte';
import { getSettingsServices, type SettingsServices } from './settings-services';

/**
 * Analyser engines backed by Settings: the same chat models the Experiments area offers, the
 * default judge first in line, and a plain message when a model is not configured any more.
 * @param settings the page's Settings state (default: the shared one)
 */
export function settingsAnalyserEngines(
  settings: SettingsServices = getSettingsServices(),
): AnalyserEngines {
  const catalog = new EngineCatalog(settings);
  return {
    get loaded() {
      return settings.providers.loaded;
    },
    get choices() {
      return catalog.chatChoices;
    },
    get defaultJudge() {
      return settings.defaults.judge;
    },
    get configured() {
      return (
        settings.providers.providers.some((p) => p.models.length > 0) ||
        settings.webllm.selected !== null ||
        settings.defaults.judge !== null
      );
    },
    label(engineId) {
      return catalog.label(engineId);
    },
    load() {
      return settings.load();
    },
    async open(engineId, onProgress) {
      await settings.load();
      const parsed = parseEngineId(engineId);
      const config = catalog.provider(engineId);
      if (parsed === null || config === undefined) {
        throw new Error(
          `the model ${engineId} is not configured in this browser. Add its provider in Settings, or choose another model.`,
        );
      }
      const engine = await createChatEngine(config, parsed.model, {
        ...settings.engineDeps(),
        onLoadProgress: onProgress,
      });
      return {
        engine,
        // WebLLM models belong to the app-wide manager and stay loaded for the next call.
        release: async () => {
          if (config.kind !== 'webllm') await engine.dispose?.();
        },
      };
    },
  };
}
