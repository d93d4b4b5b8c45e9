// Shared steps of the browser tests that run experiments against the fake providers: adding the
// fake OpenAI-compatible provider through Settings, and waiting until a page value stands still.
import { expect, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { FAKE_API_KEY, type FakeProviders } from '../servers/fake-providers';

/** The provider as most tests name it; its id is derived from the label by the app. */
export const FAKE_PROVIDER = { label: 'Fake provider', id: 'fake-provider' } as const;

/** How the fake provider is set up. */
export interface FakeProviderSetup {
  /** Name shown in the app; its id is derived from it (`Fake provider` -> `fake-provider`). */
  label?: string;
  id?: string;
  chatModels: readonly string[];
  embeddingModels?: readonly string[];
  /** "Calls at once" under Limits; the provider's default when absent. */
  callsAtOnce?: number;
  /**
   * Provider type (default `openai-compatible`); `openai`, `anthropic` and `gemini` point those
   * kinds, which have batch APIs, at the fake server's path for their wire format.
   */
  kind?: 'openai-compatible' | 'openai' | 'anthropic' | 'gemini';
}

/**
 * Adds the fake provider in Settings as a user would; the key is kept for this browser session
 * only (the default), never remembered on the device.
 */
export async function addFakeProvider(
  page: Page,
  server: FakeProviders,
  setup: FakeProviderSetup,
): Promise<void> {
  const { label, id } = { ...FAKE_PROVIDER, ...setup };
  await page.goto(`${inject('baseUrl')}#/settings`);
  await page.getByRole('button', { name: 'Add a provider' }).click();
  const form = page.getByRole('form', { name: 'Add a provider' });
  const kind = setup.kind ?? 'openai-compatible';
  await form.getByLabel('Provider type').selectOption(kind);
  if (kind === 'openai-compatible') await form.getByLabel('Server').selectOption('custom');
  await form.getByLabel('Name').fill(label);
  const path = kind === 'anthropic' || kind === 'gemini' ? `/${kind}` : '/openai/v1';
  await form.getByLabel('Base URL').fill(`${server.url}${path}`);
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
  await page.getByTestId(`provider-${id}`).waitFor();
}

/**
 * Waits until the run panel's settled count stops changing (answers that arrived are saved
 * within milliseconds), and returns it.
 */
export async function settledCountWhenStill(page: Page, timeout = 20_000): Promise<number> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await page.getByTestId('run-counts').getAttribute('data-settled')) ?? '';
        const still = now === last;
        last = now;
        return still;
      },
      { timeout, interval: 600 },
    )
    .toBe(true);
  return Number(last);
}
