// Component tests of the Experiments page in jsdom: typed and library prompts with categories,
// model choices from Settings, the live estimate, the seed rule, and a scripted run to its summary.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import ExperimentsPage from './ExperimentsPage.svelte';
import { KeyVault, MemoryKeyStorage } from '../lib/engines/key-vault';
import { draftFromConfig } from '../lib/engines/providers';
import type { ChatEngine } from '../lib/engines/types';
import { MemoryRunStore } from '../lib/pipeline/testing/memory-store';
import { ScriptedEngine } from '../lib/pipeline/testing/scripted-engine';
import { pipelineScript } from '../lib/pipeline/testing/scripts';
import { openDatabase } from '../lib/storage/db';
import { createExperimentServices } from '../lib/state/experiment-services.svelte';
import { RunController } from '../lib/state/run-controller.svelte';
import { createSettingsServices } from '../lib/state/settings-services';
import { MemorySettingsStore } from '../lib/state/testing/memory-settings-store';

async function renderPage() {
  const settings = createSettingsServices({
    store: new MemorySettingsStore(),
    vault: new KeyVault({ session: new MemoryKeyStorage(), device: new MemoryKeyStorage() }),
    webllmManager: () => Promise.reject(new Error('WebLLM is not available in this test.')),
  });
  await settings.providers.add(
    { ...draftFromConfig(undefined, 'anthropic'), label: 'Claude', models: 'claude-haiku-4-5' },
    'sk-ant-test',
  );
  await settings.providers.add(
    {
      ...draftFromConfig(undefined, 'openai-compatible'),
      label: 'Lab server',
      baseUrl: 'https://lab.example/v1',
      models: 'gen-model\njudge-model',
    },
    '',
  );
  const db = await openDatabase({ factory: new IDBFactory(), name: `page-${Math.random()}` });
  const base = createExperimentServices({ settings, open: async () => db, guard: null });
  const store = new MemoryRunStore();
  const engines: ChatEngine[] = ['lab-server/gen-model', 'lab-server/judge-model'].map(
    (id) => new ScriptedEngine(pipelineScript({ classify: () => 'B' }), { id }),
  );
  const controller = new RunController({
    openStore: async () => store,
    buildEngines: async () => ({ chat: engines, embedding: [], dispose: async () => undefined }),
    newRunId: () => 'run-test',
    uiIntervalMs: 5,
  });
  const services = { ...base, controller };
  const view = render(ExperimentsPage, { services });
  await screen.findByRole('group', { name: 'Generator models' });
  await within(screen.getByRole('group', { name: 'Generator models' })).findByLabelText(
    'gen-model',
  );
  return { ...view, services, store };
}

async function addTyped(lines: string[]): Promise<void> {
  await fireEvent.input(screen.getByLabelText('Prompts'), {
    target: { value: lines.join('\n') },
  });
  await fireEvent.click(screen.getByRole('button', { name: `Add ${lines.length} prompts` }));
}

function callsOf(stage: string): string {
  return within(screen.getByTestId(`estimate-${stage}`)).getAllByRole('cell')[0]!.textContent!;
}

