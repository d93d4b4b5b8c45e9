// Component tests of the whole Framework page in jsdom on fake-indexeddb: a run made by the real
// pipeline with scripted engines becomes live examples under each concept; an empty database
// says there are no runs yet; the figure's quadrants open their context cards.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import FrameworkPage from '../../../routes/FrameworkPage.svelte';
import { CATEGORY_CONTEXT_MAP, NORMATIVE_CONTEXT_IDS } from '../../core/mmhs';
import { CATEGORY_IDS } from '../../core/taxonomy';
import { PlaygroundRunStore } from '../../pipeline/store';
import { ScriptedEngine } from '../../pipeline/testing/scripted-engine';
import { openDatabase, type PlaygroundDB } from '../../storage/db';
import type { AnalyserEngines } from '../../state/framework-analyser.svelte';
import { SEED_PROMPTS, createSeededRun } from '../results/testing/seeded-run';

const engines: AnalyserEngines = {
  loaded: true,
  choices: [],
  defaultJudge: null,
  configured: false,
  label: (id) => id,
  load: async () => undefined,
  open: async () => ({
    engine: new ScriptedEngine(() => '{}'),
    release: async () => undefined,
  }),
};

let count = 0;

async function database(seed: boolean): Promise<PlaygroundDB> {
  count += 1;
  const db = await openDatabase({ factory: new IDBFactory(), name: `framework-${count}` });
  if (seed) await createSeededRun(new PlaygroundRunStore(db), { name: 'Seeded explorer run' });
  return db;
}

function show(db: PlaygroundDB) {
  return render(FrameworkPage, { open: () => Promise.resolve(db), engines });
}

describe('FrameworkPage', () => {
  it('has one h1 and the four sections', async () => {
    show(await database(false));
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual([
      'Framework',
    ]);
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'Magic, Madness, Heaven, Sin',
      'Cross-context tensions (Table 1)',
      'Levels of analysis',
      'Task taxonomy (Jain et al.)',
    ]);
    expect(screen.getAllByTestId(/^category-[A-H]$/)).toHaveLength(8);
  });

  it('says there are no runs yet under every concept', async () => {
    show(await database(false));
    await waitFor(() => expect(screen.getAllByTestId('no-runs-yet').length).toBeGreaterThan(0));
    for (const id of NORMATIVE_CONTEXT_IDS) {
      expect(within(screen.getByTestId(`context-${id}`)).getByTestId('no-runs-yet')).toBeTruthy();
    }
    expect(screen.queryAllByTestId('live-example')).toHaveLength(0);
  });

  it.each(NORMATIVE_CONTEXT_IDS)(
    'lists the prompts whose category activates %s, linked to their responses',
    async (context) => {
      show(await database(true));
      const card = screen.getByTestId(`context-${context}`);
      const live = await within(card).findByTestId(`context-examples-${context}`);
      await waitFor(() =>
        expect(within(live).queryAllByTestId('live-example').length).toBeGreaterThan(0),
      );
      const expected = CATEGORY_IDS.filter((c) =>
        CATEGORY_CONTEXT_MAP[c].some((a) => a.context === context),
      );
      const summary = card.querySelector('summary');
      expect(summary).toHaveTextContent(`From your runs (${expected.length})`);
      const links = within(live)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href'));
      // At most five are listed; each is one of the expected categories' seed prompts.
      expect(links).toHaveLength(Math.min(5, expected.length));
      for (const href of links) {
        const prompt = new URLSearchParams(href!.split('?')[1]).get('prompt');
        expect(href).toMatch(/^#\/results\?run=seeded-run&prompt=p[A-H]$/);
        expect(expected).toContain(prompt!.slice(1));
      }
      // Prompts of categories that always activate the context come first.
      const always = expected.filter((c) =>
        CATEGORY_CONTEXT_MAP[c].some((a) => a.context === context && a.condition === null),
      );
      const first = within(live).getAllByTestId('live-example')[0]!;
      expect(first).toHaveTextContent(SEED_PROMPTS[(always[0] ?? expected[0])!].text);
    },
  );

  it('shows the levels of analysis with groups from the run', async () => {
    show(await database(true));
    const surface = await screen.findByTestId('levels-surface-only');
    const links = within(surface).getAllByRole('link');
    expect(links.length).toBeGreaterThan(0);
    expect(surface).toHaveTextContent(/1 functional class of 5/);
    expect(await screen.findByTestId('levels-inter-model')).toHaveTextContent(
      'Seeded explorer run',
    );
  });

  it('opens a context card from its quadrant', async () => {
    show(await database(false));
    const quadrant = screen.getByTestId('figure-quadrant-Madness');
    expect(quadrant).toHaveAttribute('role', 'button');
    expect(quadrant.getAttribute('aria-label')).toMatch(/^Madness: Epistemic context/);
    await fireEvent.keyDown(quadrant, { key: 'Enter' });
    await waitFor(() => expect(document.activeElement?.id).toBe('context-card-epistemic'));
    expect(screen.getByTestId('context-epistemic')).toHaveClass('selected');
  });

  it('draws the analysis on the figure and marks the pairs in the matrix', async () => {
    show(await database(false));
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    const figure = screen.getByTestId('mmhs-figure');
    const pulls = [...figure.querySelectorAll('[data-testid^="figure-pull-"]')].map(
      (g) => `${g.getAttribute('data-testid')}:${g.getAttribute('data-direction')}`,
    );
    expect(pulls.sort()).toEqual([
      'figure-pull-epistemic:homogeneity',
      'figure-pull-interactional:heterogeneity',
      'figure-pull-safety:homogeneity',
    ]);
    expect(figure.querySelector('desc')?.textContent).toContain(
      'interactional and safety demand opposite poles (Table 1, group 1)',
    );
    expect(
      screen.getByTestId('tension-cell-safety-interactional').getAttribute('aria-label'),
    ).toMatch(/both active in your query/);
    expect(
      screen.getByTestId('tension-cell-societal-safety').getAttribute('aria-label'),
    ).not.toMatch(/your query/);
  });
});
