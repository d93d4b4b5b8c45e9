// Table tests for provider validation, stored-list parsing, ids, locations and engine ids.
import { describe, expect, it } from 'vitest';
import { OPENAI_PRESETS } from './cloud/presets';
import {
  COMPATIBLE_PRESETS,
  COMPATIBLE_PRESET_IDS,
  PROVIDER_KINDS,
  PROVIDER_KIND_INFO,
  baseUrlProblem,
  corsHint,
  draftFromConfig,
  effectiveBaseUrl,
  engineChoices,
  engineId,
  keyRequirement,
  makeProviderId,
  parseEngineId,
  parseModelList,
  parseProviders,
  providerLocation,
  validateProviderDraft,
  type ProviderConfig,
  type ProviderDraft,
} from './providers';

// The blank OpenAI form with one model typed in.
const BASE_DRAFT: ProviderDraft = {
  ...draftFromConfig(undefined, 'openai'),
  models: 'gpt-4o-mini',
};

describe('parseModelList', () => {
  it.each([
    ['', []],
    ['   \n , ', []],
    ['gpt-4o-mini', ['gpt-4o-mini']],
    ['a, b\nc', ['a', 'b', 'c']],
    [' a \n a \n b ', ['a', 'b']],
    ['Xenova/all-MiniLM-L6-v2', ['Xenova/all-MiniLM-L6-v2']],
    ['qwen2.5:0.5b\r\nllama3.2', ['qwen2.5:0.5b', 'llama3.2']],
    ['模型-一, 模型-二', ['模型-一', '模型-二']],
  ])('%j -> %j', (text, expected) => {
    expect(parseModelList(text)).toEqual(expected);
  });
});

describe('baseUrlProblem', () => {
  it.each([
    ['http://localhost:11434/v1', null],
    ['https://api.openai.com/v1', null],
    ['http://127.0.0.1:8080', null],
    ['localhost:11434', 'The base URL must start with http:// or https://.'],
    ['not a url', 'Enter a full URL such as http://localhost:11434/v1.'],
    ['', 'Enter a full URL such as http://localhost:11434/v1.'],
    ['ftp://example.com', 'The base URL must start with http:// or https://.'],
    ['https://user:pw@example.com/v1', 'Put the API key in the key field, not in the URL.'],
    ['https://example.com/v1?key=AIzaSecret', 'Put the API key in the key field, not in the URL.'],
    ['https://example.com/v1?api_key=x', 'Put the API key in the key field, not in the URL.'],
    ['https://example.com/v1?model=x', null],
  ])('%j -> %j', (url, expected) => {
    expect(baseUrlProblem(url)).toBe(expected);
  });
});

describe('validateProviderDraft', () => {
  it.each<[string, Partial<ProviderDraft>, Record<string, unknown>]>([
    ['defaults', {}, { ok: true }],
    ['empty label', { label: '  ' }, { ok: false, field: 'label' }],
    ['long label', { label: 'x'.repeat(81) }, { ok: false, field: 'label' }],
    ['no models', { models: ' , ' }, { ok: false, field: 'models' }],
    ['bad url', { baseUrl: 'localhost' }, { ok: false, field: 'baseUrl' }],
    ['key in url', { baseUrl: 'https://x.test/v1?key=abc' }, { ok: false, field: 'baseUrl' }],
    ['timeout 0', { timeoutSeconds: '0' }, { ok: false, field: 'timeoutSeconds' }],
    ['timeout text', { timeoutSeconds: 'soon' }, { ok: false, field: 'timeoutSeconds' }],
    ['timeout 1.5', { timeoutSeconds: '1.5' }, { ok: true }],
    ['concurrency 2.5', { maxConcurrency: '2.5' }, { ok: false, field: 'maxConcurrency' }],
    ['concurrency 33', { maxConcurrency: '33' }, { ok: false, field: 'maxConcurrency' }],
    ['concurrency 4', { maxConcurrency: ' 4 ' }, { ok: true }],
  ])('%s', (_name, patch, expected) => {
    const result = validateProviderDraft({ ...BASE_DRAFT, ...patch });
    expect(result.ok).toBe(expected.ok);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([expected.field]);
  });

  it('builds the stored config: trimmed, trailing slash dropped, numbers parsed', () => {
    const result = validateProviderDraft({
      ...BASE_DRAFT,
      kind: 'openai-compatible',
      preset: 'ollama',
      label: ' My Ollama ',
      baseUrl: 'http://localhost:11434/v1///',
      models: 'llama3.2\nqwen2.5:0.5b',
      embeddingModels: 'nomic-embed-text',
      rememberKey: true,
      timeoutSeconds: '30',
      maxConcurrency: '1',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        kind: 'openai-compatible',
        preset: 'ollama',
        label: 'My Ollama',
        baseUrl: 'http://localhost:11434/v1',
        models: ['llama3.2', 'qwen2.5:0.5b'],
        embeddingModels: ['nomic-embed-text'],
        rememberKey: true,
        timeoutSeconds: 30,
        maxConcurrency: 1,
      },
    });
  });

  it.each([
    ['anthropic', 'voyage-3', undefined],
    ['gemini', 'gemini-embedding-001', ['gemini-embedding-001']],
  ] as const)('%s keeps embedding models only when it has an embeddings API', (kind, emb, out) => {
    const result = validateProviderDraft({ ...BASE_DRAFT, kind, embeddingModels: emb });
    expect(result.ok ? result.config.embeddingModels : 'invalid').toEqual(out);
  });
});

