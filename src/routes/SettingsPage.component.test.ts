// Component tests of the Settings page in jsdom with in-memory state: adding, validating,
// editing and removing providers, with keys never rendered into the DOM.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import SettingsPage from './SettingsPage.svelte';
import { KeyVault, MemoryKeyStorage } from '../lib/engines/key-vault';
import { createSettingsServices } from '../lib/state/settings-services';
import { MemorySettingsStore } from '../lib/state/testing/memory-settings-store';

const KEY = 'sk-component-test-key-42';

function renderPage() {
  const device = new MemoryKeyStorage();
  const services = createSettingsServices({
    store: new MemorySettingsStore(),
    vault: new KeyVault({ session: new MemoryKeyStorage(), device }),
    webllmManager: () => Promise.reject(new Error('WebLLM is not available in this test.')),
  });
  const view = render(SettingsPage, { services });
  return { ...view, services, device };
}

async function fill(form: HTMLElement, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) {
    const field = within(form).getByLabelText(label);
    if (field instanceof HTMLSelectElement) await fireEvent.change(field, { target: { value } });
    else await fireEvent.input(field, { target: { value } });
  }
}

describe('SettingsPage', () => {
  it('starts empty and explains what to add', () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings');
    expect(screen.getByText(/No providers yet/)).toBeInTheDocument();
  });

  it.each<[string, Record<string, string>, RegExp[]]>([
    ['no key, no model', {}, [/Enter at least one model id/, /OpenAI needs an API key/]],
    [
      'key in the URL',
      { 'Base URL': 'https://x.test/v1?key=abc', 'API key': KEY, 'Chat models': 'gpt-4o-mini' },
      [/Put the API key in the key field/],
    ],
    [
      'bad timeout',
      { 'API key': KEY, 'Chat models': 'm', 'Timeout (seconds)': '0' },
      [/Enter a number from 1 to 600/],
    ],
  ])('shows form errors in words: %s', async (_name, values, messages) => {
    renderPage();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a provider' }));
    const form = screen.getByRole('form', { name: 'Add a provider' });
    await fill(form, values);
    await fireEvent.click(within(form).getByRole('button', { name: 'Add provider' }));
    for (const message of messages) expect(await within(form).findByText(message)).toBeVisible();
    expect(screen.queryByTestId('provider-openai')).toBeNull();
  });

  it('adds a provider without rendering its key, then removes it with its key', async () => {
    const { container, services, device } = renderPage();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a provider' }));
    const form = screen.getByRole('form', { name: 'Add a provider' });
    await fill(form, {
      'Provider type': 'openai-compatible',
      Server: 'ollama',
      'Base URL': 'http://localhost:11434/v1',
      'API key': KEY,
      'Chat models': 'llama3.2\nqwen2.5:0.5b',
    });
    await fireEvent.click(within(form).getByLabelText('Remember this key on this device'));
    await fireEvent.click(within(form).getByRole('button', { name: 'Add provider' }));

    const card = await screen.findByTestId('provider-ollama-local');
    expect(card).toHaveTextContent('Ollama (local)');
    expect(card).toHaveTextContent('llama3.2, qwen2.5:0.5b');
    expect(within(card).getByTestId('key-status')).toHaveAttribute('data-status', 'device');
    expect(container.innerHTML).not.toContain(KEY);
    expect(device.values()).toEqual([KEY]);
    expect(services.providers.providers.map((p) => p.preset)).toEqual(['ollama']);

    await fireEvent.click(within(card).getByRole('button', { name: 'Remove Ollama (local)' }));
    await fireEvent.click(within(card).getByRole('button', { name: 'Remove' }));
    expect(screen.queryByTestId('provider-ollama-local')).toBeNull();
    expect(device.values()).toEqual([]);
  });

  it('offers configured and local models in the default pickers', async () => {
    const { services } = renderPage();
    await services.providers.add(
      {
        kind: 'gemini',
        label: 'Gemini',
        baseUrl: '',
        models: 'gemini-2.5-flash',
        embeddingModels: 'gemini-embedding-001',
        rememberKey: false,
        timeoutSeconds: '',
        maxConcurrency: '',
      },
      'AIzaComponentTestKey123456',
    );
    const judge = (await screen.findByLabelText('Judge')) as HTMLSelectElement;
    const embeddings = screen.getByLabelText('Embeddings') as HTMLSelectElement;
    await screen.findAllByRole('option', { name: 'gemini-2.5-flash' });
    const values = (select: HTMLSelectElement) => [...select.options].map((o) => o.value);
    expect(values(judge)).toEqual([
      '',
      'gemini/gemini-2.5-flash',
      'transformers/HuggingFaceTB/SmolLM2-360M-Instruct',
      'transformers/HuggingFaceTB/SmolLM2-135M-Instruct',
    ]);
    expect(values(embeddings)).toEqual([
      '',
      'gemini/gemini-embedding-001',
      'transformers/Xenova/all-MiniLM-L6-v2',
    ]);
    // No embedding model is assumed: runs skip the metric until one is chosen.
    expect(embeddings.value).toBe('');
    await fireEvent.change(judge, { target: { value: 'gemini/gemini-2.5-flash' } });
    expect(services.defaults.judge).toBe('gemini/gemini-2.5-flash');
  });
});
