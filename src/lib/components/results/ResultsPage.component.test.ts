// Component tests of the Results area in jsdom on fake-indexeddb, with a run made by the real
// pipeline and scripted engines: every number shown is checked against the stored records.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import ResultsPage from '../../../routes/ResultsPage.svelte';
import { mean, meanAcrossJudges } from '../../core/aggregate';
import { CATEGORY_IDS } from '../../core/taxonomy';
import { analyseExistingResponses } from '../../pipeline/analyse-existing';
import { crossModelPools } from '../../pipeline/cross-model';
import { ScriptedEngine } from '../../pipeline/testing/scripted-engine';
import { pipelineScript } from '../../pipeline/testing/scripts';
import { PlaygroundRunStore, type PersistedRun } from '../../pipeline/store';
import { openDatabase, type PlaygroundDB } from '../../storage/db';
import type { FunctionalMetricRecord, GeneralMetricRecord } from '../../storage/schema';
import {
  formatClasses,
  formatNumber,
  formatPercent,
  resultsHash,
  type ResultsRoute,
} from '../../state/results-view';
import { createSeededRun, seedJudge, type SeedOptions } from './testing/seeded-run';

let dbCount = 0;

async function seeded(options: SeedOptions = {}): Promise<{ db: PlaygroundDB; run: PersistedRun }> {
  dbCount += 1;
  const db = await openDatabase({ factory: new IDBFactory(), name: `results-${dbCount}` });
  const store = new PlaygroundRunStore(db);
  const { runId } = await createSeededRun(store, options);
  return { db, run: await store.load(runId) };
}

function show(db: PlaygroundDB, route: ResultsRoute, extra: Record<string, unknown> = {}) {
  window.location.hash = resultsHash(route);
  return render(ResultsPage, { open: () => Promise.resolve(db), ...extra });
}

function functional(run: PersistedRun): FunctionalMetricRecord[] {
  return run.metrics.filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

function cell(row: HTMLElement, col: string): string {
  return row.querySelector(`[data-col="${col}"]`)?.textContent?.replace('⚠', '').trim() ?? '';
}

afterEach(() => {
  window.location.hash = '';
});

const SMALL: SeedOptions = {
  categories: ['A', 'D', 'G', 'H'],
  strategies: ['temperature', 'system-task-anchored', 'icr-general'],
};

describe('Results: runs list', () => {
  it('says how to get a run when none is stored', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'results-empty' });
    show(db, {});
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Results');
    expect(await screen.findByTestId('no-runs')).toHaveTextContent(/Experiments/);
  });

  it('lists the stored run with its judge calls sent, cached and skipped', async () => {
    const { db, run } = await seeded({ ...SMALL, name: 'Small seeded run' });
    show(db, {});
    const item = await screen.findByTestId('run-item');
    const stats = run.run!.stats!;
    const saved = stats.judgeCallsEveryPair - stats.judgeCalls;
    expect(saved).toBeGreaterThan(0);
    expect(item).toHaveTextContent('Small seeded run');
    expect(item).toHaveTextContent('completed');
    const calls = within(item).getByTestId('judge-calls');
    expect(calls.dataset).toMatchObject({
      sent: String(stats.judgeCallsSent),
      cached: String(stats.judgeCallsCached),
      skipped: String(saved),
    });
    expect(calls).toHaveTextContent(
      `${stats.judgeCallsSent} sent · ${stats.judgeCallsCached} cached · ${saved} skipped`,
    );
    expect(within(item).getByRole('link')).toHaveAttribute('href', '#/results?run=seeded-run');
  });

  it('reports a run that is not stored', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'results-missing' });
    show(db, { runId: 'nope' });
    expect(await screen.findByTestId('run-missing')).toHaveTextContent('nope');
  });
});

