// Adds the local fake OpenAI-compatible provider through the Settings UI, the way a user does,
// for the browser tests that run experiments or analyses against it.
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import { FAKE_API_KEY, type FakeProviders } from '../servers/fake-providers';

/** The provider as the tests name it; its id is derived from the label by the app. */
export const FAKE_PROVIDER = { label: 'Fake provider', id: 'fake-provider' } as const;

/** What the provider offers. */
export interface FakeProviderSetup {
  chatModels: readonly string[];
  embeddingModels?: readonly string[];
  /** "Calls at once" under Limits; the app's default when omitted. */
  callsAtOnce?: number;
}

/**
 * Opens Settings and adds the fake server as a custom OpenAI-compatible provider with the key it
 * accepts, then waits until the provider is listed.
 */
export async function addFakeProvider(
  page: Page,
  server: FakeProviders,
  setup: FakeProviderSetup,
): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/settings`);
  await page.getByRole('button', { name: 'Add a provider' }).click();
  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Provider type').selectOption('openai-compatible');
  await form.getByLabel('Server').selectOption('custom');
  await form.getByLabel('Name').fill(FAKE_PROVIDER.label);
  await form.getByLabel('Base URL').fill(`${server.url}/openai/v1`);
  await form.getByLabel('API key').fill(FAKE_API_KEY);
  await form.getByLabel('Chat models').fill(setup.chatModels.join('\n'));
  if (setup.embeddingModels !== undefined) {
    await form.getByLabel('Embedding models').fill(setup.embeddingModels.join('\n'));
  }
  if (setup.callsAtOnce !== undefined) {
    await form.getByText('Limits').click();
    await form.getByLabel('Calls at once').fill(String(setup.callsAtOnce));
  }
  await form.getByRole('button', { name: 'Add provider' }).click();
  await page.getByTestId(`provider-${FAKE_PROVIDER.id}`).waitFor();
}
