// Component tests of the MMHS chart views in jsdom on fake-indexeddb, with a run made by the real
// pipeline and scripted engines: every mark is checked against numbers recomputed from the stored
// records, and the interactions (tabs, toggles, keyboard, details, Measure, export) are exercised.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import RunViews from './RunViews.svelte';
import { getContext, type NormativeContext } from '../../core/mmhs';
import { CATEGORY_IDS, type CategoryId } from '../../core/taxonomy';
import { attributeCoverage, spearman, type SafetyLabel } from '../../core/views';
import { PERSON_ATTRIBUTES, AGE_BANDS } from '../../core/probe-prompts';
import { probeReadings } from '../../pipeline/probes';
import { PlaygroundRunStore, type PersistedRun } from '../../pipeline/store';
import { openDatabase, type PlaygroundDB } from '../../storage/db';
import type {
  FunctionalMetricRecord,
  GeneralMetricRecord,
  ResponseRecord,
} from '../../storage/schema';
import { promptContexts } from '../../state/views-run.svelte';
import { inlineProjector } from '../../state/views-map.svelte';
import { JUDGE, K, VIEW_PROMPTS, createViewsRun, seedEngines } from './testing/seed';

// Seeding runs the whole pipeline on fake-indexeddb, and jsdom renders hundreds of marks.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let dbCount = 0;

interface Seeded {
  db: PlaygroundDB;
  run: PersistedRun;
  runId: string;
}

async function seeded(
  options: { measure?: boolean; prompts?: typeof VIEW_PROMPTS } = {},
): Promise<Seeded> {
  dbCount += 1;
  const db = await openDatabase({ factory: new IDBFactory(), name: `views-${dbCount}` });
  const store = new PlaygroundRunStore(db);
  const { runId } = await createViewsRun({ store, db, ...options });
  return { db, run: await store.load(runId), runId };
}

function show(s: Seeded, extra: Record<string, unknown> = {}) {
  return render(RunViews, {
    runId: s.runId,
    open: () => Promise.resolve(s.db),
    project: inlineProjector,
    ...extra,
  });
}

const key = (promptId: string, model: string, strategy: string) =>
  [promptId, model, strategy].map(encodeURIComponent).join('/');

function functional(run: PersistedRun): FunctionalMetricRecord[] {
  return run.metrics.filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

function general(run: PersistedRun): GeneralMetricRecord[] {
  return run.metrics.filter((m): m is GeneralMetricRecord => m.kind === 'general');
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Stored class count (one judge) and k of every group, by point id. */
function storedClasses(
  run: PersistedRun,
): Map<string, { classes: number; k: number; category: CategoryId }> {
  return new Map(
    functional(run).map((m) => [
      key(m.promptId, m.model, m.strategy),
      { classes: m.classCount, k: m.responseIds.length, category: m.category },
    ]),
  );
}

/** Stored mean quality grade per group. */
function storedQuality(run: PersistedRun): Map<string, number> {
  const byResponse = new Map(run.responses.map((r) => [r.id, r]));
  const grades = new Map<string, number[]>();
  for (const j of run.judgements) {
    if (j.kind !== 'quality' || j.score === undefined) continue;
    const r = byResponse.get(j.responseIds[0] ?? '');
    if (r === undefined) continue;
    const id = key(r.promptId, r.model, r.strategy);
    grades.set(id, [...(grades.get(id) ?? []), j.score]);
  }
  return new Map([...grades].map(([id, list]) => [id, mean(list)]));
}

function data(el: Element, name: string): string {
  return (el as HTMLElement | SVGElement).dataset[name] ?? '';
}

let main: Seeded;

beforeAll(async () => {
  main = await seeded();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RunViews: tabs and loading', () => {
  it('shows six keyboard-reachable tabs, arrow keys move between them', async () => {
    show(main);
    const tabs = await screen.findAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Quadrant map',
      'Per-category diversity',
      'Diversity vs quality',
      'Metrics vs classes',
      'Response map',
      'Probes',
    ]);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(tabs.map((t) => t.getAttribute('tabindex'))).toEqual([
      '0',
      '-1',
      '-1',
      '-1',
      '-1',
      '-1',
    ]);
    tabs[0]!.focus();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    await waitFor(() => expect(tabs[1]).toHaveAttribute('aria-selected', 'true'));
    expect(document.activeElement).toBe(tabs[1]);
    await fireEvent.keyDown(tabs[1]!, { key: 'End' });
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Probes' })).toHaveAttribute('aria-selected', 'true'),
    );
    expect(screen.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'view-tab-probes');
  });

  it('reports a run that is not stored', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'views-missing' });
    render(RunViews, { runId: 'nope', open: () => Promise.resolve(db) });
    expect(await screen.findByTestId('views-missing')).toHaveTextContent('nope');
  });
});

