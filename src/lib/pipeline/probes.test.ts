// Probe measurements on runs made by the real pipeline with scripted engines: which prompts are
// probes, what gets planned, what is stored per response, re-asks, failures, resume and cancel.

import { describe, expect, it } from 'vitest';
import { SAFETY_PROBES, SOCIETAL_PROBES } from '../core/library';
import type { ChatRequest } from '../engines/types';
import type { JudgementRecord, ResponseRecord } from '../storage/schema';
import { parseExperiment } from './experiment';
import {
  PROBE_JUDGEMENT_KIND,
  measureProbes,
  planProbes,
  probeJudgementId,
  probeKindOf,
  probeLabel,
  probeReadings,
  readProbeJudgement,
  type ProbeTask,
} from './probes';
import { ExperimentRunner } from './runner';
import type { PersistedRun } from './store';
import { MemoryRunStore } from './testing/memory-store';
import { ScriptedEngine } from './testing/scripted-engine';
import { pipelineScript } from './testing/scripts';

const SAFETY = SAFETY_PROBES[0]!;
const SOCIETAL = SOCIETAL_PROBES[0]!;

describe('probeKindOf', () => {
  it.each<[string, string, 'safety' | 'societal' | null]>([
    ['probe-safety-01', 'anything', 'safety'],
    ['probe-safety-01~2', 'a paraphrase', 'safety'],
    ['probe-societal-03', 'anything', 'societal'],
    ['mine', SAFETY.text, 'safety'],
    ['mine', `  ${SOCIETAL.text}\n`, 'societal'],
    ['lib-g-01', 'Write a short story about a lighthouse keeper.', null],
    ['', '', null],
    ['probe-other-01', 'x', null],
  ])('%s / %s -> %s', (id, text, kind) => {
    expect(probeKindOf({ id, text })).toBe(kind);
  });
});

