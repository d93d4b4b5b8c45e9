// Composition root of the Experiments area: the form, the engine catalog, the run controller and
// the run history, wired to Settings, the engine registry and the app database. One per page.
/* eslint-disable svelte/prefer-svelte-reactivity -- Sets and Maps here are local temporaries or
   replaced whole (never mutated in place), so plain collections are what reactivity needs. */
import { PROMPT_LIBRARY, SAFETY_PROBES, SOCIETAL_PROBES } from '../core/library';
import {
  createChatEngine,
  createEmbeddingEngine,
  describeError,
  type EngineDeps,
} from '../engines/registry';
import { providerPauses } from '../engines/provider-pauses';
import { parseEngineId, type ProviderConfig } from '../engines/providers';
import type { ChatEngine, EmbeddingEngine } from '../engines/types';
import type { ExperimentDefinition } from '../pipeline/experiment';
import { PlaygroundRunStore } from '../pipeline/store';
import { getSetting, setSetting, type PlaygroundDB } from '../storage/db';
import { PastLatencies } from './call-latency.svelte';
import { EngineCatalog } from './experiment-engines.svelte';
import { DRAFT_SETTING_KEY, ExperimentForm } from './experiment-form.svelte';
import { DatasetSource, LibrarySource } from './experiment-sources.svelte';
import {
  providersOf,
  RunController,
  webLock,
  type BuiltEngines,
  type EngineLoad,
} from './run-controller.svelte';
import { RunHistory, type GuardStorage } from './run-history.svelte';
import { getSettingsServices, type SettingsServices } from './settings-services';
import { appDatabase } from './settings-store';
import { openForSaving } from './storage-status.svelte';

/** The Experiments area's state objects. */
export interface ExperimentServices {
  settings: SettingsServices;
  catalog: EngineCatalog;
  form: ExperimentForm;
  controller: RunController;
  history: RunHistory;
  /** Past call latencies for the estimate's expected time. */
  latencies: PastLatencies;
  datasets: DatasetSource;
  library: LibrarySource;
  /** Reads settings, stored runs, datasets and the saved draft (safe to call again). */
  load(): Promise<void>;
  /** Keeps the form's draft (debounced), so leaving the page or reloading loses nothing typed. */
  saveDraft(): void;
  /**
   * Resumes the newest interrupted run on its own (see RunHistory.takeAutoResume for when it
   * does not); returns its id, or null.
   */
  resumeInterrupted(): Promise<string | null>;
}

/** What can be swapped in tests. */
export interface ExperimentServicesOptions {
  settings?: SettingsServices;
  open?: () => Promise<PlaygroundDB>;
  guard?: GuardStorage | null;
}

/** Engine kinds whose engines the run owns and frees; WebLLM models belong to their manager. */
function ownsEngine(config: ProviderConfig): boolean {
  return config.kind !== 'webllm';
}

/**
 * Builds the engines a definition names through the registry, one after another (local models
 * load one at a time), with the user's keys and usage recording from Settings.
 */
export function registryEngineBuilder(
  settings: SettingsServices,
  catalog: EngineCatalog,
): (def: ExperimentDefinition, onLoad: (load: EngineLoad) => void) => Promise<BuiltEngines> {
  return async (def, onLoad) => {
    await settings.load();
    const owned: (ChatEngine | EmbeddingEngine)[] = [];
    const dispose = async (): Promise<void> => {
      await Promise.all(owned.map((e) => e.dispose?.().catch(() => undefined)));
    };
    const resolve = (id: string): { config: ProviderConfig; model: string } => {
      const parsed = parseEngineId(id);
      const config = catalog.provider(id);
      if (parsed === null || config === undefined) {
        throw new Error(
          `The model ${id} is not configured in this browser any more. Add its provider in Settings, or start a new run without it.`,
        );
      }
      return { config, model: parsed.model };
    };
    const depsFor = (engineId: string): EngineDeps => ({
      ...settings.engineDeps(),
      onLoadProgress: (progress) => onLoad({ engineId, progress }),
    });
    try {
      const chat: ChatEngine[] = [];
      for (const id of [...new Set([...def.generators, ...def.judges])]) {
        const { config, model } = resolve(id);
        const engine = await createChatEngine(config, model, depsFor(id));
        chat.push(engine);
        if (ownsEngine(config)) owned.push(engine);
      }
      const embedding: EmbeddingEngine[] = [];
      if (def.embedding !== undefined) {
        const { config, model } = resolve(def.embedding);
        const engine = await createEmbeddingEngine(config, model, depsFor(def.embedding));
        embedding.push(engine);
        if (ownsEngine(config)) owned.push(engine);
      }
      return { chat, embedding, dispose };
    } catch (err) {
      await dispose();
      throw err;
    }
  };
}