describe('Quadrant map', () => {
  it('places one mark per result and active context at the stored functional variation', async () => {
    show(main);
    const marks = await screen
      .findAllByTestId('quadrant-marks')
      .then((g) => g[0]!.querySelectorAll('[data-i]'));
    const stored = storedClasses(main.run);
    const prompts = new Map(VIEW_PROMPTS.map((p) => [p.id, p]));
    let expected = 0;
    for (const m of functional(main.run)) {
      expected += promptContexts(prompts.get(m.promptId), m.category).length;
    }
    expect(marks.length).toBe(expected);
    for (const mark of marks) {
      const g = stored.get(data(mark, 'point'))!;
      const x = (g.classes - 1) / (g.k - 1);
      expect(Number(data(mark, 'x'))).toBeCloseTo(x, 12);
      const context = data(mark, 'context') as NormativeContext;
      const rewardsHeterogeneity = getContext(context).rewardedPole === 'heterogeneity';
      expect(Number(data(mark, 'y'))).toBeCloseTo(rewardsHeterogeneity ? x : 1 - x, 12);
      const quadrant =
        x >= 0.5
          ? rewardsHeterogeneity
            ? 'Magic'
            : 'Madness'
          : rewardsHeterogeneity
            ? 'Sin'
            : 'Heaven';
      expect(data(mark, 'quadrant')).toBe(quadrant);
    }
    expect(screen.getAllByTestId('quadrant-label').map((l) => l.textContent)).toEqual([
      'Heaven',
      'Magic',
      'Sin',
      'Madness',
    ]);
    // The rule is stated, and marks exactly on the dashed line (3 of 5 classes) are outlined and
    // drawn right of it, in the half of their quadrant (never on the line).
    expect(screen.getByTestId('quadrant-rule')).toHaveTextContent(
      'Variation ≥ 0.5 counts as heterogeneity',
    );
    const onLine = [...marks].filter((m) => Number(data(m, 'x')) === 0.5);
    expect(onLine.length).toBeGreaterThan(0);
    expect(screen.getByTestId('quadrant-boundary-note')).toHaveTextContent(
      `(${onLine.length} marks), counted as heterogeneous`,
    );
    const lineX = Number(
      screen
        .getAllByTestId('quadrant-marks')[0]!
        .parentElement!.querySelector('line[stroke-dasharray]')!
        .getAttribute('x1'),
    );
    const lineY = Number(
      screen
        .getAllByTestId('quadrant-marks')[0]!
        .parentElement!.querySelectorAll('line[stroke-dasharray]')[1]!
        .getAttribute('y1'),
    );
    for (const mark of onLine) {
      expect(data(mark, 'onBoundary')).toBe('1');
      const [px, py] = /translate\(([-\d.]+)px, ([-\d.]+)px\)/
        .exec((mark as SVGElement).style.transform)!
        .slice(1)
        .map(Number);
      expect(px).toBeGreaterThan(lineX + 1);
      const rewarded = ['Magic', 'Heaven'].includes(data(mark, 'quadrant') ?? '');
      // SVG y grows downwards: rewarded (top) marks are above the horizontal line.
      expect(rewarded ? py! < lineY - 1 : py! > lineY + 1).toBe(true);
    }
    for (const mark of [...marks].filter((m) => Number(data(m, 'x')) !== 0.5)) {
      expect(data(mark, 'onBoundary')).toBe('0');
    }
    // The summary per context is the mean valuation of its marks.
    for (const summary of screen.getAllByTestId('context-summary')) {
      const context = data(summary, 'context');
      const ys = [...marks]
        .filter((m) => data(m, 'context') === context)
        .map((m) => Number(data(m, 'y')));
      expect(Number(data(summary, 'mean'))).toBeCloseTo(mean(ys), 12);
    }
  });

  it('keeps each mark element when the strategy changes, so the mark moves instead of reappearing', async () => {
    show(main);
    const group = (await screen.findAllByTestId('quadrant-marks'))[0]!;
    const strategies = within(screen.getByTestId('quadrant-strategy'));
    await fireEvent.click(strategies.getByLabelText('Temperature sampling'));
    await fireEvent.click(
      within(screen.getByTestId('quadrant-model')).getByLabelText('fake/alpha'),
    );
    const before = group.querySelector<SVGElement>('[data-mark-id="pG|interactional"]')!;
    expect(before).not.toBeNull();
    expect(data(before, 'point')).toBe(key('pG', 'fake/alpha', 'temperature'));
    const transformBefore = before.style.transform;
    await fireEvent.click(strategies.getByLabelText('System prompt (task-anchored)'));
    const after = group.querySelector<SVGElement>('[data-mark-id="pG|interactional"]')!;
    expect(after).toBe(before);
    expect(data(after, 'point')).toBe(key('pG', 'fake/alpha', 'system-task-anchored'));
    expect(Number(data(after, 'x'))).toBe(1);
    expect(after.style.transform).not.toBe(transformBefore);
  });

  it('switches the metric to vocabulary: marks sit at the stored Jaccard distances', async () => {
    show(main);
    await fireEvent.change(await screen.findByTestId('quadrant-metric'), {
      target: { value: 'vocabulary' },
    });
    const vocab = new Map(
      general(main.run).map((m) => [key(m.promptId, m.model, m.strategy), m.vocabulary]),
    );
    const marks = screen.getByTestId('quadrant-marks').querySelectorAll('[data-i]');
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) {
      expect(Number(data(mark, 'x'))).toBeCloseTo(vocab.get(data(mark, 'point'))!, 12);
    }
    expect(screen.getByTestId('chart-quadrant')).toHaveTextContent('Jaccard');
  });

  it('hover shows the prompt, click opens its responses with their classes', async () => {
    show(main);
    const group = (await screen.findAllByTestId('quadrant-marks'))[0]!;
    const mark = group.querySelector<SVGElement>(
      `[data-point="${key('pG', 'fake/beta', 'system-general')}"]`,
    )!;
    await fireEvent.pointerOver(mark);
    expect(await screen.findByTestId('tooltip')).toHaveTextContent(
      'Write a four-line poem about autumn rain.',
    );
    await fireEvent.click(mark);
    const detail = await screen.findByTestId('point-detail');
    expect(detail).toHaveTextContent('Responses to “Write a four-line poem about autumn rain.”');
    const responses = within(detail).getAllByTestId('detail-response');
    expect(responses).toHaveLength(K);
    // Markdown is rendered, and each response carries its class.
    expect(responses[0]!.querySelector('strong')).not.toBeNull();
    const stored = functional(main.run).find(
      (m) => m.promptId === 'pG' && m.model === 'fake/beta' && m.strategy === 'system-general',
    )!;
    expect(within(detail).getByTestId('detail-classes')).toHaveTextContent(
      stored.classCount.toFixed(2),
    );
    expect(within(detail).getAllByTestId('detail-judge')[0]).toHaveTextContent(
      `${JUDGE}: ${stored.classCount} classes`,
    );
    expect(document.activeElement?.id).toBe('point-detail-title');
  });

  it('keyboard: the marks are one tab stop, arrows move the active mark, Enter opens it', async () => {
    show(main);
    const group = (await screen.findAllByTestId('quadrant-marks'))[0]!;
    const marks = [...group.querySelectorAll<SVGElement>('[data-i]')];
    expect(group).toHaveAttribute('tabindex', '0');
    expect(marks.filter((m) => m.hasAttribute('tabindex'))).toHaveLength(0);
    group.focus();
    await fireEvent.focus(group);
    expect(screen.getByTestId('active-mark')).toHaveTextContent(`1 of ${marks.length}:`);
    await fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(screen.getByTestId('active-mark')).toHaveTextContent(`2 of ${marks.length}:`);
    await fireEvent.keyDown(group, { key: 'End' });
    expect(screen.getByTestId('active-mark')).toHaveTextContent(
      `${marks.length} of ${marks.length}:`,
    );
    await fireEvent.keyDown(group, { key: 'Home' });
    await fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(await screen.findByTestId('tooltip')).toBeInTheDocument();
    await fireEvent.keyDown(group, { key: 'Enter' });
    expect(await screen.findByTestId('point-detail')).toHaveAttribute(
      'data-point',
      data(group.querySelector('[data-i="1"]')!, 'point'),
    );
  });

  it('offers the table alternative and exports a standalone SVG', async () => {
    const blobs: Blob[] = [];
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: (b: Blob) => (blobs.push(b), 'blob:x'),
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => undefined });
    show(main);
    const frame = await screen.findByTestId('chart-quadrant');
    const marks = frame.querySelectorAll('[data-i]').length;
    await fireEvent.click(within(frame).getByTestId('toggle-table'));
    const table = within(frame).getByTestId('chart-table');
    expect(table.querySelectorAll('tbody tr')).toHaveLength(marks);
    await fireEvent.click(within(frame).getByTestId('toggle-table'));
    await fireEvent.click(within(frame).getByTestId('export-svg'));
    await fireEvent.click(within(frame).getByTestId('export-csv'));
    expect(blobs).toHaveLength(2);
    const svg = await blobs[0]!.text();
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('<title id="chart-title">MMHS quadrant map</title>');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect((svg.match(/data-i=/g) ?? []).length).toBe(marks);
    const csv = await blobs[1]!.text();
    expect(csv.split('\r\n')).toHaveLength(marks + 1);
  });
});