describe('Results: one run', () => {
  let db: PlaygroundDB;
  let run: PersistedRun;
  beforeAll(async () => {
    ({ db, run } = await seeded(SMALL));
  });

  it('shows one row per group with the stored classes, metrics, quality and accuracy', async () => {
    show(db, { runId: 'seeded-run' });
    const table = await screen.findByTestId('results-table');
    const rows = within(table).getAllByTestId('result-row');
    expect(rows).toHaveLength(4 * 2 * 3);
    for (const row of rows) {
      const key = [row.dataset.prompt, row.dataset.model, row.dataset.strategy];
      const same = (m: { promptId: string; model: string; strategy: string }): boolean =>
        m.promptId === key[0] && m.model === key[1] && m.strategy === key[2];
      const responses = run.responses.filter(same);
      const metric = functional(run).find(same)!;
      const general = run.metrics.find(
        (m): m is GeneralMetricRecord => m.kind === 'general' && same(m),
      )!;
      const ids = new Set(responses.map((r) => r.id));
      const grades = run.judgements
        .filter((j) => j.kind === 'quality' && ids.has(j.responseIds[0]!))
        .map((j) => ({ judge: j.judgeModel, value: j.score! }));
      const accuracy = run.metrics.filter((m) => m.kind === 'accuracy' && same(m));
      expect(cell(row, 'classes')).toBe(formatClasses(metric.classCount, responses.length));
      expect(cell(row, 'vocabulary')).toBe(formatNumber(general.vocabulary));
      expect(cell(row, 'embedding')).toBe(formatNumber(general.embedding));
      expect(cell(row, 'compression')).toBe(formatNumber(general.compression));
      expect(cell(row, 'quality')).toBe(formatNumber(meanAcrossJudges(grades)));
      expect(cell(row, 'accuracy')).toBe(
        accuracy.length === 0
          ? '–'
          : formatPercent(mean(accuracy.map((m) => (m.kind === 'accuracy' && m.correct ? 1 : 0)))),
      );
    }
    // The scripted ideas: alpha's task-anchored G prompt gives 5 classes, temperature 1.
    const g = rows.find(
      (r) =>
        r.dataset.prompt === 'pG' &&
        r.dataset.model === 'fake/alpha' &&
        r.dataset.strategy === 'system-task-anchored',
    )!;
    expect(cell(g, 'classes')).toBe('5/5');
    const t = rows.find(
      (r) =>
        r.dataset.prompt === 'pG' &&
        r.dataset.model === 'fake/alpha' &&
        r.dataset.strategy === 'temperature',
    )!;
    expect(cell(t, 'classes')).toBe('1/5');
  });

  it('shows the judge calls sent, answered from the cache and skipped for the run', async () => {
    show(db, { runId: 'seeded-run' });
    const savings = await screen.findByTestId('judge-savings');
    const sum = (f: (m: ReturnType<typeof functional>[number]) => number): number =>
      functional(run).reduce((s, m) => s + f(m), 0);
    const calls = sum((m) => m.calls);
    const every = sum((m) => m.everyPairCalls);
    const sent = sum((m) => m.sentCalls ?? Number.NaN);
    const cached = sum((m) => m.cachedCalls ?? Number.NaN);
    expect(sent + cached).toBeGreaterThanOrEqual(calls);
    expect(within(savings).getByTestId('judge-calls-sent')).toHaveTextContent(String(sent));
    expect(within(savings).getByTestId('judge-calls-cached')).toHaveTextContent(String(cached));
    expect(within(savings).getByTestId('judge-calls-skipped')).toHaveTextContent(
      String(every - calls),
    );
    expect(savings).toHaveTextContent(`of ${every} that judging every pair would take`);
    expect(within(savings).getByTestId('judge-calls-estimate')).toHaveTextContent(
      `asked: ${calls}`,
    );
  });

  it.each<[string, string, string, (r: HTMLElement) => boolean, number]>([
    ['category G', 'filter-category', 'G', (r) => r.dataset.prompt === 'pG', 2 * 3],
    [
      'one strategy',
      'filter-strategy',
      'icr-general',
      (r) => r.dataset.strategy === 'icr-general',
      4 * 2,
    ],
    ['one model', 'filter-model', 'fake/beta', (r) => r.dataset.model === 'fake/beta', 4 * 3],
  ])('filters by %s', async (_label, testId, value, keep, count) => {
    show(db, { runId: 'seeded-run' });
    const select = await screen.findByTestId(testId);
    await fireEvent.change(select, { target: { value } });
    const rows = screen.getAllByTestId('result-row');
    expect(rows).toHaveLength(count);
    expect(rows.every(keep)).toBe(true);
    expect(screen.getByTestId('row-count')).toHaveTextContent(`Showing ${count} of 24 rows`);
    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(screen.getAllByTestId('result-row')).toHaveLength(24);
  });

  it('sorts by a column and flips on a second click', async () => {
    show(db, { runId: 'seeded-run' });
    await screen.findByTestId('results-table');
    const header = screen.getByRole('button', { name: /^Classes/ });
    const classes = (): number[] =>
      screen.getAllByTestId('result-row').map((r) => Number(cell(r, 'classes').split('/')[0]));
    await fireEvent.click(header);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    const asc = classes();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await fireEvent.click(header);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');
    expect(classes()).toEqual([...asc].sort((a, b) => b - a));
  });

  it('checks each classifier with an 8x8 confusion matrix', async () => {
    show(db, { runId: 'seeded-run' });
    const matrices = await screen.findAllByTestId('confusion');
    expect(matrices.map((m) => m.dataset.model)).toEqual(['fake/alpha', 'fake/beta']);
    for (const m of matrices) {
      const own = run.classifications.filter((c) => c.model === m.dataset.model);
      const correct = own.filter((c) => c.correct === true).length;
      expect(within(m).getByTestId('classifier-accuracy')).toHaveTextContent(
        `${formatPercent(correct / own.length)} correct (${correct} of ${own.length})`,
      );
      expect(m.querySelectorAll('td[data-known]')).toHaveLength(64);
      for (const known of CATEGORY_IDS) {
        for (const predicted of CATEGORY_IDS) {
          const count = own.filter((c) => c.known === known && c.predicted === predicted).length;
          const td = m.querySelector(`td[data-known="${known}"][data-predicted="${predicted}"]`);
          expect(td?.textContent?.trim()).toBe(String(count));
        }
      }
    }
    // Alpha calls the G and H prompts F.
    const alpha = matrices[0]!;
    expect(alpha.querySelector('td[data-known="G"][data-predicted="F"]')).toHaveTextContent('1');
  });
});