describe('parseProviders', () => {
  const good = { id: 'openai', kind: 'openai', label: 'OpenAI', models: ['gpt-4o-mini'] };
  it.each<[string, unknown, string[]]>([
    ['nothing stored', undefined, []],
    ['not an array', { id: 'x' }, []],
    ['one good', [good], ['openai']],
    ['bad kind dropped', [good, { ...good, id: 'x', kind: 'mistral' }], ['openai']],
    ['bad id dropped', [{ ...good, id: 'Has Space' }], []],
    ['duplicate id dropped', [good, { ...good, label: 'Again' }], ['openai']],
    ['null entries dropped', [null, 3, 'x', good], ['openai']],
  ])('%s', (_name, stored, ids) => {
    expect(parseProviders(stored).map((p) => p.id)).toEqual(ids);
  });

  it('strips fields outside the schema, an API key above all, and fills defaults', () => {
    const [parsed] = parseProviders([{ ...good, apiKey: 'sk-secret-123456', extra: 1 }]);
    expect(parsed).toEqual({ ...good, rememberKey: false });
    expect(JSON.stringify(parsed)).not.toContain('sk-secret');
  });
});

describe('makeProviderId', () => {
  it.each<[string, string[], string]>([
    ['OpenAI', [], 'openai'],
    ['OpenAI', ['openai'], 'openai-2'],
    ['OpenAI', ['openai', 'openai-2'], 'openai-3'],
    ['My Ollama (local)!', [], 'my-ollama-local'],
    ['', [], 'provider'],
    ['***', [], 'provider'],
    ['Überserver', [], 'uberserver'],
    ['WebLLM', [], 'webllm-2'],
    ['transformers', [], 'transformers-2'],
    ['x'.repeat(60), [], 'x'.repeat(40)],
  ])('%j with %j taken -> %s', (label, taken, expected) => {
    expect(makeProviderId(label, taken)).toBe(expected);
  });
});