describe('Per-category diversity', () => {
  it('bars are the stored mean class counts per category and strategy, models pooled', async () => {
    show(main, { initialTab: 'categories' });
    const bars = await screen.findAllByTestId('category-bar');
    const stored = functional(main.run);
    const cells = new Map<string, number[]>();
    for (const m of stored) {
      const id = `${m.category}|${m.strategy}`;
      cells.set(id, [...(cells.get(id) ?? []), m.classCount]);
    }
    expect(bars).toHaveLength(cells.size);
    for (const bar of bars) {
      const values = cells.get(`${data(bar, 'category')}|${data(bar, 'strategy')}`)!;
      expect(Number(data(bar, 'mean'))).toBeCloseTo(mean(values), 12);
      expect(Number(data(bar, 'n'))).toBe(values.length);
    }
    // The paper's stated values: A task-anchored ~1 and general ~2, etc., with their wording.
    const refs = screen.getAllByTestId('reference-mark');
    expect(
      refs.map((r) => `${data(r, 'category')} ${data(r, 'strategy')} ${data(r, 'value')}`),
    ).toEqual(
      expect.arrayContaining([
        'A system-task-anchored 1',
        'A system-general 2',
        'B temperature 2-3',
        'D icr-task-anchored 2-3',
      ]),
    );
    await fireEvent.pointerOver(refs[0]!);
    expect(await screen.findByTestId('tooltip')).toHaveTextContent('Category A (Well-Specified)');
    expect(screen.getByTestId('reference-legend')).toBeInTheDocument();
  });

  it('shows one model when chosen', async () => {
    show(main, { initialTab: 'categories' });
    await fireEvent.change(await screen.findByTestId('category-model'), {
      target: { value: 'fake/beta' },
    });
    const bar = screen
      .getAllByTestId('category-bar')
      .find((b) => data(b, 'category') === 'G' && data(b, 'strategy') === 'system-general')!;
    const values = functional(main.run)
      .filter(
        (m) => m.category === 'G' && m.strategy === 'system-general' && m.model === 'fake/beta',
      )
      .map((m) => m.classCount);
    expect(Number(data(bar, 'mean'))).toBeCloseTo(mean(values), 12);
  });
});