describe('Results: one prompt', () => {
  let db: PlaygroundDB;
  let run: PersistedRun;
  beforeAll(async () => {
    ({ db, run } = await seeded(SMALL));
  });

  it('groups the responses by class, with the graph and verdicts of the stored judging', async () => {
    show(db, { runId: 'seeded-run', promptId: 'pH' });
    const view = await screen.findByTestId('prompt-view');
    expect(within(view).getByTestId('prompt-text')).toHaveTextContent(
      'Should I learn piano or guitar first?',
    );
    const select = within(view).getByTestId('group-select') as HTMLSelectElement;
    // First option: alpha, temperature; switch to alpha, task-anchored system prompt.
    const option = [...select.options].find((o) =>
      o.textContent?.includes('System prompt (task-anchored) · fake/alpha'),
    )!;
    await fireEvent.change(select, { target: { value: option.value } });
    const metric = functional(run).find(
      (m) =>
        m.promptId === 'pH' && m.model === 'fake/alpha' && m.strategy === 'system-task-anchored',
    )!;
    expect(within(view).getByTestId('group-classes')).toHaveTextContent(String(metric.classCount));
    const columns = within(view).getAllByTestId('class-column');
    expect(columns).toHaveLength(metric.classCount);
    expect(columns.map((c) => within(c).getAllByTestId('response-card').length)).toEqual(
      metric.classes.map((c) => c.length),
    );
    // Responses render as sanitised markdown.
    const card = within(view).getAllByTestId('response-card')[0]!;
    expect(card.querySelector('strong')).not.toBeNull();
    expect(card.querySelectorAll('li')).toHaveLength(2);

    const graph = within(view).getByTestId('equivalence-graph');
    expect(graph.querySelectorAll('[data-testid="graph-node"]')).toHaveLength(
      metric.responseIds.length,
    );
    const judged = metric.verdicts.filter((v) => v.equivalent && v.source === 'judged').length;
    const inferred = metric.verdicts.filter((v) => v.source === 'inferred').length;
    expect(graph.querySelectorAll('line[data-source="judged"]')).toHaveLength(judged);
    expect(graph.querySelectorAll('line[data-source="inferred"]')).toHaveLength(inferred);

    const verdicts = within(view).getAllByTestId('verdict-row');
    expect(verdicts).toHaveLength(10);
    expect(verdicts.filter((v) => v.dataset.failed === 'true')).toHaveLength(metric.failedPairs);
    expect(metric.failedPairs).toBe(1);
    expect(within(view).getByTestId('classes-list').querySelectorAll('li')).toHaveLength(
      metric.classCount,
    );
  });

  it('opens a response from the graph with the keyboard', async () => {
    show(db, { runId: 'seeded-run', promptId: 'pG' });
    const view = await screen.findByTestId('prompt-view');
    const nodes = within(view).getAllByTestId('graph-node');
    expect(nodes.every((n) => n.getAttribute('tabindex') === '0')).toBe(true);
    nodes[2]!.focus();
    await fireEvent.keyDown(nodes[2]!, { key: 'Enter' });
    await waitFor(() => expect(document.activeElement?.id).toBe('card-2'));
  });

  it('shows the pooled responses of both models with inferred (dashed) edges', async () => {
    show(db, { runId: 'seeded-run', promptId: 'pA' });
    const view = await screen.findByTestId('prompt-view');
    const select = within(view).getByTestId('group-select') as HTMLSelectElement;
    const pooledOption = [...select.options].find((o) =>
      o.textContent?.includes('Temperature sampling · all models pooled'),
    )!;
    await fireEvent.change(select, { target: { value: pooledOption.value } });
    const pool = crossModelPools(run).find(
      (p) => p.promptId === 'pA' && p.strategy === 'temperature',
    )!;
    const graph = within(view).getByTestId('equivalence-graph');
    expect(graph.querySelectorAll('[data-testid="graph-node"]')).toHaveLength(10);
    expect(graph.querySelectorAll('line')).toHaveLength(pool.result.edges.length);
    expect(graph.querySelectorAll('line[data-source="inferred"]').length).toBeGreaterThan(0);
    // Alpha says 1889, beta 1887: two classes, none shared.
    expect(within(view).getAllByTestId('class-column')).toHaveLength(2);
    expect(within(view).getByTestId('classes-list')).not.toHaveTextContent('shared by');
  });
});

