// The engines an experiment can use, as the user configured them in Settings: chat and embedding
// choices, what each engine supports (n, seed) without building it, and its price for estimates.
import type { TokenPrice } from '../core/estimate';
import { OPENAI_PRESETS } from '../engines/cloud/presets';
import {
  engineChoices,
  parseEngineId,
  providerLocation,
  type EngineChoice,
  type ProviderConfig,
} from '../engines/providers';
import type { EngineLocation, Support } from '../engines/types';
import type { EngineInfo } from '../pipeline/experiment';
import type { PriceRow } from './accounting';
import { LOCAL_PROVIDERS } from './settings.svelte';

/** What an engine supports for the experiment form, known from its provider alone. */
export interface StaticSupport {
  n: Support;
  seed: Support;
  location: EngineLocation;
  /** The provider has a batch API (OpenAI, Anthropic, Gemini). */
  batch: boolean;
}

/**
 * What a provider's engines support, without building one (building a WebLLM engine loads a
 * model). Mirrors the adapters' `capabilities`: Anthropic has no seed and no native `n`, Gemini
 * has both, OpenAI-compatible servers follow their preset, local engines emulate `n`.
 * @param config the provider
 */
export function staticSupport(config: ProviderConfig): StaticSupport {
  const location = providerLocation(config);
  switch (config.kind) {
    case 'openai':
      return {
        n: OPENAI_PRESETS.openai.nativeN ? 'native' : 'emulated',
        seed: 'native',
        location,
        batch: true,
      };
    case 'openai-compatible': {
      const preset = OPENAI_PRESETS[config.preset ?? 'custom'];
      return { n: preset.nativeN ? 'native' : 'emulated', seed: 'native', location, batch: false };
    }
    case 'anthropic':
      return { n: 'emulated', seed: 'none', location, batch: true };
    case 'gemini':
      return { n: 'native', seed: 'native', location, batch: true };
    case 'webllm':
    case 'transformers':
      return { n: 'emulated', seed: 'native', location, batch: false };
  }
}

/** What the catalog reads from the Settings state. */
export interface EngineCatalogSources {
  providers: { readonly providers: readonly ProviderConfig[] };
  webllm: { readonly selected: string | null };
  transformers: {
    readonly chatOptions: readonly { id: string }[];
    readonly embeddingOptions: readonly { id: string }[];
  };
  prices: { priceFor(config: Pick<ProviderConfig, 'kind'>, model: string): PriceRow | null };
}

/** The configured engines, with the lookups the experiment form and estimate need. */
export class EngineCatalog {
  readonly #sources: EngineCatalogSources;

  /** @param sources the Settings state (providers, local models, prices) */
  constructor(sources: EngineCatalogSources) {
    this.#sources = sources;
  }

  /** Configured providers plus the local engines with their current model lists. */
  get providers(): ProviderConfig[] {
    const { providers, webllm, transformers } = this.#sources;
    return [
      ...providers.providers,
      { ...LOCAL_PROVIDERS[0]!, models: webllm.selected ? [webllm.selected] : [] },
      {
        ...LOCAL_PROVIDERS[1]!,
        models: transformers.chatOptions.map((o) => o.id),
        embeddingModels: transformers.embeddingOptions.map((o) => o.id),
      },
    ];
  }

  /** Chat engines (generators and judges), grouped by provider. */
  get chatChoices(): EngineChoice[] {
    return engineChoices(this.providers, 'chat');
  }

  /** Embedding engines, grouped by provider. */
  get embeddingChoices(): EngineChoice[] {
    return engineChoices(this.providers, 'embedding');
  }

  /** The provider of an engine id, when it is configured. */
  provider(engineId: string): ProviderConfig | undefined {
    const parsed = parseEngineId(engineId);
    if (parsed === null) return undefined;
    return this.providers.find((p) => p.id === parsed.providerId);
  }

  /** What an engine supports; unknown engines count as cloud engines with emulated n and seed. */
  support(engineId: string): StaticSupport {
    const config = this.provider(engineId);
    return config
      ? staticSupport(config)
      : { n: 'emulated', seed: 'native', location: 'cloud', batch: false };
  }

  /** A readable name: `model · provider`. */
  label(engineId: string): string {
    const parsed = parseEngineId(engineId);
    const config = this.provider(engineId);
    if (parsed === null) return engineId;
    return config ? `${parsed.model} · ${config.label}` : engineId;
  }

  /** Location and `n` support per engine id, for `estimateExperiment`. */
  engineInfo(ids: readonly string[]): Record<string, EngineInfo> {
    const out: Record<string, EngineInfo> = {};
    for (const id of ids) {
      const s = this.support(id);
      out[id] = { location: s.location, capabilities: { n: s.n, batch: s.batch } };
    }
    return out;
  }

  /** Prices per engine id from the Settings price table; local and unpriced engines are left out. */
  priceTable(ids: readonly string[]): Record<string, TokenPrice> {
    const out: Record<string, TokenPrice> = {};
    for (const id of ids) {
      const config = this.provider(id);
      const parsed = parseEngineId(id);
      if (!config || !parsed || providerLocation(config) === 'local') continue;
      const row = this.#sources.prices.priceFor(config, parsed.model);
      if (row) out[id] = { inputPerMTok: row.inputPerMTok, outputPerMTok: row.outputPerMTok };
    }
    return out;
  }
}
