// The provider list: one descriptor file per kind, listed here once. Every other vocabulary
// (provider kinds, configurable kinds, price scopes, engine families) is derived from this list.
import { anthropic } from './anthropic';
import { gemini } from './gemini';
import { openai } from './openai';
import { openaiCompatible } from './openai-compatible';
import { transformers } from './transformers';
import type { ProviderDescriptor } from './types';
import { webllm } from './webllm';

export type { CloudApi, EngineFamily, ProviderDescriptor, ProviderKindInfo } from './types';

/** Every provider kind, in the order menus list them. Add a provider here and in its file. */
export const PROVIDER_DESCRIPTORS = {
  openai,
  anthropic,
  gemini,
  'openai-compatible': openaiCompatible,
  webllm,
  transformers,
} as const satisfies Record<string, ProviderDescriptor>;

type Descriptors = typeof PROVIDER_DESCRIPTORS;

/** A kind of provider: a cloud API, any OpenAI-compatible server, or a local in-browser engine. */
export type ProviderKind = keyof Descriptors;

/** A kind the user adds in Settings. */
export type ConfigurableKind = {
  [K in ProviderKind]: Descriptors[K]['configurable'] extends true ? K : never;
}[ProviderKind];

/** A price list: the price scope of some kind. */
export type PriceScope = Exclude<Descriptors[ProviderKind]['priceScope'], null>;

const ALL = Object.values(PROVIDER_DESCRIPTORS) as readonly Descriptors[ProviderKind][];

/** Every kind, in list order. */
export const PROVIDER_KINDS = ALL.map((d) => d.kind) as [ProviderKind, ...ProviderKind[]];

/** Kinds the user adds in Settings (the two local engines are always there). */
export const CONFIGURABLE_KINDS = ALL.filter((d) => d.configurable).map(
  (d) => d.kind,
) as readonly ConfigurableKind[];

/** The price lists, in the order the price editor lists them. */
export const PRICE_SCOPES = ALL.flatMap((d) =>
  d.priceScope === null ? [] : [d.priceScope],
) as readonly PriceScope[];

/** The price editor's name of each price list. */
export const PRICE_SCOPE_LABELS = Object.fromEntries(
  ALL.flatMap((d) => (d.priceScope === null ? [] : [[d.priceScope, d.priceLabel]])),
) as Readonly<Record<PriceScope, string>>;

/**
 * The descriptor of a kind.
 * @param kind the provider's kind
 */
export function descriptorOf(kind: ProviderKind): ProviderDescriptor {
  return PROVIDER_DESCRIPTORS[kind];
}
