// Run summaries: a scripted run's stored records turn into per-group class counts averaged
// across judges, metrics, quality and accuracy, judge-call savings and classifier scores.

import { describe, expect, it } from 'vitest';
import { parseExperiment, type ExperimentInput } from './experiment';
import { summarizeRun } from './results';
import { ExperimentRunner } from './runner';
import { MemoryRunStore } from './testing/memory-store';
import { ScriptedEngine } from './testing/scripted-engine';
import { pipelineScript } from './testing/scripts';
import { emptyRun } from './testing/empty-run';

async function run(input: Partial<ExperimentInput>, judges: ScriptedEngine[]) {
  const parsed = parseExperiment({
    prompts: [
      { id: 'a', text: 'Capital of France?', category: 'A', gold: 'Paris' },
      { id: 'g', text: 'Tell a joke.', category: 'G' },
    ],
    generators: ['gen'],
    judges: judges.map((j) => j.id),
    seed: 7,
    ...input,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  const gen = new ScriptedEngine(
    pipelineScript({
      classify: (p) => (p.includes('France') ? 'A' : 'H'),
      sample: (p, req) => (p.includes('France') ? `right Paris#${req.seed}` : `joke#${req.seed}`),
    }),
    { id: 'gen' },
  );
  const store = new MemoryRunStore();
  await new ExperimentRunner({
    store,
    runId: 'r',
    definition: parsed.value,
    engines: [gen, ...judges],
  }).start();
  return summarizeRun(await store.load('r'));
}

describe('summarizeRun', () => {
  it('summarizes every group of a run with two judges', async () => {
    const lenient = new ScriptedEngine(pipelineScript({ grade: () => 'Score: 5' }), { id: 'j1' });
    const strict = new ScriptedEngine(
      pipelineScript({
        judge: (a, b) => (a === b ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT'),
        grade: () => 'Score: 2',
      }),
      { id: 'j2' },
    );
    const summary = await run({ strategies: ['temperature', 'system-general'] }, [lenient, strict]);
    expect(summary.groups.map((g) => [g.promptId, g.strategy, g.responses])).toEqual([
      ['a', 'system-general', 5],
      ['a', 'temperature', 5],
      ['g', 'system-general', 5],
      ['g', 'temperature', 5],
    ]);
    const temperature = summary.groups.find(
      (g) => g.promptId === 'a' && g.strategy === 'temperature',
    );
    expect(temperature).toMatchObject({
      category: 'A',
      classCounts: [
        { judge: 'j1', classCount: 1, failedPairs: 0 },
        { judge: 'j2', classCount: 5, failedPairs: 0 },
      ],
      meanClassCount: 3,
      quality: 3.5,
      accuracy: { correct: 5, graded: 5, rate: 1 },
    });
    expect(temperature?.general?.vocabulary).toBeGreaterThan(0);
    const noGold = summary.groups.find(
      (g) => g.promptId === 'g' && g.strategy === 'system-general',
    );
    expect(noGold).toMatchObject({ accuracy: null, meanClassCount: 5 });
    // Both judges, 4 groups: temperature 4 + 10 (lenient) / 10 + 10 (strict), system 10 each.
    expect(summary.judgeCalls).toMatchObject({ everyPairCalls: 80, saved: 6 * 2 });
    expect(summary.classifiers).toEqual([{ model: 'gen', correct: 1, scored: 2 }]);
  });

  it('an empty run has no groups', () => {
    expect(summarizeRun(emptyRun())).toEqual({
      groups: [],
      judgeCalls: {
        calls: 0,
        everyPairCalls: 0,
        saved: 0,
        ratio: null,
        sentCalls: 0,
        cachedCalls: 0,
      },
      classifiers: [],
    });
  });
});
