// Component tests of the query analyser in jsdom with a scripted engine: the model's analysis, an
// unparseable reply, failures, cancelling, the no-model message, and editing the analysis by hand.

import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import AnalyserPanel from './AnalyserPanel.svelte';
import { EXAMPLE_QUERY, type NormativeContext } from '../../core/mmhs';
import type { ChatEngine, ChatRequest } from '../../engines/types';
import { ScriptedEngine, type ScriptedReply } from '../../pipeline/testing/scripted-engine';
import {
  QUERY_SUGGESTIONS,
  QueryAnalyser,
  type AnalyserEngines,
} from '../../state/framework-analyser.svelte';

const JUDGE = 'scripted/judge';
const OTHER = 'scripted/other';

const PAPER_LIKE = JSON.stringify({
  epistemic: { active: true, direction: 'homogeneity', aspect: 'facts', reason: 'Verified facts.' },
  interactional: {
    active: true,
    direction: 'heterogeneity',
    aspect: 'option',
    reason: 'Many treatments.',
  },
  societal: { active: false, direction: 'none', aspect: 'none', reason: '' },
  safety: { active: true, direction: 'homogeneity', aspect: 'content', reason: 'No overdoses.' },
});

interface Fake extends AnalyserEngines {
  opened: string[];
  released: number;
}

function fakeEngines(
  engine: ChatEngine,
  options: { configured?: boolean; defaultJudge?: string | null } = {},
): Fake {
  const fake: Fake = {
    opened: [],
    released: 0,
    loaded: true,
    choices: [
      { id: JUDGE, model: 'judge', group: 'Scripted' },
      { id: OTHER, model: 'other', group: 'Scripted' },
    ],
    defaultJudge: options.defaultJudge === undefined ? JUDGE : options.defaultJudge,
    configured: options.configured ?? true,
    label: (id) => `${id.split('/')[1]} · Scripted`,
    load: async () => undefined,
    open: async (id) => {
      fake.opened.push(id);
      return {
        engine,
        release: async () => {
          fake.released += 1;
        },
      };
    },
  };
  return fake;
}

function setup(
  reply: (request: ChatRequest) => ScriptedReply,
  options: { configured?: boolean; defaultJudge?: string | null; latencyMs?: number } = {},
) {
  const engine = new ScriptedEngine((request) => reply(request), {
    id: JUDGE,
    latencyMs: options.latencyMs ?? 0,
  });
  const engines = fakeEngines(engine, options);
  const analyser = new QueryAnalyser(engines);
  const onshowtension = vi.fn();
  render(AnalyserPanel, { analyser, onshowtension });
  return { engine, engines, analyser, onshowtension };
}

/** `context:active:direction` per row, in paper order. */
function rows(): string[] {
  return ['epistemic', 'interactional', 'societal', 'safety'].map((c) => {
    const row = screen.getByTestId(`analysis-${c}`);
    return `${c}:${row.dataset.active}:${row.dataset.direction}`;
  });
}

function row(context: NormativeContext): HTMLElement {
  return screen.getByTestId(`analysis-${context}`);
}

async function typeQuery(text: string): Promise<void> {
  await fireEvent.input(screen.getByLabelText('Query'), { target: { value: text } });
}

async function analyse(): Promise<void> {
  await fireEvent.click(screen.getByRole('button', { name: 'Analyse' }));
}

