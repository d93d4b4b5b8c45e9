// SVG snapshot of every chart (Observable Plot's habit): each chart is rendered from the views seed
// run (made by the real pipeline with scripted engines, so every number is fixed) and its exported
// SVG file is compared with the one committed under __snapshots__/. A layout change fails here
// until the snapshot is deliberately updated (`npx vitest run -u <this file>`), and the committed
// .svg files open in any browser to see what changed.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import EquivalenceGraph from '../results/EquivalenceGraph.svelte';
import RunViews from './RunViews.svelte';
import { PlaygroundRunStore } from '../../pipeline/store';
import { openDatabase, type PlaygroundDB } from '../../storage/db';
import type { ViewTab } from '../../state/views-run.svelte';
import { inlineProjector } from '../../state/views-map.svelte';
import { chartSvg } from './export-image';
import { createViewsRun } from './testing/seed';

// Seeding runs the whole pipeline on fake-indexeddb.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

/**
 * The chart's exported SVG file, one element per line so a diff shows what moved. What is not
 * the picture is dropped: Svelte's empty comment anchors, its style-scoping classes (their hash
 * changes with any CSS edit) and the time the response map's projection took.
 */
function snapshotOf(svg: SVGSVGElement, title: string, description: string): string {
  const file = chartSvg(svg, title, description)
    .replace(/<!---->/g, '')
    .replace(/ data-compute-ms="[^"]*"/g, '')
    .replace(/ class="svelte-[a-z0-9]+"/g, '')
    .replace(/(class="[^"]*?) svelte-[a-z0-9]+/g, '$1');
  return `${file.replace(/></g, '>\n<')}\n`;
}

let db: PlaygroundDB;
let runId: string;

beforeAll(async () => {
  db = await openDatabase({ factory: new IDBFactory(), name: 'chart-snapshots' });
  ({ runId } = await createViewsRun({ store: new PlaygroundRunStore(db), db }));
});

describe('chart SVG snapshots', () => {
  it.each<[ViewTab, string[]]>([
    ['quadrant', ['quadrant']],
    ['categories', ['categories']],
    ['tradeoff', ['tradeoff']],
    ['correlation', ['correlation']],
    ['map', ['map']],
    ['probes', ['societal', 'safety']],
  ])('%s', async (tab, charts) => {
    render(RunViews, {
      runId,
      open: () => Promise.resolve(db),
      project: inlineProjector,
      initialTab: tab,
    });
    for (const id of charts) {
      const frame = await screen.findByTestId(`chart-${id}`);
      // The response map projects asynchronously: wait for its marks.
      await vi.waitFor(() => {
        const svg = frame.querySelector<SVGSVGElement>('svg[data-chart]');
        if (svg === null || svg.querySelector('[data-i]') === null) {
          throw new Error(`chart ${id} has no marks yet`);
        }
      });
      const svg = frame.querySelector<SVGSVGElement>('svg[data-chart]')!;
      const title = frame.querySelector('h3')?.textContent ?? id;
      const description = frame.querySelector(`#${id}-desc`)?.textContent ?? '';
      await expect(snapshotOf(svg, title, description)).toMatchFileSnapshot(
        `__snapshots__/${id}.svg`,
      );
    }
  });

  it('equivalence graph', async () => {
    const { container } = render(EquivalenceGraph, {
      labels: ['#1', '#2', '#3', '#4', '#5', '#6'],
      classOf: [0, 0, 1, 0, 1, 2],
      edges: [
        { i: 0, j: 1, source: 'judged' },
        { i: 0, j: 3, source: 'judged' },
        { i: 1, j: 3, source: 'inferred' },
        { i: 2, j: 4, source: 'judged' },
      ],
    });
    const svg = container.querySelector<SVGSVGElement>('svg')!;
    await expect(
      snapshotOf(svg, 'Equivalence graph', 'Six responses in three functional classes.'),
    ).toMatchFileSnapshot('__snapshots__/equivalence-graph.svg');
  });
});
