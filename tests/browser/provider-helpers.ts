// Shared step of the browser tests that run against the local fake provider server: adding it as
// an OpenAI-compatible provider through the Settings page, as a user would.
import type { Page } from 'playwright-core';
import { FAKE_API_KEY, type FakeProviders } from '../servers/fake-providers';

/** The provider as the tests name it; its id in engine ids is `fake-provider`. */
export const FAKE_PROVIDER = { label: 'Fake provider', id: 'fake-provider' };

/**
 * Adds the fake server as an OpenAI-compatible provider in Settings.
 * @param baseUrl The app's URL.
 * @param chatModels Chat model names to list.
 * @param options Embedding models and calls at once, when the test needs them.
 */
export async function addFakeProvider(
  page: Page,
  baseUrl: string,
  server: FakeProviders,
  chatModels: readonly string[],
  options: { embeddingModels?: readonly string[]; callsAtOnce?: number } = {},
): Promise<void> {
  await page.goto(`${baseUrl}#/settings`);
  await page.getByRole('button', { name: 'Add a provider' }).click();
  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Provider type').selectOption('openai-compatible');
  await form.getByLabel('Server').selectOption('custom');
  await form.getByLabel('Name').fill(FAKE_PROVIDER.label);
  await form.getByLabel('Base URL').fill(`${server.url}/openai/v1`);
  await form.getByLabel('API key').fill(FAKE_API_KEY);
  await form.getByLabel('Chat models').fill(chatModels.join('\n'));
  if (options.embeddingModels !== undefined) {
    await form.getByLabel('Embedding models').fill(options.embeddingModels.join('\n'));
  }
  if (options.callsAtOnce !== undefined) {
    await form.getByText('Limits').click();
    await form.getByLabel('Calls at once').fill(String(options.callsAtOnce));
  }
  await form.getByRole('button', { name: 'Add provider' }).click();
  await page.getByTestId(`provider-${FAKE_PROVIDER.id}`).waitFor();
}
