// OpenAI-compatible server presets (default base URLs, capabilities, CORS advice), kept apart
// from the SDK so Settings can list them without loading the engine bundle.
import { corsAdvice } from '../errors';

/** Known OpenAI-compatible servers. */
export type OpenAIPresetId =
  'openai' | 'ollama' | 'lmstudio' | 'vllm' | 'openrouter' | 'together' | 'groq' | 'custom';

/** What we know about one kind of OpenAI-compatible server. */
export interface OpenAIPreset {
  id: OpenAIPresetId;
  label: string;
  defaultBaseUrl: string;
  /** `optional`: local servers run without a key unless started with one. */
  key: 'required' | 'optional';
  /** Whether the server honours `n` (otherwise choices come from repeated calls). */
  nativeN: boolean;
  structuredOutput: 'json-schema' | 'json-object' | 'none';
  /** OpenAI's own API wants `max_completion_tokens`; compatible servers know `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  defaultConcurrency: number;
  /** How to let this app's origin through the server's CORS check (shown in Settings). */
  cors: string;
}

function preset(
  id: OpenAIPresetId,
  label: string,
  defaultBaseUrl: string,
  rest: Omit<OpenAIPreset, 'id' | 'label' | 'defaultBaseUrl' | 'cors'>,
): OpenAIPreset {
  return { id, label, defaultBaseUrl, ...rest, cors: corsAdvice(id) };
}

/**
 * Presets with their default base URLs. `nativeN` is false where the server is known to ignore
 * or refuse `n` (Ollama returns one choice, Groq and OpenRouter reject or ignore n > 1).
 */
export const OPENAI_PRESETS: Readonly<Record<OpenAIPresetId, OpenAIPreset>> = {
  openai: preset('openai', 'OpenAI', 'https://api.openai.com/v1', {
    key: 'required',
    nativeN: true,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_completion_tokens',
    defaultConcurrency: 4,
  }),
  ollama: preset('ollama', 'Ollama (local)', 'http://localhost:11434/v1', {
    key: 'optional',
    nativeN: false,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 1,
  }),
  lmstudio: preset('lmstudio', 'LM Studio (local)', 'http://localhost:1234/v1', {
    key: 'optional',
    nativeN: false,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 1,
  }),
  vllm: preset('vllm', 'vLLM', 'http://localhost:8000/v1', {
    key: 'optional',
    nativeN: true,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 8,
  }),
  openrouter: preset('openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1', {
    key: 'required',
    nativeN: false,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 4,
  }),
  together: preset('together', 'Together AI', 'https://api.together.xyz/v1', {
    key: 'required',
    nativeN: true,
    structuredOutput: 'json-object',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 4,
  }),
  groq: preset('groq', 'Groq', 'https://api.groq.com/openai/v1', {
    key: 'required',
    nativeN: false,
    structuredOutput: 'json-object',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 2,
  }),
  custom: preset('custom', 'OpenAI-compatible server', 'http://localhost:8080/v1', {
    key: 'optional',
    nativeN: false,
    structuredOutput: 'json-schema',
    maxTokensField: 'max_tokens',
    defaultConcurrency: 2,
  }),
};

/**
 * Whether a URL points at this machine (localhost, 127.0.0.1, [::1], *.localhost): such a
 * server's models run locally and cost nothing.
 * @param text the URL
 */
export function isLoopbackUrl(text: string): boolean {
  try {
    const host = new URL(text).hostname;
    return (
      host === 'localhost' ||
      host === '127.0.0.1' ||
      host === '[::1]' ||
      host.endsWith('.localhost')
    );
  } catch {
    return false;
  }
}
