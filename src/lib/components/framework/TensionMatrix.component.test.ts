// Component tests of the Table 1 tension matrix in jsdom: table semantics, one tab stop, clicks
// and arrow keys showing each of the six tensions, pairs active in the query, live examples.

import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import TensionMatrix from './TensionMatrix.svelte';
import {
  CONTEXT_TENSIONS,
  NORMATIVE_CONTEXT_IDS,
  getTension,
  type NormativeContext,
} from '../../core/mmhs';
import type { ExampleRun } from '../../core/framework-examples';
import { resultPoint } from '../../core/views/testing/points';
import { FrameworkExamples } from '../../state/framework-examples.svelte';

function examplesWith(runs: ExampleRun[] | null): FrameworkExamples {
  const examples = new FrameworkExamples(() => Promise.reject(new Error('not used')));
  if (runs !== null) {
    examples.runs = runs;
    examples.status = 'ready';
  }
  return examples;
}

function show(
  options: {
    selected?: readonly [NormativeContext, NormativeContext];
    activePairs?: ReadonlySet<string>;
    runs?: ExampleRun[] | null;
  } = {},
) {
  return render(TensionMatrix, {
    selected: options.selected ?? ['safety', 'interactional'],
    activePairs: options.activePairs ?? new Set<string>(),
    examples: examplesWith(options.runs === undefined ? [] : options.runs),
  });
}

const cell = (a: NormativeContext, b: NormativeContext): HTMLElement =>
  screen.getByTestId(`tension-cell-${a}-${b}`);

function detailPair(): string | null {
  return screen.getByTestId('tension-detail').getAttribute('data-pair');
}

