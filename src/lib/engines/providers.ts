// Model providers as the user configures them in Settings: kinds, presets, validation, engine ids.
// Plain data and pure functions; never holds an API key (keys live in the key vault only).
import { z } from 'zod';
import { isLoopbackUrl, OPENAI_PRESETS, type OpenAIPreset } from './cloud/presets';
import { corsAdvice, type ServerKind } from './errors';
import {
  CONFIGURABLE_KINDS,
  PROVIDER_DESCRIPTORS,
  PROVIDER_KINDS,
  type ConfigurableKind,
  type ProviderKind,
  type ProviderKindInfo,
} from './kinds';
import type { EngineLocation } from './types';

export {
  CONFIGURABLE_KINDS,
  PROVIDER_KINDS,
  type ConfigurableKind,
  type ProviderKind,
  type ProviderKindInfo,
} from './kinds';

/** Servers the OpenAI-compatible kind offers (OpenAI itself is its own kind). */
export const COMPATIBLE_PRESET_IDS = [
  'ollama',
  'lmstudio',
  'vllm',
  'openrouter',
  'together',
  'groq',
  'custom',
] as const;

/** A known OpenAI-compatible server. */
export type CompatiblePresetId = (typeof COMPATIBLE_PRESET_IDS)[number];

/** What Settings shows about one OpenAI-compatible server (the cloud module's preset). */
export type CompatiblePreset = OpenAIPreset & { id: CompatiblePresetId };

/** OpenAI-compatible presets (Ollama, LM Studio, vLLM, OpenRouter, Together, Groq, custom). */
export const COMPATIBLE_PRESETS: Readonly<Record<CompatiblePresetId, CompatiblePreset>> =
  Object.fromEntries(COMPATIBLE_PRESET_IDS.map((id) => [id, OPENAI_PRESETS[id]])) as Record<
    CompatiblePresetId,
    CompatiblePreset
  >;

/** Metadata per provider kind: the descriptors of kinds/ (one file per provider). */
export const PROVIDER_KIND_INFO: Readonly<Record<ProviderKind, ProviderKindInfo>> =
  PROVIDER_DESCRIPTORS;

/** Provider ids of the two built-in local engines (they match the engines' own ids). */
export const LOCAL_PROVIDER_IDS = { webllm: 'webllm', transformers: 'transformers' } as const;

const MODEL_ID = z.string().trim().min(1).max(200);

/** Schema of a stored provider. Unknown fields (an `apiKey` above all) are stripped. */
export const providerConfigSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lowercase letters, digits and dashes, at most 48'),
  kind: z.enum(PROVIDER_KINDS),
  label: z.string().trim().min(1).max(80),
  baseUrl: z.string().optional(),
  models: z.array(MODEL_ID).default([]),
  embeddingModels: z.array(MODEL_ID).optional(),
  rememberKey: z.boolean().default(false),
  /**
   * The user gave this provider a key, so its calls need one even where a key is optional (a
   * keyless call would only be refused): after a browser restart the key is asked for again.
   */
  usesKey: z.boolean().optional(),
  preset: z.enum(COMPATIBLE_PRESET_IDS).optional(),
  /** Longest silence allowed from the provider before a call fails (default 120 s). */
  timeoutSeconds: z.number().min(1).max(600).optional(),
  /** Calls in flight at once for this provider (default per provider). */
  maxConcurrency: z.int().min(1).max(32).optional(),
});

/** A provider as stored in Settings. Never contains the API key. */
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/**
 * Reads a stored provider list, dropping entries that do not validate (a corrupt or older record
 * must not take the whole Settings page down) and any field that is not part of the schema.
 * @param value whatever the settings store returned
 */
export function parseProviders(value: unknown): ProviderConfig[] {
  if (!Array.isArray(value)) return [];
  const out: ProviderConfig[] = [];
  const seen = new Set<string>();
  for (const item of value) {
    const parsed = providerConfigSchema.safeParse(item);
    if (parsed.success && !seen.has(parsed.data.id)) {
      seen.add(parsed.data.id);
      out.push(parsed.data);
    }
  }
  return out;
}

/** The add/edit form as the user fills it in (all text, as typed). */
export interface ProviderDraft {
  kind: ConfigurableKind;
  preset?: CompatiblePresetId;
  label: string;
  baseUrl: string;
  /** Newline- or comma-separated model ids. */
  models: string;
  embeddingModels: string;
  rememberKey: boolean;
  /** Seconds as typed; empty for the default. */
  timeoutSeconds: string;
  maxConcurrency: string;
}