describe('ExperimentsPage', () => {
  it('lists what is missing, then estimates the run as the form changes', async () => {
    await renderPage();
    const issues = await screen.findByTestId('form-issues');
    expect(issues).toHaveTextContent('prompts: add at least one prompt');
    expect(issues).toHaveTextContent('generators: choose at least one generator model');
    expect(screen.getByRole('button', { name: 'Start run' })).toBeDisabled();

    await addTyped(['Name a prime number.', 'Write a haiku.']);
    await fireEvent.change(screen.getByLabelText('Known category of prompt 2'), {
      target: { value: 'G' },
    });
    const generators = screen.getByRole('group', { name: 'Generator models' });
    await fireEvent.click(within(generators).getByLabelText('gen-model'));
    // 2 prompts x (5 temperature + 1 + 1 + 5 + 5 regeneration turns)
    expect(callsOf('sample')).toBe('34');
    expect(callsOf('classify')).toBe('2');
    expect(screen.queryByTestId('estimate-judge')).toBeNull();

    await fireEvent.input(screen.getByLabelText('k responses per prompt'), {
      target: { value: '3' },
    });
    expect(callsOf('sample')).toBe('22');
    await fireEvent.click(
      within(screen.getByRole('group', { name: 'Judge models' })).getByLabelText('judge-model'),
    );
    // (k - 1) to k(k - 1)/2 calls per group: 10 groups x 2..3
    expect(callsOf('judge')).toBe('20–30');
    // No past responses of these models: the expected time names its assumed latency.
    expect(screen.getByTestId('estimate-time')).toHaveTextContent(
      /Expected time interactively: .+, with 4 calls at once and an assumed 10 s per call \(no past responses/,
    );
    expect(screen.getByRole('button', { name: 'Start run' })).toBeEnabled();
  });

  it.each<[string, string[], boolean, RegExp | null]>([
    ['no generator', [], false, null],
    ['a generator with a seed', ['gen-model'], false, null],
    ['only a generator without seed', ['claude-haiku-4-5'], true, /takes no seed/],
    ['both kinds', ['claude-haiku-4-5', 'gen-model'], false, /ignores the seed/],
  ])('seed field with %s', async (_name, models, disabled, note) => {
    await renderPage();
    const generators = screen.getByRole('group', { name: 'Generator models' });
    for (const m of models) {
      await fireEvent.click(within(generators).getByLabelText(new RegExp(`^${m}`)));
    }
    const seed = screen.getByLabelText('Seed');
    expect((seed as HTMLInputElement).disabled).toBe(disabled);
    const text = document.getElementById('exp-seed-note')?.textContent ?? null;
    if (note === null) expect(text).toBeNull();
    else expect(text).toMatch(note);
  });

  it('assumes no embedding model: says which one is needed and picks it in place', async () => {
    const { services } = await renderPage();
    const select = screen.getByLabelText('Embedding model') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(services.form.embedding).toBe('');
    const notice = screen.getByTestId('embedding-needed');
    expect(notice).toHaveTextContent('embedding distance will be skipped');
    expect(notice).toHaveTextContent('all-MiniLM-L6-v2');
    expect(notice).toHaveTextContent('about 23 MB');
    expect(within(notice).getByRole('link', { name: 'Settings' })).toHaveAttribute(
      'href',
      '#/settings',
    );
    await fireEvent.click(within(notice).getByRole('button', { name: 'Use all-MiniLM-L6-v2' }));
    expect(services.form.embedding).toBe('transformers/Xenova/all-MiniLM-L6-v2');
    expect(select.value).toBe('transformers/Xenova/all-MiniLM-L6-v2');
    expect(screen.queryByTestId('embedding-needed')).toBeNull();
  });

  it('adds library prompts of a whole category with their known category', async () => {
    await renderPage();
    await fireEvent.click(screen.getByRole('tab', { name: 'Library' }));
    const picker = screen.getByRole('group', { name: 'Prompts from the library' });
    await fireEvent.click(within(picker).getByLabelText(/^All of A\. Well-Specified/));
    const add = within(picker).getByRole('button', { name: /^Add \d+ selected$/ });
    const count = Number(/Add (\d+)/.exec(add.textContent ?? '')?.[1]);
    expect(count).toBeGreaterThan(0);
    await fireEvent.click(add);
    const rows = within(screen.getByTestId('prompt-table')).getAllByRole('row');
    expect(rows).toHaveLength(count + 1);
    expect((screen.getByLabelText('Known category of prompt 1') as HTMLSelectElement).value).toBe(
      'A',
    );
    expect((screen.getByLabelText('Gold answer of prompt 1') as HTMLInputElement).value).not.toBe(
      '',
    );
  });

  it('runs the experiment and shows progress, the summary and the results link', async () => {
    const { store } = await renderPage();
    await addTyped(['Name a prime number.', 'Pick a colour.']);
    await fireEvent.change(screen.getByLabelText('Known category of prompt 1'), {
      target: { value: 'B' },
    });
    const generators = screen.getByRole('group', { name: 'Generator models' });
    await fireEvent.click(within(generators).getByLabelText('gen-model'));
    await fireEvent.click(
      within(screen.getByRole('group', { name: 'Judge models' })).getByLabelText('judge-model'),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    const panel = await screen.findByTestId('run-panel');
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 10_000 })
      .toBe('completed');
    expect(panel.getAttribute('data-run-id')).toBe('run-test');
    const counts = within(panel).getByTestId('run-counts');
    expect(counts.getAttribute('data-settled')).toBe(counts.getAttribute('data-total'));
    expect(within(panel).getByTestId('stage-sample').getAttribute('data-done')).toBe('34');
    // The default script: temperature samples form 1 class, system prompts and regeneration k.
    const rows = within(panel).getAllByTestId('summary-row');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(within(row).getByTestId('cell-temperature')).toHaveTextContent('1/5');
      expect(within(row).getByTestId('cell-system-general')).toHaveTextContent('5/5');
      expect(within(row).getByTestId('row-quality')).toHaveTextContent('4.00');
    }
    expect(within(panel).getByRole('link', { name: 'View results' })).toHaveAttribute(
      'href',
      '#/results?run=run-test',
    );
    expect(store.runs.get('run-test')?.status).toBe('completed');
    await fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('run-panel')).toBeNull();
  });
});
