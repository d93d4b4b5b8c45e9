// Component tests of the Data page in jsdom on a fake IndexedDB: library filters, a benchmark file
// detected, previewed and saved, a generic file's mapping step, and a newer bundle refused.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { openDatabase, type PlaygroundDB } from '../lib/storage/db';
import { countRecords } from '../lib/storage/testing/records';
import DataPage from './DataPage.svelte';

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  window.location.hash = '';
});

function renderPage(tab: string) {
  window.location.hash = `#/data?tab=${tab}`;
  const db = openDatabase({ factory: new IDBFactory(), name: `data-page-${Math.random()}` }).then(
    (d) => {
      opened.push(d);
      return d;
    },
  );
  render(DataPage, { open: () => db });
  return db;
}

function fileOf(name: string, text: string): File {
  return new File([text], name, { type: 'text/plain' });
}

// Relative to the project root, where Vitest runs (import.meta.url is not a file URL in jsdom).
const fixture = (name: string): string => readFileSync(`tests/fixtures/imports/${name}`, 'utf8');

describe('DataPage', () => {
  it('lists the library and narrows it by category and search', async () => {
    renderPage('library');
    const count = () => Number(screen.getByTestId('library-count').getAttribute('data-count'));
    const all = count();
    expect(all).toBeGreaterThanOrEqual(60);
    await fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'C' } });
    expect(count()).toBeGreaterThanOrEqual(6);
    expect(count()).toBeLessThan(all);
    await fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'coin' } });
    expect(count()).toBe(1);
  }, 20_000);

  it('detects a SimpleQA file, previews it and saves it as a dataset', async () => {
    const db = renderPage('import');
    const input = document.getElementById('dataset-file') as HTMLInputElement;
    await fireEvent.change(input, {
      target: { files: [fileOf('simpleqa.csv', fixture('simpleqa.csv'))] },
    });
    const detected = await screen.findByTestId('detected', {}, { timeout: 10_000 });
    expect(within(detected).getByTestId('detected-format')).toHaveAttribute(
      'data-format',
      'simpleqa',
    );
    expect(screen.getAllByTestId('preview-row').length).toBeGreaterThan(0);
    // jsdom does not submit forms on a button click; submit the form itself.
    const save = screen.getByRole('button', { name: /prompts as a dataset/ });
    await fireEvent.submit(save.closest('form')!);
    const saved = await screen.findByTestId('import-saved', {}, { timeout: 10_000 });
    const count = Number(saved.getAttribute('data-count'));
    expect(count).toBeGreaterThan(0);
    expect(await countRecords(await db, 'prompts')).toBe(count);
  }, 20_000);

  it('offers the mapping step for a generic CSV', async () => {
    renderPage('import');
    const input = document.getElementById('dataset-file') as HTMLInputElement;
    await fireEvent.change(input, {
      target: { files: [fileOf('prompts.csv', fixture('prompts.csv'))] },
    });
    const mapping = await screen.findByTestId('mapping', {}, { timeout: 10_000 });
    await waitFor(() =>
      expect(within(mapping).getByLabelText('Column for prompt')).toHaveValue('Question'),
    );
    expect(within(mapping).getByLabelText('Column for answer')).toHaveValue('Gold answer');
  }, 20_000);

  it('refuses a bundle from a newer app and stores nothing', async () => {
    const db = renderPage('bundle');
    const newer = JSON.stringify({
      format: 'mmhs-playground-run',
      bundleVersion: 1,
      schemaVersion: 99,
      appVersion: '42.0.0',
    });
    const input = document.getElementById('bundle-file') as HTMLInputElement;
    await fireEvent.change(input, { target: { files: [fileOf('shared.json', newer)] } });
    const error = await screen.findByTestId('bundle-error', {}, { timeout: 10_000 });
    expect(error).toHaveTextContent(
      'shared.json, field "schemaVersion": The bundle was exported by a newer MMHS Playground (app 42.0.0, data schema version 99)',
    );
    await waitFor(async () => expect(await countRecords(await db, 'runs')).toBe(0));
  }, 20_000);
});