describe('Results: across models', () => {
  it('judges the pooled responses on request and shows the convergence stored', async () => {
    const { db } = await seeded({
      categories: ['A', 'G'],
      strategies: ['temperature', 'system-general'],
      crossModel: false,
    });
    const judges: string[][] = [];
    show(
      db,
      { runId: 'seeded-run' },
      {
        resolveEngines: async (ids: readonly string[]) => {
          judges.push([...ids]);
          return ids.map(seedJudge);
        },
      },
    );
    const panel = await screen.findByTestId('cross-model');
    expect(within(panel).getByTestId('cross-status')).toHaveTextContent('0 of 4 pools judged');
    expect(
      within(panel)
        .getAllByTestId('cross-row')
        .map((r) => r.querySelector('[data-col="pooled"]')?.textContent),
    ).toEqual(Array(4).fill('not judged'));
    await fireEvent.click(within(panel).getByTestId('judge-across'));
    await waitFor(() =>
      expect(within(panel).getByTestId('cross-status')).toHaveTextContent(/Judged 4 pools/),
    );
    expect(judges).toEqual([['fake/judge']]);
    const stored = crossModelPools(await new PlaygroundRunStore(db).load('seeded-run'));
    const rows = within(panel).getAllByTestId('cross-row');
    expect(rows.map((r) => r.querySelector('[data-col="pooled"]')?.textContent?.trim())).toEqual(
      stored.map((p) => String(p.convergence.pooled)),
    );
    // G, system prompt: 5 ideas each, only the first shared -> 9 pooled classes of 10.
    expect(
      stored.find((p) => p.promptId === 'pG' && p.strategy === 'system-general')?.convergence
        .pooled,
    ).toBe(9);
    expect(within(panel).getByTestId('cross-strategy')).toHaveTextContent('Temperature sampling');
  });

  it('says what to do when a judge is not configured', async () => {
    const { db } = await seeded({
      categories: ['G'],
      strategies: ['temperature'],
      crossModel: false,
    });
    show(
      db,
      { runId: 'seeded-run' },
      {
        resolveEngines: () =>
          Promise.reject(
            new Error(
              'The judge fake/judge is not configured in this browser: add it in Settings.',
            ),
          ),
      },
    );
    const panel = await screen.findByTestId('cross-model');
    await fireEvent.click(within(panel).getByTestId('judge-across'));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/add it in Settings/);
  });
});