/** Form fields that can carry a validation message. */
export type DraftField = 'label' | 'baseUrl' | 'models' | 'timeoutSeconds' | 'maxConcurrency';

/** Outcome of validating a draft: the config to store, or one message per bad field. */
export type DraftResult =
  | { ok: true; config: Omit<ProviderConfig, 'id'> }
  | { ok: false; errors: Partial<Record<DraftField, string>> };

/**
 * Splits a list of model ids typed one per line or separated by commas; trims, drops blanks and
 * duplicates, keeps the order (the first is the provider's default model).
 * @param text the text of the field
 */
export function parseModelList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\n,]/)) {
    const id = part.trim();
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Checks a base URL: http(s) only, and no key hidden in it (keys belong in the key field, never
 * in a URL that ends up in logs and error messages).
 * @param text the URL as typed
 * @returns an error message, or null when the URL is fine
 */
export function baseUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full URL such as http://localhost:11434/v1.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'The base URL must start with http:// or https://.';
  }
  if (url.username || url.password || /[?&](?:key|api_key|apikey|token)=/i.test(url.search)) {
    return 'Put the API key in the key field, not in the URL.';
  }
  return null;
}

function optionalNumber(
  text: string,
  min: number,
  max: number,
  integer: boolean,
): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const value = Number(trimmed);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  )
    return {
      error: `Enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, or leave empty.`,
    };
  return { value };
}

/**
 * Validates the add/edit form and builds the provider to store. The base URL may be left empty
 * for the provider's default; at least one model id is needed, since model names differ per
 * account and server and a guessed default would fail with a confusing 404.
 * @param draft the form's values
 */
export function validateProviderDraft(draft: ProviderDraft): DraftResult {
  const errors: Partial<Record<DraftField, string>> = {};
  const label = draft.label.trim();
  if (!label) errors.label = 'Give the provider a name.';
  else if (label.length > 80) errors.label = 'Use at most 80 characters.';
  const baseUrl = draft.baseUrl.trim().replace(/\/+$/, '');
  if (baseUrl) {
    const problem = baseUrlProblem(baseUrl);
    if (problem) errors.baseUrl = problem;
  }
  const models = parseModelList(draft.models);
  if (models.some((m) => m.length > 200)) errors.models = 'A model id is too long.';
  else if (models.length === 0) errors.models = 'Enter at least one model id.';
  const timeout = optionalNumber(draft.timeoutSeconds, 1, 600, false);
  if (timeout.error) errors.timeoutSeconds = timeout.error;
  const concurrency = optionalNumber(draft.maxConcurrency, 1, 32, true);
  if (concurrency.error) errors.maxConcurrency = concurrency.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const embeddingModels = PROVIDER_KIND_INFO[draft.kind].hasEmbeddings
    ? parseModelList(draft.embeddingModels)
    : [];
  return {
    ok: true,
    config: {
      kind: draft.kind,
      label,
      ...(baseUrl ? { baseUrl } : {}),
      models,
      ...(embeddingModels.length ? { embeddingModels } : {}),
      rememberKey: draft.rememberKey,
      ...(draft.kind === 'openai-compatible' ? { preset: draft.preset ?? 'custom' } : {}),
      ...(timeout.value !== undefined ? { timeoutSeconds: timeout.value } : {}),
      ...(concurrency.value !== undefined ? { maxConcurrency: concurrency.value } : {}),
    },
  };
}

/**
 * The form values for editing a stored provider (or an empty form for a new one of `kind`).
 * @param config the stored provider, if editing
 * @param kind the kind of a new provider
 */
export function draftFromConfig(
  config?: ProviderConfig,
  kind: ConfigurableKind = 'openai',
): ProviderDraft {
  if (!config || !isConfigurableKind(config.kind)) {
    return {
      kind,
      ...(kind === 'openai-compatible' ? { preset: 'custom' as const } : {}),
      label: kind === 'openai-compatible' ? '' : PROVIDER_KIND_INFO[kind].label,
      baseUrl: '',
      models: '',
      embeddingModels: '',
      rememberKey: false,
      timeoutSeconds: '',
      maxConcurrency: '',
    };
  }
  return {
    kind: config.kind,
    ...(config.preset ? { preset: config.preset } : {}),
    label: config.label,
    baseUrl: config.baseUrl ?? '',
    models: config.models.join('\n'),
    embeddingModels: (config.embeddingModels ?? []).join('\n'),
    rememberKey: config.rememberKey,
    timeoutSeconds: config.timeoutSeconds !== undefined ? String(config.timeoutSeconds) : '',
    maxConcurrency: config.maxConcurrency !== undefined ? String(config.maxConcurrency) : '',
  };
}