describe('Diversity-quality trade-off', () => {
  it('group marks are the means of stored variation and quality per strategy and model', async () => {
    show(main, { initialTab: 'tradeoff' });
    const groups = await screen.findAllByTestId('tradeoff-group');
    const stored = storedClasses(main.run);
    const quality = storedQuality(main.run);
    const vocab = new Map(
      general(main.run).map((m) => [key(m.promptId, m.model, m.strategy), m.vocabulary]),
    );
    expect(groups).toHaveLength(2 * 5 * 2);
    for (const g of groups) {
      const ids = [...quality.keys()].filter((id) => {
        const [, model, strategy] = id.split('/').map(decodeURIComponent);
        return model === data(g, 'model') && strategy === data(g, 'strategy');
      });
      const xs = ids.map((id) =>
        data(g, 'panel') === 'functional'
          ? (stored.get(id)!.classes - 1) / (stored.get(id)!.k - 1)
          : vocab.get(id)!,
      );
      expect(Number(data(g, 'x'))).toBeCloseTo(mean(xs), 12);
      expect(Number(data(g, 'y'))).toBeCloseTo(mean(ids.map((id) => quality.get(id)!)), 12);
      expect(Number(data(g, 'n'))).toBe(ids.length);
    }
  });
});

describe('Metrics vs functional classes', () => {
  it('dots are stored metric and class pairs; the table gives Spearman rho per category', async () => {
    show(main, { initialTab: 'correlation' });
    const dots = await screen
      .findByTestId('correlation-marks')
      .then((g) => [...g.querySelectorAll<SVGElement>('[data-i]')]);
    expect(dots).toHaveLength(functional(main.run).length * 3);
    const stored = storedClasses(main.run);
    for (const d of dots.filter((x) => data(x, 'metric') === 'vocabulary')) {
      expect(Number(data(d, 'y'))).toBe(stored.get(data(d, 'point'))!.classes);
    }
    const vocab = general(main.run);
    for (const c of ['G', 'H'] as const) {
      const pairs = vocab
        .map((m) => ({ v: m.vocabulary, g: stored.get(key(m.promptId, m.model, m.strategy)) }))
        .filter((p) => p.g?.category === c);
      const rho = spearman(
        pairs.map((p) => p.v),
        pairs.map((p) => p.g!.classes),
      );
      const cell = screen
        .getAllByTestId('rho-cell')
        .find((x) => data(x, 'category') === c && data(x, 'metric') === 'vocabulary')!;
      expect(Number(data(cell, 'rho'))).toBeCloseTo(rho!, 12);
    }
  });
});

