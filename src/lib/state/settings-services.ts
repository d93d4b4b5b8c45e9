// Builds the Settings state classes and wires them to each other: the composition root of the
// settings area. One shared set per page, so every area sees the same providers and defaults.
import { KeyVault } from '../engines/key-vault';
import { probeWebGpu, type WebGpuProbe } from '../platform/webgpu';
import { providerLocation } from '../engines/providers';
import { getWebLlmManager, type EngineDeps } from '../engines/registry';
import type { WebLlmModelManager } from '../engines/webllm/manager';
import { costOfUsage, priceScopeOf } from './accounting';
import { PriceTable } from './prices.svelte';
import { ProviderChecks, TryIt, type CallContext } from './provider-calls.svelte';
import { ModelDefaults, ProviderSettings } from './settings.svelte';
import { appDatabase, databaseSettingsStore, type SettingsStore } from './settings-store';
import { getStorageStatus } from './storage-status.svelte';
import {
  TransformersModels,
  type LoadableFactory,
  type StoredModels,
} from './transformers-models.svelte';
import { UsageLedger } from './usage.svelte';
import { WebLlmModels } from './webllm-models.svelte';

/** The Settings area's state objects. */
export interface SettingsServices {
  providers: ProviderSettings;
  defaults: ModelDefaults;
  prices: PriceTable;
  usage: UsageLedger;
  checks: ProviderChecks;
  tryIt: TryIt;
  webllm: WebLlmModels;
  transformers: TransformersModels;
  /** Registry dependencies with the user's keys and usage recording, for any area's calls. */
  engineDeps(): EngineDeps;
  /** Reads everything stored (safe to call more than once). */
  load(): Promise<void>;
}

/** What can be swapped in tests. */
export interface SettingsServicesOptions {
  store?: SettingsStore;
  vault?: KeyVault;
  webllmManager?: () => Promise<WebLlmModelManager>;
  /** WebGPU probe of the WebLLM section (default: the browser's, on the main thread). */
  webllmProbe?: () => Promise<WebGpuProbe>;
  transformersFactory?: LoadableFactory;
  /** Where stored transformers.js models are listed (default: the browser's Cache Storage). */
  transformersStored?: StoredModels;
  /** Replaces fetch for cloud calls. */
  fetch?: typeof fetch;
}

/**
 * Creates and wires the Settings state.
 * @param options storage, key vault and engine factories (defaults: the browser's)
 */
export function createSettingsServices(options: SettingsServicesOptions = {}): SettingsServices {
  const store = options.store ?? databaseSettingsStore();
  const vault = options.vault ?? new KeyVault();
  const webllmManager = options.webllmManager ?? getWebLlmManager;
  const providers = new ProviderSettings(store, vault);
  const defaults = new ModelDefaults(store);
  const prices = new PriceTable(store);
  const usage = new UsageLedger(store, () => prices.rows);
  // The app probes WebGPU on the main thread, so areas that only need the selected model never
  // load the manager's code; tests that inject a manager use its probe.
  const webllmProbe =
    options.webllmProbe ?? (options.webllmManager ? undefined : () => probeWebGpu());
  const webllm = new WebLlmModels(webllmManager, store, webllmProbe);
  const transformers = new TransformersModels(store, options.transformersFactory, {
    ...(options.transformersStored ? { stored: options.transformersStored } : {}),
    onStorageChange: () => void getStorageStatus().refresh(),
  });

  const engineDeps = (): EngineDeps => ({
    getKey: providers.getKey,
    onUsage: (event) => {
      const config = providers.find(event.providerId);
      usage.record(event, config ? priceScopeOf(config) : null);
    },
    webllmManager,
    embeddingCacheDb: appDatabase,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const ctx: CallContext = {
    resolve: (id) => providers.find(id),
    deps: engineDeps,
    secrets: () => providers.secrets(),
    cost: (providerId, model, tokenUsage) => {
      const config = providers.find(providerId);
      const scope = config ? priceScopeOf(config) : null;
      const location = config ? providerLocation(config) : 'cloud';
      return costOfUsage(
        {
          location,
          scope,
          model,
          promptTokens: tokenUsage?.promptTokens ?? null,
          completionTokens: tokenUsage?.completionTokens ?? null,
          ...(tokenUsage?.cachedPromptTokens !== undefined && {
            cachedPromptTokens: tokenUsage.cachedPromptTokens,
          }),
        },
        prices.rows,
      );
    },
  };

  let loading: Promise<void> | undefined;
  return {
    providers,
    defaults,
    prices,
    usage,
    checks: new ProviderChecks(ctx),
    tryIt: new TryIt(ctx),
    webllm,
    transformers,
    engineDeps,
    load() {
      loading ??= Promise.all([
        providers.load(),
        defaults.load(),
        prices.load(),
        usage.load(),
        transformers.load(),
      ]).then(() => undefined);
      return loading;
    },
  };
}

let shared: SettingsServices | undefined;

/** The page's shared Settings state, created on first use. */
export function getSettingsServices(): SettingsServices {
  shared ??= createSettingsServices();
  return shared;
}