describe('AnalyserPanel: asking a model', () => {
  it('offers the paper example first and fills it with one click', async () => {
    setup(() => PAPER_LIKE);
    expect(QUERY_SUGGESTIONS[0]).toBe(EXAMPLE_QUERY.query);
    await fireEvent.click(screen.getByTestId('suggestion-0'));
    expect(screen.getByLabelText('Query')).toHaveValue(EXAMPLE_QUERY.query);
  });

  it('asks the default judge and shows the active contexts and directions', async () => {
    const { engine, engines } = setup(() => PAPER_LIKE);
    expect(screen.getByLabelText('Model')).toHaveValue(JUDGE);
    await fireEvent.click(screen.getByTestId('suggestion-0'));
    await analyse();
    await waitFor(() =>
      expect(screen.getByTestId('analysis-origin')).toHaveTextContent('Judged by judge · Scripted'),
    );
    expect(rows()).toEqual([
      'epistemic:true:homogeneity',
      'interactional:true:heterogeneity',
      'societal:false:none',
      'safety:true:homogeneity',
    ]);
    expect(row('safety')).toHaveTextContent('No overdoses.');
    expect(
      screen
        .getAllByTestId('query-tension')
        .map((li) => `${li.dataset.pair}:${li.dataset.opposed}`),
    ).toEqual([
      'interactional-epistemic:true',
      'safety-epistemic:false',
      'safety-interactional:true',
    ]);
    expect(screen.getByTestId('ideal-response')).toHaveTextContent(
      'Converge on the facts (epistemic) and safe content (safety) while diverging on the options presented (interactional).',
    );
    // One call with the analysis prompt and its JSON schema; the engine is released after.
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.messages[0]?.content).toContain(EXAMPLE_QUERY.query);
    expect(engine.requests[0]?.jsonSchema?.name).toBe('query_analysis');
    expect(engines.opened).toEqual([JUDGE]);
    expect(engines.released).toBe(1);
  });

  it('asks the model the user picks instead of the default judge', async () => {
    const { engines } = setup(() => PAPER_LIKE);
    await fireEvent.change(screen.getByLabelText('Model'), { target: { value: OTHER } });
    await typeQuery('Tell me a joke');
    await analyse();
    await waitFor(() => expect(screen.getByTestId('analysis-origin')).toHaveTextContent('other'));
    expect(engines.opened).toEqual([OTHER]);
  });

  it.each<[string, string, RegExp]>([
    ['prose', 'The query is mostly about medicine.', /no JSON object with the four contexts/],
    ['an empty reply', '', /empty query analysis output/],
    ['JSON naming no context', '{"verdict": "medical"}', /names no context/],
    ['reasoning only', '<think>hmm</think>', /only reasoning/],
  ])('shows an unparseable reply (%s) plainly, with the reply', async (_name, reply, message) => {
    const { analyser } = setup(() => reply);
    await typeQuery('What is 2 + 2?');
    await analyse();
    const error = await screen.findByTestId('analyser-error');
    expect(error).toHaveTextContent(/could not be read as a query analysis/);
    expect(error).toHaveTextContent(message);
    expect(screen.getByTestId('analyser-raw')).toHaveTextContent(reply === '' ? '(empty)' : reply);
    expect(analyser.judgement).toBeNull();
    expect(screen.getByRole('button', { name: 'Analyse' })).toBeEnabled();
  });

  it('keeps the previous analysis when a later reply cannot be read', async () => {
    let call = 0;
    setup(() => (++call === 1 ? PAPER_LIKE : 'not json'));
    await typeQuery(EXAMPLE_QUERY.query);
    await analyse();
    await screen.findByTestId('analysis-origin');
    await analyse();
    await screen.findByTestId('analyser-error');
    expect(rows()[0]).toBe('epistemic:true:homogeneity');
  });

  it('shows an engine failure in plain words, without key-shaped text', async () => {
    setup(() => new Error('401 Unauthorized for key sk-abcdefghijklmnopqrstuvwxyz012345'));
    await typeQuery('Hello');
    await analyse();
    const error = await screen.findByTestId('analyser-error');
    expect(error).toHaveTextContent(
      /^judge · Scripted could not analyse the query: 401 Unauthorized/,
    );
    expect(error.textContent).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(screen.queryByTestId('analyser-raw')).toBeNull();
  });

  it('reports a missing context and a direction filled in from the framework', async () => {
    setup(() =>
      JSON.stringify({
        epistemic: { active: true, reason: 'Facts.' },
        safety: { active: false },
      }),
    );
    await typeQuery('When did the Berlin Wall fall?');
    await analyse();
    await screen.findByTestId('analysis-origin');
    expect(screen.getByTestId('analysis')).toHaveTextContent(
      'The model did not mention Interactional, Societal; counted as not active.',
    );
    expect(row('epistemic')).toHaveTextContent(
      /framework's default for this context was filled in/,
    );
  });

  it('cancels a running analysis and leaves the shown analysis alone', async () => {
    const { engines, analyser } = setup(() => PAPER_LIKE, { latencyMs: 60_000 });
    await typeQuery('Slow one');
    await analyse();
    expect(await screen.findByTestId('analyser-progress')).toHaveTextContent('Waiting for judge');
    expect(screen.getByLabelText('Model')).toBeDisabled();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByTestId('analyser-notice')).toHaveTextContent(/cancelled/);
    expect(screen.queryByTestId('analyser-error')).toBeNull();
    expect(analyser.judgement).toBeNull();
    expect(screen.getByRole('button', { name: 'Analyse' })).toBeEnabled();
    await waitFor(() => expect(engines.released).toBe(1));
  });

  it.each<[string, { configured?: boolean; defaultJudge?: string | null }, boolean, boolean]>([
    ['nothing set up', { configured: false, defaultJudge: null }, true, false],
    ['a provider but no default judge', { configured: true, defaultJudge: null }, false, false],
    ['a default judge', { configured: true }, false, true],
  ])('with %s: no-model notice %s, Analyse enabled %s', async (_n, opts, notice, enabled) => {
    setup(() => PAPER_LIKE, opts);
    await typeQuery('Anything');
    expect(screen.queryByTestId('analyser-no-model') !== null).toBe(notice);
    if (notice) {
      expect(
        within(screen.getByTestId('analyser-no-model')).getByRole('link', { name: /Settings/ }),
      ).toHaveAttribute('href', '#/settings');
    }
    expect(screen.getByRole('button', { name: 'Analyse' }).hasAttribute('disabled')).toBe(!enabled);
  });

  it('needs a query before it asks', async () => {
    const { engine } = setup(() => PAPER_LIKE);
    expect(screen.getByRole('button', { name: 'Analyse' })).toBeDisabled();
    await typeQuery('   ');
    expect(screen.getByRole('button', { name: 'Analyse' })).toBeDisabled();
    expect(engine.requests).toHaveLength(0);
  });
});