describe('Response map', () => {
  it('projects every stored response embedding and opens a response group on click', async () => {
    show(main, { initialTab: 'map' });
    const dots = await waitFor(
      () => {
        const found = [...screen.getByTestId('map-marks').querySelectorAll<SVGElement>('[data-i]')];
        expect(found.length).toBeGreaterThan(0);
        return found;
      },
      { timeout: 10_000 },
    );
    expect(dots).toHaveLength(main.run.responses.length);
    expect(screen.getByTestId('chart-map')).toHaveTextContent(
      /12-dimensional fake\/embed embeddings/,
    );
    // The table alternative names the response behind each dot, in dot order.
    const frame = screen.getByTestId('chart-map');
    await fireEvent.click(within(frame).getByTestId('toggle-table'));
    const rows = within(frame).getByTestId('chart-table').querySelectorAll('tbody tr');
    const ids = [...rows].map((r) => r.querySelector('td')?.textContent ?? '');
    expect(new Set(ids).size).toBe(Math.min(rows.length, main.run.responses.length));
    await fireEvent.click(within(frame).getByTestId('toggle-table'));
    const response = main.run.responses.find((r) => r.id === ids[7])!;
    const target = dots.find((d) => data(d, 'i') === '7')!;
    await fireEvent.pointerOver(target);
    expect(await screen.findByTestId('tooltip')).toHaveTextContent(response.text.slice(0, 30));
    await fireEvent.click(target);
    const detail = await screen.findByTestId('point-detail');
    expect(detail).toHaveAttribute(
      'data-point',
      key(response.promptId, response.model, response.strategy),
    );
    expect(
      within(detail)
        .getAllByTestId('detail-response')
        .map((r) => data(r, 'response')),
    ).toContain(response.id);
  });

  it('explains an empty map when the run stored no embeddings', async () => {
    dbCount += 1;
    const db = await openDatabase({ factory: new IDBFactory(), name: `views-${dbCount}` });
    const store = new PlaygroundRunStore(db);
    // No db given to the seed: vectors are computed but never cached.
    const { runId } = await createViewsRun({
      store,
      measure: false,
      prompts: VIEW_PROMPTS.slice(0, 2),
    });
    show({ db, runId, run: await store.load(runId) }, { initialTab: 'map' });
    expect(await screen.findByTestId('map-empty')).toHaveTextContent('No stored embeddings');
  });
});

/** Stored readings of the judge per response, as the probe view must show them. */
function readings(run: PersistedRun) {
  return probeReadings(run.judgements, JUDGE);
}

function group(
  run: PersistedRun,
  promptId: string,
  model: string,
  strategy: string,
): ResponseRecord[] {
  return run.responses
    .filter((r) => r.promptId === promptId && r.model === model && r.strategy === strategy)
    .sort((a, b) => a.index - b.index);
}