/** Whether `kind` is one the user adds in Settings. */
export function isConfigurableKind(kind: string): kind is ConfigurableKind {
  return (CONFIGURABLE_KINDS as readonly string[]).includes(kind);
}

/**
 * A new provider id from its label: a lowercase slug, made unique among `taken` with a numeric
 * suffix. The local engines' ids are always taken.
 * @param label the provider's name
 * @param taken ids already in use
 */
export function makeProviderId(label: string, taken: Iterable<string>): string {
  const used = new Set<string>([...taken, ...Object.values(LOCAL_PROVIDER_IDS)]);
  const slug =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'provider';
  if (!used.has(slug)) return slug;
  for (let i = 2; ; i += 1) {
    const candidate = `${slug}-${i}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** The base URL calls go to: the configured one, else the kind's (or preset's) default. */
export function effectiveBaseUrl(
  config: Pick<ProviderConfig, 'kind' | 'baseUrl' | 'preset'>,
): string {
  if (config.baseUrl) return config.baseUrl;
  if (config.kind === 'openai-compatible')
    return COMPATIBLE_PRESETS[config.preset ?? 'custom'].defaultBaseUrl;
  return PROVIDER_KIND_INFO[config.kind].defaultBaseUrl ?? '';
}

/**
 * Where a provider's models run, for costs: the cloud APIs always bill; an OpenAI-compatible
 * server on this machine (Ollama, LM Studio) does not.
 * @param config the provider
 */
export function providerLocation(
  config: Pick<ProviderConfig, 'kind' | 'baseUrl' | 'preset'>,
): EngineLocation {
  if (config.kind === 'openai-compatible') {
    return isLoopbackUrl(effectiveBaseUrl(config)) ? 'local' : 'cloud';
  }
  return PROVIDER_KIND_INFO[config.kind].location;
}

/** Whether the provider needs an API key before it can be called. */
export function keyRequirement(
  config: Pick<ProviderConfig, 'kind' | 'preset'>,
): ProviderKindInfo['needsKey'] {
  if (config.kind === 'openai-compatible') return COMPATIBLE_PRESETS[config.preset ?? 'custom'].key;
  return PROVIDER_KIND_INFO[config.kind].needsKey;
}

/** Whether calls to this provider must carry a key: required by its kind, or given by the user. */
export function callsNeedKey(config: Pick<ProviderConfig, 'kind' | 'preset' | 'usesKey'>): boolean {
  return keyRequirement(config) === 'required' || config.usesKey === true;
}

/** The CORS advice shown beside a provider's base URL. */
export function corsHint(config: Pick<ProviderConfig, 'kind' | 'preset'>, origin?: string): string {
  const server: ServerKind =
    config.kind === 'openai-compatible' ? (config.preset ?? 'custom') : (config.kind as ServerKind);
  if (config.kind === 'webllm' || config.kind === 'transformers') return '';
  return corsAdvice(server, origin);
}

/**
 * The id of an engine: `<providerId>/<model>`. Provider ids never contain `/`, model ids may
 * (`Xenova/all-MiniLM-L6-v2`), so the first slash separates them.
 */
export function engineId(providerId: string, model: string): string {
  return `${providerId}/${model}`;
}

/** Splits an engine id into provider id and model; null when either part is missing. */
export function parseEngineId(id: string): { providerId: string; model: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { providerId: id.slice(0, slash), model: id.slice(slash + 1) };
}

/** One entry of a model picker. */
export interface EngineChoice {
  /** Engine id, `providerId/model`. */
  id: string;
  model: string;
  /** The provider's name, used to group the entries. */
  group: string;
}

/**
 * The engines a picker offers: every chat (or embedding) model of every provider, grouped by
 * provider, in provider order. Providers without embeddings offer none for `embedding`.
 * @param providers configured providers and the local ones (with their current model lists)
 * @param purpose chat models (generator, judge) or embedding models
 */
export function engineChoices(
  providers: readonly ProviderConfig[],
  purpose: 'chat' | 'embedding',
): EngineChoice[] {
  const out: EngineChoice[] = [];
  for (const provider of providers) {
    const models =
      purpose === 'chat'
        ? provider.models
        : PROVIDER_KIND_INFO[provider.kind].hasEmbeddings
          ? (provider.embeddingModels ?? [])
          : [];
    for (const model of models) {
      out.push({ id: engineId(provider.id, model), model, group: provider.label });
    }
  }
  return out;
}
