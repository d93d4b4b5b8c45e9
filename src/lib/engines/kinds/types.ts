// The shape of a provider descriptor: everything the app knows about one kind of provider
// (Settings text, key needs, embeddings, price list, which engine family builds its engines).
import type { EngineLocation } from '../types';

/** The engine family that builds a kind's engines (registry.ts holds one adapter per family). */
export type EngineFamily = 'cloud' | 'webllm' | 'transformers';

/** The cloud API a cloud kind speaks (cloud/index.ts builds one engine class per API). */
export type CloudApi = 'openai-compatible' | 'anthropic' | 'gemini';

/** What Settings needs to know about a provider kind. */
export interface ProviderKindInfo {
  kind: string;
  label: string;
  /** `none`: local engines; `optional`: servers that may run without one. */
  needsKey: 'required' | 'optional' | 'none';
  defaultBaseUrl?: string;
  location: EngineLocation;
  /** Advice for when the browser blocks the provider's replies (CORS). */
  cors: string;
  /** Whether the provider has an embeddings API this app can use. */
  hasEmbeddings: boolean;
  /** Example model ids, shown as placeholders. */
  exampleModels: readonly string[];
  exampleEmbeddingModels: readonly string[];
  /** Where to get a key. */
  keyHelp: string;
}

/** One provider kind: its Settings information plus how it is built, billed and configured. */
export interface ProviderDescriptor extends ProviderKindInfo {
  /** Whether the user adds providers of this kind in Settings (local engines are built in). */
  configurable: boolean;
  /** Which engine family builds its engines. */
  family: EngineFamily;
  /** The cloud API it speaks (cloud family only). */
  cloudApi?: CloudApi;
  /** The price list its calls are billed from; null for in-browser engines. */
  priceScope: string | null;
  /** The price list's name in the price editor. */
  priceLabel?: string;
}