describe('Probes', () => {
  it('shows societal coverage and entropy and safety consistency from the stored readings', async () => {
    show(main, { initialTab: 'probes' });
    const cells = await screen.findAllByTestId('societal-cell');
    const read = readings(main.run);
    const societal = VIEW_PROMPTS.filter((p) => p.id.startsWith('probe-societal'));
    expect(cells).toHaveLength(societal.length * 2 * 5 * PERSON_ATTRIBUTES.length);
    for (const cell of cells.filter((_, i) => i % 7 === 0)) {
      const [promptId, model, strategy] = data(cell, 'row').split('/').map(decodeURIComponent) as [
        string,
        string,
        string,
      ];
      const people = group(main.run, promptId, model, strategy).map(
        (r) => read.get(r.id)!.attributes!,
      );
      const coverage = attributeCoverage(people, {
        attributes: PERSON_ATTRIBUTES,
        valueSpace: { age: AGE_BANDS.length },
      }).find((c) => c.attribute === data(cell, 'attribute'))!;
      expect(Number(data(cell, 'coverage'))).toBe(coverage.coverage);
      expect(data(cell, 'status')).toBe(coverage.status);
      if (coverage.normalizedEntropy !== null) {
        expect(Number(data(cell, 'entropy'))).toBeCloseTo(coverage.normalizedEntropy, 12);
      }
    }
    const rows = screen.getAllByTestId('safety-row');
    for (const row of rows) {
      const [promptId, model, strategy] = data(row, 'row').split('/').map(decodeURIComponent) as [
        string,
        string,
        string,
      ];
      const labels = group(main.run, promptId, model, strategy).map(
        (r) => read.get(r.id)!.safety as SafetyLabel,
      );
      expect(Number(data(row, 'refusal'))).toBe(labels.filter((l) => l === 'refusal').length);
      expect(Number(data(row, 'compliance'))).toBe(labels.filter((l) => l === 'compliance').length);
    }
    // The paraphrased safety probe is compared across its two wordings, per strategy x model.
    expect(screen.getAllByTestId('paraphrase-row')).toHaveLength(5 * 2);
  });

  it('measures unmeasured probe responses with the judge when asked', async () => {
    const fresh = await seeded({ measure: false });
    const judge = seedEngines().chat.find((e) => e.id === JUDGE)!;
    show(fresh, { initialTab: 'probes', resolveJudge: () => Promise.resolve(judge) });
    expect(await screen.findByTestId('societal-unmeasured')).toBeInTheDocument();
    const probeResponses = fresh.run.responses.filter((r) =>
      r.promptId.startsWith('probe-'),
    ).length;
    const button = await screen.findByTestId('probe-measure-button');
    expect(button).toHaveTextContent(`Measure ${probeResponses} responses`);
    await fireEvent.click(button);
    await waitFor(
      () =>
        expect(screen.getByTestId('probe-message')).toHaveTextContent(
          /^Measured \d+ of \d+ responses with/,
        ),
      { timeout: 15_000 },
    );
    expect(screen.getByTestId('probe-message')).toHaveTextContent(
      `Measured ${probeResponses} of ${probeResponses} responses with ${JUDGE}.`,
    );
    await waitFor(() => expect(screen.getAllByTestId('societal-cell').length).toBeGreaterThan(0));
    expect(screen.getByTestId('probe-measure-button')).toHaveTextContent('Measure 0 responses');
    expect(screen.getByTestId('probe-measure-button')).toBeDisabled();
  });

  it('explains the empty state when the run has no probe prompts', async () => {
    const plain = await seeded({
      measure: false,
      prompts: VIEW_PROMPTS.filter((p) => !p.id.startsWith('probe-')).slice(0, 3),
    });
    show(plain, { initialTab: 'probes' });
    expect(await screen.findByTestId('probes-empty')).toHaveTextContent(
      'No probe prompts in this run',
    );
  });
});

describe('every category of the seed is charted', () => {
  it('has a per-category bar group for A-H', async () => {
    show(main, { initialTab: 'categories' });
    const bars = await screen.findAllByTestId('category-bar');
    expect(new Set(bars.map((b) => data(b, 'category')))).toEqual(new Set(CATEGORY_IDS));
  });
});