describe('AnalyserPanel: by hand', () => {
  it("starts from the paper's analysis without a model", async () => {
    setup(() => PAPER_LIKE, { configured: false, defaultJudge: null });
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    expect(screen.getByLabelText('Query')).toHaveValue(EXAMPLE_QUERY.query);
    expect(screen.getByTestId('analysis-origin')).toHaveTextContent(
      "The paper's own analysis of its example (Figure 2).",
    );
    expect(rows()).toEqual([
      'epistemic:true:homogeneity',
      'interactional:true:heterogeneity',
      'societal:false:none',
      'safety:true:homogeneity',
    ]);
  });

  it.each<[string, string[]]>([
    [
      'A',
      [
        'epistemic:true:homogeneity',
        'interactional:false:none',
        'societal:false:none',
        'safety:false:none',
      ],
    ],
    [
      'G',
      [
        'epistemic:false:none',
        'interactional:true:heterogeneity',
        'societal:true:heterogeneity',
        'safety:false:none',
      ],
    ],
    [
      'E',
      [
        'epistemic:true:homogeneity',
        'interactional:true:heterogeneity',
        'societal:false:none',
        'safety:true:homogeneity',
      ],
    ],
  ])('starts from the default contexts of category %s', async (category, expected) => {
    setup(() => PAPER_LIKE);
    await fireEvent.change(screen.getByLabelText('start from category'), {
      target: { value: category },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Use' }));
    expect(rows()).toEqual(expected);
    expect(screen.getByTestId('analysis-origin')).toHaveTextContent(
      `Default contexts of category ${category}`,
    );
  });

  it('switches contexts on and off, flips directions, and redraws the tensions', async () => {
    setup(() => PAPER_LIKE);
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    await fireEvent.click(within(row('societal')).getByRole('checkbox'));
    expect(rows()[2]).toBe('societal:true:heterogeneity');
    expect(screen.getAllByTestId('query-tension')).toHaveLength(6);

    await fireEvent.click(within(row('interactional')).getByRole('radio', { name: 'homogeneity' }));
    expect(rows()[1]).toBe('interactional:true:homogeneity');
    expect(row('interactional')).toHaveTextContent(
      'Unusual: the framework says the interactional context rewards heterogeneity.',
    );
    const pair = screen
      .getAllByTestId('query-tension')
      .find((li) => li.dataset.pair === 'safety-interactional');
    expect(pair?.dataset.opposed).toBe('false');
    expect(pair).toHaveTextContent('In this query both demand homogeneity.');

    await fireEvent.click(within(row('safety')).getByRole('checkbox'));
    await fireEvent.click(within(row('epistemic')).getByRole('checkbox'));
    expect(rows()).toEqual([
      'epistemic:false:none',
      'interactional:true:homogeneity',
      'societal:true:heterogeneity',
      'safety:false:none',
    ]);
    expect(screen.getAllByTestId('query-tension')).toHaveLength(1);
    expect(screen.getByTestId('analysis-origin')).toHaveTextContent('then edited by hand.');
    expect(screen.getByTestId('ideal-response')).toHaveTextContent(
      'Converge on the options presented (interactional) while diverging on who is represented and how (societal).',
    );
  });

  it('edits a reason and an aspect', async () => {
    const { analyser } = setup(() => PAPER_LIKE);
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    const safety = row('safety');
    await fireEvent.change(within(safety).getByRole('textbox', { name: 'Reason' }), {
      target: { value: '  Refuse   lethal doses. ' },
    });
    await fireEvent.change(within(safety).getByRole('combobox', { name: 'Applies to' }), {
      target: { value: 'answer' },
    });
    expect(safety).toHaveTextContent('Refuse lethal doses.');
    const assessment = analyser.judgement?.contexts.find((c) => c.context === 'safety');
    expect(assessment).toMatchObject({ reason: 'Refuse lethal doses.', aspect: 'answer' });
  });

  it('sets an analysis up from nothing by switching a context on', async () => {
    setup(() => PAPER_LIKE, { configured: false, defaultJudge: null });
    await typeQuery('Write a poem about the sea');
    await fireEvent.click(within(row('interactional')).getByRole('checkbox'));
    expect(screen.getByTestId('analysis-origin')).toHaveTextContent(
      'Set up by hand. For “Write a poem about the sea”',
    );
    expect(rows()[1]).toBe('interactional:true:heterogeneity');
    expect(screen.getByTestId('no-query-tension')).toHaveTextContent(/fewer than two/);
  });

  it('says when the query box no longer matches the analysis', async () => {
    setup(() => PAPER_LIKE);
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    await typeQuery('Something else');
    expect(screen.getByTestId('analysis')).toHaveTextContent(/query box has changed/);
  });

  it('opens a tension in the matrix', async () => {
    const { onshowtension } = setup(() => PAPER_LIKE);
    await fireEvent.click(screen.getByRole('button', { name: /paper's chronic-pain analysis/ }));
    const pair = screen
      .getAllByTestId('query-tension')
      .find((li) => li.dataset.pair === 'safety-interactional')!;
    await fireEvent.click(within(pair).getByRole('button', { name: 'Show in the tension matrix' }));
    expect(onshowtension).toHaveBeenCalledWith('safety', 'interactional');
  });
});
