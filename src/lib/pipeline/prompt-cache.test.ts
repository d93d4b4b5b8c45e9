// Prompt caching end to end against the fake providers: judge prompts put their stable part (the
// system text) first, Anthropic requests mark it with cache_control, and the cached prompt tokens
// the providers report are stored in the units' usage.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_API_KEY, fakeTokenCount } from '../../../tests/servers/fake-providers';
import { FAST_RETRY, NO_PROBE, useFakeProviders } from '../../../tests/servers/engine-test-kit';
import { CATEGORY_IDS } from '../core/taxonomy';
import { AnthropicChatEngine } from '../engines/cloud/anthropic';
import { OpenAIChatEngine } from '../engines/cloud/openai';
import type { ChatEngine, ChatRequest } from '../engines/types';
import { openDatabase } from '../storage/db';
import { parseExperiment } from './experiment';
import { ExperimentRunner } from './runner';
import { PlaygroundRunStore } from './store';
import { requestKind } from './testing/scripted-engine';
import { pipelineScript } from './testing/scripts';

const kit = useFakeProviders();

beforeEach(() => {
  // Samples A#<seed>-<choice>: every sample its own class, so every pair is judged.
  const reply = pipelineScript({ sample: (_p, _request, choice) => `A${choice}#${choice}` });
  kit.server.script((input) => {
    const request: ChatRequest = { messages: input.messages as ChatRequest['messages'] };
    const text = reply(request, { kind: requestKind(request), call: 1, choice: input.choiceIndex });
    return typeof text === 'string' ? text : undefined;
  });
});

const judges: { name: string; make: () => ChatEngine; route: string }[] = [
  {
    name: 'OpenAI',
    route: 'openai.chat',
    make: () =>
      new OpenAIChatEngine({
        providerId: 'judge',
        model: 'gpt-test',
        apiKey: FAKE_API_KEY,
        baseUrl: `${kit.server.url}/openai/v1`,
        retry: FAST_RETRY,
        probe: NO_PROBE,
      }),
  },
  {
    name: 'Anthropic',
    route: 'anthropic.messages',
    make: () =>
      new AnthropicChatEngine({
        providerId: 'judge',
        model: 'claude-test',
        apiKey: FAKE_API_KEY,
        baseUrl: `${kit.server.url}/anthropic`,
        retry: FAST_RETRY,
        probe: NO_PROBE,
      }),
  },
];

describe.each(judges)('prompt caching with an $name judge', ({ make, route }) => {
  it('judge calls repeat their system text first and record the cached tokens in unit usage', async () => {
    const generator = new OpenAIChatEngine({
      providerId: 'gen',
      model: 'gen-test',
      apiKey: FAKE_API_KEY,
      baseUrl: `${kit.server.url}/openai/v1`,
      retry: FAST_RETRY,
      probe: NO_PROBE,
    });
    const parsed = parseExperiment({
      prompts: CATEGORY_IDS.slice(0, 2).map((c) => ({
        id: `p${c}`,
        text: `Prompt ${c}`,
        category: c,
      })),
      generators: ['gen/gen-test'],
      judges: [`judge/${route === 'openai.chat' ? 'gpt-test' : 'claude-test'}`],
      strategies: ['temperature'],
      k: 3,
      seed: 1,
      classify: false,
      quality: false,
      accuracy: false,
    });
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    const db = await openDatabase({ factory: new IDBFactory(), name: 'cache' });
    const store = new PlaygroundRunStore(db);
    const outcome = await new ExperimentRunner({
      store,
      runId: 'r',
      definition: parsed.value,
      engines: [generator, make()],
      cache: null,
    }).start();
    expect(outcome.status).toBe('completed');

    const judged = kit.server.requests.filter((r) => {
      if (r.route !== route) return false;
      const body = r.body as { system?: unknown; messages?: { role: string }[] };
      return route === 'openai.chat' ? body.messages?.[0]?.role === 'system' : body.system;
    });
    // 2 prompts x 3 pairs, each a system text (stable per category) then the varying pair.
    expect(judged).toHaveLength(6);
    if (route === 'anthropic.messages') {
      for (const r of judged) {
        expect((r.body as { system: unknown }).system).toEqual([
          expect.objectContaining({ type: 'text', cache_control: { type: 'ephemeral' } }),
        ]);
      }
    }
    const all = (await store.load('r')).units;
    db.close();
    const units = all.filter((u) => u.stage === 'judge');
    expect(units).toHaveLength(2);
    // The first call of each category writes the cache, the other two read its system text.
    const systemText = (body: unknown): string => {
      const b = body as { system?: { text: string }[]; messages?: { content: string }[] };
      return b.system?.[0]?.text ?? b.messages?.[0]?.content ?? '';
    };
    const texts = judged.map((r) => systemText(r.body));
    const expected = texts
      .filter((t, i) => texts.indexOf(t) !== i)
      .reduce((n, t) => n + fakeTokenCount(t), 0);
    expect(new Set(texts).size).toBe(2);
    for (const unit of units) {
      expect(unit.calls).toBe(3);
      expect(unit.usage?.cachedPromptTokens).toBeGreaterThan(0);
    }
    expect(units.reduce((n, u) => n + (u.usage?.cachedPromptTokens ?? 0), 0)).toBe(expected);
    // Sampling has no system text: nothing cached, and no cached field stored.
    const samples = all.filter((u) => u.stage === 'sample');
    expect(samples.map((u) => u.usage?.cachedPromptTokens)).toEqual(samples.map(() => undefined));
  });
});