describe('Results: several judges', () => {
  it('shows the class count averaged across judges', async () => {
    const { db, run } = await seeded({
      categories: ['B'],
      strategies: ['temperature'],
      generators: ['fake/alpha'],
      judges: ['fake/judge', 'fake/strict'],
    });
    show(db, { runId: 'seeded-run' });
    const row = (await screen.findAllByTestId('result-row'))[0]!;
    const counts = functional(run)
      .map((m) => m.classCount)
      .sort();
    // The lenient judge finds the two ideas, the strict one five distinct texts.
    expect(counts).toEqual([2, 5]);
    expect(cell(row, 'classes')).toBe('3.5/5');
    expect(row.querySelector('[data-col="classes"]')).toHaveAttribute(
      'title',
      'fake/judge: 2, fake/strict: 5',
    );
  });
});

describe('Results: imported responses', () => {
  async function importedRun(): Promise<PlaygroundDB> {
    dbCount += 1;
    const db = await openDatabase({ factory: new IDBFactory(), name: `results-${dbCount}` });
    const judge = new ScriptedEngine(pipelineScript({}), { id: 'cloud/judge' });
    await analyseExistingResponses({
      db,
      runId: 'imp',
      judges: [judge],
      input: {
        name: 'Responses from gens',
        source: 'gens.jsonl',
        judges: ['cloud/judge'],
        quality: false,
        items: [
          {
            id: 'q1',
            prompt: 'Name a colour',
            category: 'B',
            responses: ['Blue#1', 'Red#2'].map((text) => ({ text, model: 'gpt' })),
          },
        ],
      },
    });
    return db;
  }

  it('labels them with their source, not as temperature sampling, until a strategy is assigned', async () => {
    const db = await importedRun();
    show(db, { runId: 'imp' });
    const notice = await screen.findByTestId('imported-strategy');
    expect(within(notice).getByTestId('imported-source')).toHaveTextContent('gens.jsonl');
    const row = (await screen.findAllByTestId('result-row'))[0]!;
    expect(row.dataset.strategy).toBe('imported:gens.jsonl');
    expect(row).toHaveTextContent('Imported (gens.jsonl)');
    expect(screen.queryByText('Temperature sampling', { selector: 'td, th' })).toBeNull();

    await fireEvent.change(within(notice).getByRole('combobox'), {
      target: { value: 'temperature' },
    });
    await fireEvent.click(within(notice).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByTestId('imported-strategy').dataset.strategy).toBe('temperature'),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('result-row')[0]!.dataset.strategy).toBe('temperature'),
    );
    // Stored with the run: a new load sees the assignment, and it can be undone.
    const spec = (await new PlaygroundRunStore(db).load('imp')).spec;
    expect((spec?.definition as { imported?: unknown }).imported).toEqual({
      source: 'gens.jsonl',
      strategy: 'temperature',
    });
    await fireEvent.change(within(screen.getByTestId('imported-strategy')).getByRole('combobox'), {
      target: { value: '' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('result-row')[0]!.dataset.strategy).toBe('imported:gens.jsonl'),
    );
  });
});