describe('locations, keys, base URLs and CORS hints', () => {
  it.each<[Pick<ProviderConfig, 'kind' | 'baseUrl' | 'preset'>, string, string, string]>([
    [{ kind: 'openai' }, 'cloud', 'required', 'https://api.openai.com/v1'],
    [{ kind: 'anthropic' }, 'cloud', 'required', 'https://api.anthropic.com'],
    [{ kind: 'gemini' }, 'cloud', 'required', 'https://generativelanguage.googleapis.com'],
    [
      { kind: 'openai-compatible', preset: 'ollama' },
      'local',
      'optional',
      'http://localhost:11434/v1',
    ],
    [
      { kind: 'openai-compatible', preset: 'groq' },
      'cloud',
      'required',
      'https://api.groq.com/openai/v1',
    ],
    [{ kind: 'openai-compatible' }, 'local', 'optional', 'http://localhost:8080/v1'],
    [
      { kind: 'openai-compatible', preset: 'vllm', baseUrl: 'https://gpu.example.com/v1' },
      'cloud',
      'optional',
      'https://gpu.example.com/v1',
    ],
    [
      { kind: 'openai', baseUrl: 'http://127.0.0.1:9/openai/v1' },
      'cloud',
      'required',
      'http://127.0.0.1:9/openai/v1',
    ],
    [{ kind: 'webllm' }, 'local', 'none', ''],
    [{ kind: 'transformers' }, 'local', 'none', ''],
  ])('%j -> %s, key %s, %s', (config, location, key, url) => {
    expect(providerLocation(config)).toBe(location);
    expect(keyRequirement(config)).toBe(key);
    expect(effectiveBaseUrl(config)).toBe(url);
  });

  it.each([
    [{ kind: 'openai-compatible', preset: 'ollama' }, 'OLLAMA_ORIGINS="http://x.test"'],
    [{ kind: 'openai-compatible', preset: 'lmstudio' }, 'Enable CORS'],
    [{ kind: 'gemini' }, 'Gemini provider type'],
    [{ kind: 'webllm' }, ''],
  ] as const)('CORS hint for %j mentions %j', (config, text) => {
    const hint = corsHint(config, 'http://x.test');
    if (text) expect(hint).toContain(text);
    else expect(hint).toBe('');
  });

  it('offers exactly the cloud module presets (minus OpenAI, its own kind)', () => {
    for (const id of COMPATIBLE_PRESET_IDS) expect(COMPATIBLE_PRESETS[id]).toBe(OPENAI_PRESETS[id]);
    expect([...COMPATIBLE_PRESET_IDS, 'openai'].sort()).toEqual(Object.keys(OPENAI_PRESETS).sort());
    expect(PROVIDER_KIND_INFO.openai.defaultBaseUrl).toBe(OPENAI_PRESETS.openai.defaultBaseUrl);
    expect(Object.keys(PROVIDER_KIND_INFO)).toEqual([...PROVIDER_KINDS]);
  });
});

describe('draftFromConfig', () => {
  it('round-trips a stored provider through the form', () => {
    const config: ProviderConfig = {
      id: 'groq',
      kind: 'openai-compatible',
      preset: 'groq',
      label: 'Groq',
      baseUrl: 'https://api.groq.com/openai/v1',
      models: ['llama-3.1-8b-instant', 'gemma2-9b-it'],
      embeddingModels: ['e5'],
      rememberKey: true,
      timeoutSeconds: 12.5,
      maxConcurrency: 2,
    };
    const result = validateProviderDraft(draftFromConfig(config));
    expect(result).toEqual({ ok: true, config: { ...config, id: undefined } });
  });

  it.each([
    ['openai', 'OpenAI', undefined],
    ['anthropic', 'Anthropic', undefined],
    ['openai-compatible', '', 'custom'],
  ] as const)('a new %s form starts with label %j and preset %j', (kind, label, preset) => {
    const draft = draftFromConfig(undefined, kind);
    expect([draft.label, draft.preset, draft.models, draft.rememberKey]).toEqual([
      label,
      preset,
      '',
      false,
    ]);
  });
});

describe('engine ids and choices', () => {
  it.each<[string, string, string]>([
    ['openai', 'gpt-4o-mini', 'openai/gpt-4o-mini'],
    ['transformers', 'Xenova/all-MiniLM-L6-v2', 'transformers/Xenova/all-MiniLM-L6-v2'],
    ['my-ollama', 'qwen2.5:0.5b', 'my-ollama/qwen2.5:0.5b'],
  ])('%s + %s <-> %s', (providerId, model, id) => {
    expect(engineId(providerId, model)).toBe(id);
    expect(parseEngineId(id)).toEqual({ providerId, model });
  });

  it.each(['', 'openai', '/gpt-4o', 'openai/'])('%j is not an engine id', (id) => {
    expect(parseEngineId(id)).toBeNull();
  });

  it('lists chat and embedding models by provider, skipping kinds without embeddings', () => {
    const providers: ProviderConfig[] = [
      {
        id: 'a',
        kind: 'anthropic',
        label: 'A',
        models: ['claude-haiku-4-5'],
        embeddingModels: ['x'],
        rememberKey: false,
      },
      {
        id: 'g',
        kind: 'gemini',
        label: 'G',
        models: ['gemini-2.5-flash'],
        embeddingModels: ['gemini-embedding-001'],
        rememberKey: false,
      },
      { id: 'e', kind: 'openai', label: 'E', models: [], rememberKey: false },
    ];
    expect(engineChoices(providers, 'chat').map((c) => c.id)).toEqual([
      'a/claude-haiku-4-5',
      'g/gemini-2.5-flash',
    ]);
    expect(engineChoices(providers, 'embedding')).toEqual([
      { id: 'g/gemini-embedding-001', model: 'gemini-embedding-001', group: 'G' },
    ]);
    expect(engineChoices([], 'chat')).toEqual([]);
  });
});