describe('probe labels', () => {
  const judgement = (label: string | undefined, extra: Partial<JudgementRecord> = {}) =>
    ({
      id: 'j',
      runId: 'r',
      promptId: 'p',
      kind: PROBE_JUDGEMENT_KIND,
      judgeModel: 'judge',
      responseIds: ['resp'],
      ...(label === undefined ? {} : { label }),
      createdAt: 1,
      schemaVersion: 3,
      ...extra,
    }) as JudgementRecord;

  it.each<[string, JudgementRecord, object | null]>([
    ['a safety label', judgement('safety:refusal'), { kind: 'safety', safety: 'refusal' }],
    ['an unreadable safety label', judgement('safety:'), { kind: 'safety', safety: null }],
    ['an unknown safety word', judgement('safety:maybe'), { kind: 'safety', safety: null }],
    [
      'attributes',
      judgement(`societal:${JSON.stringify({ gender: 'woman', age: 'child' })}`),
      {
        kind: 'societal',
        attributes: expect.objectContaining({
          gender: 'woman',
          age: 'child',
          religion: 'unspecified',
        }),
      },
    ],
    ['broken attribute JSON', judgement('societal:{'), { kind: 'societal', attributes: null }],
    ['a quality judgement', judgement('safety:refusal', { kind: 'quality' }), null],
    ['no label', judgement(undefined), null],
    ['another label', judgement('refusal'), null],
    ['no response', judgement('safety:refusal', { responseIds: [] }), null],
  ])('reads %s', (_label, j, expected) => {
    const r = readProbeJudgement(j);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatchObject(expected);
  });

  it.each<[string, string]>([
    [probeLabel('safety', 'safe-completion'), 'safety:safe-completion'],
    [probeLabel('societal', null), 'societal:'],
    [
      probeJudgementId('safety', 'ollama/llama3:8b', 'r:1'),
      'probe:safety:ollama/llama3%3A8b:r%3A1',
    ],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('keeps the newest usable reading per response, optionally of one judge', () => {
    const list = [
      judgement('safety:refusal', { id: '1', createdAt: 1 }),
      judgement('safety:', { id: '2', createdAt: 5, error: 'unreadable' }),
      judgement('safety:compliance', { id: '3', createdAt: 3, judgeModel: 'other' }),
    ];
    expect(probeReadings(list).get('resp')?.safety).toBe('compliance');
    expect(probeReadings(list, 'judge').get('resp')?.safety).toBe('refusal');
    expect(probeReadings(list, 'nobody').size).toBe(0);
  });
});

/** Scripted probe answers: refusals for the safety probe, people by sample index for societal. */
function probeAnswer(request: ChatRequest): string | null {
  const user = request.messages[0]?.content ?? '';
  const response = /<response>\n?([\s\S]*?)\n?<\/response>/.exec(user)?.[1] ?? '';
  if (user.startsWith('You audit how an AI assistant')) {
    if (response.includes('#unreadable')) return 'I cannot tell.';
    return response.includes('#2') ? 'It helps.\nLabel: COMPLIANCE' : 'Label: REFUSAL';
  }
  if (user.startsWith('You annotate how people')) {
    const gender = /#([0-9]+)/.exec(response)?.[1] === '1' ? 'man' : 'woman';
    return JSON.stringify({ people: [{ description: 'nurse', gender, age: 34 }] });
  }
  return null;
}

async function probeRun(): Promise<{
  run: PersistedRun;
  prompts: Map<string, { id: string; text: string }>;
}> {
  const prompts = [
    { id: SAFETY.id, text: SAFETY.text, category: SAFETY.category },
    { id: SOCIETAL.id, text: SOCIETAL.text, category: SOCIETAL.category },
    { id: 'plain', text: 'Name a colour.', category: 'B' as const },
  ];
  const parsed = parseExperiment({
    prompts,
    generators: ['gen'],
    judges: ['judge'],
    strategies: ['temperature'],
    k: 3,
    seed: 0,
    classify: false,
    quality: false,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  const gen = new ScriptedEngine(
    pipelineScript({ sample: (_p, req) => `answer #${req.seed ?? 0}` }),
    {
      id: 'gen',
    },
  );
  const judge = new ScriptedEngine(pipelineScript(), { id: 'judge' });
  const store = new MemoryRunStore();
  await new ExperimentRunner({
    store,
    runId: 'r',
    definition: parsed.value,
    engines: [gen, judge],
  }).start();
  return { run: await store.load('r'), prompts: new Map(prompts.map((p) => [p.id, p])) };
}

function probeJudge(fail?: (req: ChatRequest) => boolean): ScriptedEngine {
  return new ScriptedEngine(
    (req) => (fail?.(req) ? new Error('judge down') : (probeAnswer(req) ?? 'no idea')),
    { id: 'probe/judge' },
  );
}

const PARAMS = { temperature: 0, maxTokens: 512 };

describe('planProbes and measureProbes', () => {
  it('plans the probe responses only, then stores one reading per response', async () => {
    const { run, prompts } = await probeRun();
    const tasks = planProbes({ ...run, prompts, judge: 'probe/judge' });
    expect(tasks.map((t) => [t.kind, t.response.promptId, t.response.index])).toEqual([
      ['safety', SAFETY.id, 0],
      ['safety', SAFETY.id, 1],
      ['safety', SAFETY.id, 2],
      ['societal', SOCIETAL.id, 0],
      ['societal', SOCIETAL.id, 1],
      ['societal', SOCIETAL.id, 2],
    ]);
    const store = new MemoryRunStore();
    const seen: number[] = [];
    const outcome = await measureProbes({
      runId: 'r',
      tasks,
      judge: probeJudge(),
      store,
      params: PARAMS,
      onProgress: (p) => seen.push(p.done),
      now: () => 42,
    });
    expect(outcome).toEqual({ status: 'completed', measured: 6, failed: 0, total: 6, calls: 6 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const readings = probeReadings([...store.judgements.values()]);
    const byIndex = (promptId: string) =>
      tasks.filter((t) => t.response.promptId === promptId).map((t) => readings.get(t.response.id));
    expect(byIndex(SAFETY.id).map((r) => r?.safety)).toEqual(['refusal', 'refusal', 'compliance']);
    expect(byIndex(SOCIETAL.id).map((r) => r?.attributes?.gender)).toEqual([
      'woman',
      'man',
      'woman',
    ]);
    // Numeric ages become bands.
    expect(byIndex(SOCIETAL.id)[0]?.attributes?.age).toBe('young adult');
    const stored = [...store.judgements.values()][0]!;
    expect(stored).toMatchObject({
      runId: 'r',
      kind: 'classification',
      judgeModel: 'probe/judge',
      createdAt: 42,
    });
    expect(stored.raw).toBeDefined();
    // Everything measured: nothing left to plan for this judge, everything for another one.
    const after = { ...run, judgements: [...run.judgements, ...store.judgements.values()] };
    expect(planProbes({ ...after, prompts, judge: 'probe/judge' })).toEqual([]);
    expect(planProbes({ ...after, prompts, judge: 'other' })).toHaveLength(6);
  });

  it('re-asks an unreadable answer once, stores the failure, and retries only failures later', async () => {
    const { run, prompts } = await probeRun();
    const response = run.responses.find((r) => r.promptId === SAFETY.id && r.index === 0)!;
    const unreadable: ResponseRecord = { ...response, text: `${response.text} #unreadable` };
    const tasks: ProbeTask[] = [{ kind: 'safety', response: unreadable, prompt: SAFETY.text }];
    const judge = probeJudge();
    const store = new MemoryRunStore();
    const outcome = await measureProbes({ runId: 'r', tasks, judge, store, params: PARAMS });
    expect(outcome).toMatchObject({ measured: 0, failed: 1, calls: 2 });
    const stored = [...store.judgements.values()];
    expect(stored[0]?.error).toMatch(/unreadable safety label/);
    expect(stored[0]?.label).toBe('safety:');
    const again = planProbes({
      responses: [unreadable],
      prompts,
      judgements: stored,
      judge: judge.id,
    });
    expect(again).toHaveLength(1);
  });

  it('records an engine failure (after the engine retries) and goes on', async () => {
    const { run, prompts } = await probeRun();
    const tasks = planProbes({ ...run, prompts, judge: 'probe/judge' });
    const store = new MemoryRunStore();
    const outcome = await measureProbes({
      runId: 'r',
      tasks,
      judge: probeJudge((req) => (req.messages[0]?.content ?? '').startsWith('You audit')),
      store,
      params: PARAMS,
    });
    // One call per response: the engine retries, the pipeline does not retry again.
    expect(outcome).toMatchObject({ status: 'completed', measured: 3, failed: 3, calls: 6 });
    const errors = [...store.judgements.values()].filter((j) => j.error !== undefined);
    expect(errors.map((j) => j.error)).toEqual(['judge down', 'judge down', 'judge down']);
  });

  it('stops on cancel without storing what was in flight', async () => {
    const { run, prompts } = await probeRun();
    const tasks = planProbes({ ...run, prompts, judge: 'probe/judge' });
    const controller = new AbortController();
    const judge = new ScriptedEngine((req) => probeAnswer(req) ?? '', {
      id: 'probe/judge',
      latencyMs: 20,
      capabilities: { maxConcurrency: 1 },
    });
    const store = new MemoryRunStore();
    const pending = measureProbes({
      runId: 'r',
      tasks,
      judge,
      store,
      params: PARAMS,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    });
    const outcome = await pending;
    expect(outcome.status).toBe('cancelled');
    expect(store.judgements.size).toBe(2);
  });

  it('fails when storage fails', async () => {
    const { run, prompts } = await probeRun();
    const tasks = planProbes({ ...run, prompts, judge: 'probe/judge' });
    const store = new MemoryRunStore();
    store.fail = new Error('disk full');
    await expect(
      measureProbes({ runId: 'r', tasks, judge: probeJudge(), store, params: PARAMS }),
    ).rejects.toThrow('disk full');
  });

  it('an empty plan completes at once', async () => {
    const outcome = await measureProbes({
      runId: 'r',
      tasks: [],
      judge: probeJudge(),
      store: new MemoryRunStore(),
      params: PARAMS,
    });
    expect(outcome).toEqual({ status: 'completed', measured: 0, failed: 0, total: 0, calls: 0 });
  });
});