function sessionGuard(): GuardStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Creates and wires the Experiments state.
 * @param options settings, database and auto-resume guard (defaults: the page's)
 */
export function createExperimentServices(
  options: ExperimentServicesOptions = {},
): ExperimentServices {
  const settings = options.settings ?? getSettingsServices();
  const open = options.open ?? appDatabase;
  const catalog = new EngineCatalog(settings);
  const form = new ExperimentForm();
  const history = new RunHistory(
    open,
    options.guard === undefined ? sessionGuard() : options.guard,
  );
  const controller = new RunController({
    openStore: async () => new PlaygroundRunStore(await openForSaving(open)()),
    buildEngines: registryEngineBuilder(settings, catalog),
    withLock: webLock,
    describeError: (err) => describeError(err, settings.providers.secrets()),
    watchPauses: (listener) => providerPauses.subscribe(listener),
    missingKeys: async (def) => {
      await settings.load();
      return providersOf(def)
        .filter((id) => settings.providers.missingKey(id))
        .map((id) => ({ providerId: id, label: settings.providers.find(id)?.label ?? id }));
    },
    saveKey: (providerId, key) => {
      settings.providers.provideKey(providerId, key);
    },
  });
  const datasets = new DatasetSource(open);
  const latencies = new PastLatencies(open);
  const library = new LibrarySource({
    library: PROMPT_LIBRARY,
    safety: SAFETY_PROBES,
    societal: SOCIETAL_PROBES,
  });

  let loading: Promise<void> | undefined;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;

  const load = (): Promise<void> => {
    loading ??= (async () => {
      const draft = open()
        .then((db) => getSetting(db, DRAFT_SETTING_KEY))
        .then((value) => form.restore(value))
        .catch(() => undefined);
      await Promise.all([settings.load(), history.refresh(), datasets.refresh(), draft]);
      await latencies.refresh(history.items.map((r) => r.id));
      form.applyDefaults(
        {
          generator: settings.defaults.generator,
          judge: settings.defaults.judge,
          embedding: settings.defaults.embedding,
        },
        {
          chat: catalog.chatChoices.map((c) => c.id),
          embedding: catalog.embeddingChoices.map((c) => c.id),
        },
      );
    })();
    return loading;
  };

  return {
    settings,
    catalog,
    form,
    controller,
    history,
    latencies,
    datasets,
    library,
    load,
    saveDraft() {
      clearTimeout(draftTimer);
      draftTimer = setTimeout(() => {
        void open()
          .then((db) => setSetting(db, DRAFT_SETTING_KEY, form.snapshot()))
          .catch(() => undefined);
      }, 400);
    },
    async resumeInterrupted() {
      await load();
      await history.refresh();
      if (controller.busy) return null;
      const id = history.takeAutoResume(controller.runId);
      if (id === null) return null;
      const run = controller.resume(id);
      // Refresh the list when the resumed run ends, so its new status shows.
      void run.then(() => history.refresh());
      return id;
    },
  };
}

let shared: ExperimentServices | undefined;

/** The page's shared Experiments state, created on first use (a run outlives page switches). */
export function getExperimentServices(): ExperimentServices {
  shared ??= createExperimentServices();
  return shared;
}