describe('TensionMatrix', () => {
  it('is a table with row and column headers, four diagonal cells and twelve cell buttons', () => {
    show();
    const table = screen.getByRole('table', { name: /Table 1/ });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Epistemic', 'Interactional', 'Societal', 'Safety']);
    const rows = within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent?.trim());
    expect(rows).toEqual(['Epistemic', 'Interactional', 'Societal', 'Safety']);
    expect(within(table).getAllByText('same context')).toHaveLength(4);
    expect(within(table).getAllByRole('button')).toHaveLength(12);
  });

  it('keeps one cell in the tab order: the selected one', () => {
    show({ selected: ['societal', 'epistemic'] });
    const tabbable = screen
      .getAllByRole('button')
      .filter((b) => b.getAttribute('tabindex') === '0');
    expect(tabbable.map((b) => b.id)).toEqual(['tension-cell-societal-epistemic']);
  });

  const pairs = NORMATIVE_CONTEXT_IDS.flatMap((a) =>
    NORMATIVE_CONTEXT_IDS.filter((b) => a !== b).map((b) => [a, b] as const),
  );

  it.each(pairs)('clicking %s x %s shows their Table 1 row', async (a, b) => {
    show();
    await fireEvent.click(cell(a, b));
    const row = getTension(a, b)!;
    expect(detailPair()).toBe(`${row.a}-${row.b}`);
    const detail = screen.getByTestId('tension-detail');
    expect(detail).toHaveTextContent(row.tension);
    expect(detail).toHaveTextContent(row.example);
    // The mirror cell is the same pair, so it is pressed too.
    expect(cell(a, b)).toHaveAttribute('aria-pressed', 'true');
    expect(cell(b, a)).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getAllByRole('button', { pressed: true })).toHaveLength(2);
  });

  it.each([
    ['opposing-behaviors', 1, 'Opposing'],
    ['different-valuations', 2, 'Valuation'],
    ['different-contexts', 3, 'Context'],
  ])('labels %s cells with group %i and a word, not colour alone', (kind, n, word) => {
    show();
    const inKind = CONTEXT_TENSIONS.filter((t) => t.kind === kind);
    expect(inKind).toHaveLength(2);
    for (const t of inKind) {
      for (const button of [cell(t.a, t.b), cell(t.b, t.a)]) {
        expect(button).toHaveTextContent(`${n} ${word}`);
        expect(button.getAttribute('aria-label')).toContain(`group ${n}`);
      }
    }
  });

  it.each<[string, string[], string]>([
    ['ArrowRight', ['ArrowRight'], 'safety-societal'],
    ['ArrowRight twice wraps past the diagonal', ['ArrowRight', 'ArrowRight'], 'safety-epistemic'],
    ['ArrowLeft', ['ArrowLeft'], 'safety-epistemic'],
    ['ArrowUp', ['ArrowUp'], 'societal-interactional'],
    ['ArrowDown wraps to the top', ['ArrowDown'], 'epistemic-interactional'],
    ['ArrowUp twice skips the diagonal', ['ArrowUp', 'ArrowUp'], 'epistemic-interactional'],
    ['Home', ['Home'], 'safety-epistemic'],
    ['End', ['End'], 'safety-societal'],
    ['Enter changes nothing by itself', ['Enter'], 'safety-interactional'],
  ])('%s moves focus and the shown tension', async (_name, keys, expected) => {
    show();
    let current = cell('safety', 'interactional');
    current.focus();
    for (const key of keys) {
      await fireEvent.keyDown(current, { key });
      current = document.activeElement as HTMLElement;
    }
    expect(current.id).toBe(`tension-cell-${expected}`);
    const [a, b] = expected.split('-') as [NormativeContext, NormativeContext];
    const row = getTension(a, b)!;
    expect(detailPair()).toBe(`${row.a}-${row.b}`);
    expect(current).toHaveAttribute('tabindex', '0');
  });

  it('marks pairs active together in the analysed query', () => {
    show({ activePairs: new Set(['interactional|safety']) });
    expect(cell('safety', 'interactional').getAttribute('aria-label')).toMatch(
      /both active in your query/,
    );
    expect(cell('interactional', 'safety').getAttribute('aria-label')).toMatch(
      /both active in your query/,
    );
    expect(cell('safety', 'epistemic').getAttribute('aria-label')).not.toMatch(/your query/);
    expect(screen.getByTestId('tension-detail')).toHaveTextContent(
      'Both contexts are active in your analysed query.',
    );
  });

  it('says there are no runs yet', () => {
    show({ runs: [] });
    expect(screen.getByTestId('no-runs-yet')).toHaveTextContent(/No runs yet/);
    expect(within(screen.getByTestId('no-runs-yet')).getByRole('link')).toHaveAttribute(
      'href',
      '#/experiments',
    );
  });

  it('says it is still reading the runs', () => {
    show({ runs: null });
    expect(screen.getByTestId('tension-examples')).toHaveTextContent('Reading your runs…');
  });

  it('lists prompts whose category activates both contexts, linked to Results', async () => {
    const point = (promptId: string, category: 'E' | 'H' | 'A', classCount: number) =>
      resultPoint(promptId, category, 'temperature', classCount, { id: promptId, model: 'p/m' });
    show({
      runs: [
        {
          runId: 'run 1',
          runName: 'My run',
          promptTexts: new Map([
            ['e1', 'Fix a bike chain without tools'],
            ['a1', 'Capital of France?'],
          ]),
          points: [point('e1', 'E', 1), point('a1', 'A', 1), point('h1', 'H', 5)],
        },
      ],
    });
    await fireEvent.click(cell('safety', 'interactional'));
    const items = within(screen.getByTestId('tension-examples')).getAllByTestId('live-example');
    // Both are conditional for safety (E and H), so the run's order stands; a missing text shows the id.
    expect(items.map((li) => li.querySelector('a')?.textContent)).toEqual([
      'Fix a bike chain without tools',
      'h1',
    ]);
    expect(items[0]?.querySelector('a')).toHaveAttribute('href', '#/results?run=run+1&prompt=e1');
    expect(items[0]).toHaveTextContent('Heaven ×1');
    expect(items[0]).toHaveTextContent('Sin ×1');
    expect(items[0]).toHaveTextContent('only when solutions involve physical risk');
    expect(items[1]).toHaveTextContent('Madness ×1');
    expect(items[1]).toHaveTextContent('Magic ×1');
  });

  it('says when no prompt of the runs fits the pair', async () => {
    show({
      runs: [
        {
          runId: 'r',
          runName: 'Factual only',
          promptTexts: new Map(),
          points: [resultPoint('a1', 'A', 'temperature', 1, { id: 'a1', model: 'p/m' })],
        },
      ],
    });
    await fireEvent.click(cell('societal', 'safety'));
    expect(screen.getByTestId('tension-examples')).toHaveTextContent(
      'None of your runs has a prompt in a category that activates both contexts.',
    );
  });
});
