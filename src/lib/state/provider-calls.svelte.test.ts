// ProviderChecks and TryIt wired through createSettingsServices against the fake providers:
// success and fault messages, streaming into the output, stop, usage with cost recorded.
import { describe, expect, it } from 'vitest';
import { FAKE_API_KEY } from '../../../tests/servers/fake-providers';
import { useFakeProviders } from '../../../tests/servers/engine-test-kit';
import { KeyVault, MemoryKeyStorage } from '../engines/key-vault';
import type { ProviderDraft } from '../engines/providers';
import { createSettingsServices, type SettingsServices } from './settings-services';
import { MemorySettingsStore } from './testing/memory-settings-store';

const kit = useFakeProviders();

async function withProvider(
  kind: ProviderDraft['kind'],
  path: string,
  model = 'claude-haiku-4-5',
): Promise<{ services: SettingsServices; id: string }> {
  const services = createSettingsServices({
    store: new MemorySettingsStore(),
    vault: new KeyVault({ session: new MemoryKeyStorage(), device: new MemoryKeyStorage() }),
    webllmManager: () => Promise.reject(new Error('no WebLLM in this test')),
  });
  await services.load();
  const result = await services.providers.add(
    {
      kind,
      ...(kind === 'openai-compatible' ? { preset: 'custom' as const } : {}),
      label: `Fake ${kind}`,
      baseUrl: `${kit.server.url}${path}`,
      models: model,
      embeddingModels: '',
      rememberKey: false,
      timeoutSeconds: '1',
      maxConcurrency: '',
    },
    FAKE_API_KEY,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { services, id: result.id };
}

describe('ProviderChecks', () => {
  it.each([
    ['anthropic', '/anthropic'],
    ['gemini', '/gemini'],
    ['openai-compatible', '/openai/v1'],
  ] as const)('%s: Test reports the reply and records the call', async (kind, path) => {
    const { services, id } = await withProvider(kind, path);
    await services.checks.test(id);
    const result = services.checks.result(id);
    expect(result.status).toBe('ok');
    expect(result.status === 'ok' && result.message).toMatch(
      /^Connected\. claude-haiku-4-5 replied “Reply #1 to: Reply with the single word” in \d+ ms \(\d+ in, \d+ out\)\.$/,
    );
    expect(services.usage.rows.map((r) => [r.providerId, r.calls])).toEqual([[id, 1]]);
  });

  it.each([
    ['bad-key', /rejected the API key/],
    ['model-not-found', /has no model "claude-haiku-4-5"/],
    ['hang', /did not answer within 1\.0 s/],
  ] as const)('%s: Test shows the adapter message without the key', async (fault, text) => {
    const { services, id } = await withProvider('anthropic', '/anthropic');
    kit.server.setFault('anthropic.messages', fault, { times: 10 });
    await services.checks.test(id);
    const result = services.checks.result(id);
    expect(result.status).toBe('error');
    expect(result.status === 'error' && result.message).toMatch(text);
    expect(JSON.stringify(result)).not.toContain(FAKE_API_KEY);
    services.checks.clear(id);
    expect(services.checks.result(id)).toEqual({ status: 'idle' });
  });
});

describe('TryIt.offer', () => {
  it.each<[string, string[][], string | null, string]>([
    ['nothing offered', [[]], null, ''],
    ['first offered is selected', [['a/x', 'b/y']], null, 'a/x'],
    ['later providers move an automatic choice', [['t/local'], ['a/x', 't/local']], null, 'a/x'],
    [
      'a user choice sticks',
      [
        ['a/x', 'b/y'],
        ['a/x', 'b/y', 'c/z'],
      ],
      'b/y',
      'b/y',
    ],
    ['a removed choice falls back', [['a/x', 'b/y'], ['a/x']], 'b/y', 'a/x'],
  ])('%s', async (_name, offers, userChoice, expected) => {
    const { services } = await withProvider('anthropic', '/anthropic');
    const { tryIt } = services;
    tryIt.offer(offers[0]!);
    if (userChoice) tryIt.chooseEngine(userChoice);
    for (const ids of offers.slice(1)) tryIt.offer(ids);
    expect(tryIt.engineId).toBe(expected);
  });
});

describe('TryIt', () => {
  it('streams the reply into the output and prices the call', async () => {
    const { services, id } = await withProvider('anthropic', '/anthropic');
    kit.server.settings.chunkDelayMs = 30;
    const { tryIt } = services;
    tryIt.chooseEngine(`${id}/claude-haiku-4-5`);
    tryIt.editPrompt('stream please');
    const partials = new Set<string>();
    const poll = setInterval(() => partials.add(tryIt.output), 5);
    await tryIt.send();
    clearInterval(poll);
    expect(tryIt.status).toBe('done');
    expect(tryIt.output).toBe('Reply #1 to: stream please');
    const strictPrefixes = [...partials].filter((p) => p && p !== tryIt.output);
    expect(strictPrefixes.length).toBeGreaterThan(0);
    expect(strictPrefixes.every((p) => tryIt.output.startsWith(p))).toBe(true);
    expect(tryIt.summary?.costUsd).toBeGreaterThan(0);
    expect(services.usage.totalCost.usd).toBeCloseTo(tryIt.summary?.costUsd ?? -1, 12);
  });

  it.each([
    ['', 'stream', 'Choose a model to try first.'],
    ['nobody/model', 'x', 'Choose a model to try first.'],
    ['PROVIDER/claude-haiku-4-5', '   ', 'Write a prompt first.'],
  ])('refuses engine %j with prompt %j', async (engine, prompt, message) => {
    const { services, id } = await withProvider('anthropic', '/anthropic');
    services.tryIt.chooseEngine(engine.replace('PROVIDER', id));
    services.tryIt.editPrompt(prompt);
    await services.tryIt.send();
    expect([services.tryIt.status, services.tryIt.error]).toEqual(['error', message]);
  });

  it('stops a running call and keeps the text so far', async () => {
    const { services, id } = await withProvider('gemini', '/gemini');
    kit.server.settings.chunkDelayMs = 100;
    services.tryIt.chooseEngine(`${id}/claude-haiku-4-5`);
    const sending = services.tryIt.send();
    while (!services.tryIt.output) await new Promise((r) => setTimeout(r, 5));
    services.tryIt.stop();
    await sending;
    expect(services.tryIt.status).toBe('stopped');
    expect(services.tryIt.output.length).toBeGreaterThan(0);
  });

  it('recovers after a failure: the next call works', async () => {
    const { services, id } = await withProvider('openai-compatible', '/openai/v1', 'm');
    kit.server.setFault('openai.chat', 'malformed');
    services.tryIt.chooseEngine(`${id}/m`);
    await services.tryIt.send();
    expect(services.tryIt.status).toBe('error');
    await services.tryIt.send();
    expect([services.tryIt.status, services.tryIt.error]).toEqual(['done', null]);
    expect(services.tryIt.summary?.costUsd).toBe(0);
  });
});
