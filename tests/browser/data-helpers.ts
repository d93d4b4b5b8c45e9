// Helpers of the Data-area browser tests and the CSV-import benchmark: a SimpleQA-format CSV of any
// size, a main-thread heartbeat that exposes freezes, a timed import, and a build-and-serve step.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

const TOPICS = ['Science and technology', 'Geography', 'History', 'Art', 'Sports', 'Music'];

/**
 * A SimpleQA CSV (`metadata, problem, answer`) with `rows` rows in the published layout: the
 * metadata is a Python dict literal, some answers hold quoted commas and line breaks.
 */
export function simpleQaCsv(rows: number): string {
  const lines = ['metadata,problem,answer'];
  for (let i = 0; i < rows; i += 1) {
    const topic = TOPICS[i % TOPICS.length]!;
    const meta = `{'topic': '${topic}', 'answer_type': 'Number', 'urls': ['https://example.org/q/${i}', 'https://example.org/r/${i}']}`;
    const answer = i % 97 === 0 ? `"${i}, or about\n${i + 1}"` : String(i * 7);
    lines.push(
      `"${meta}",What is the value recorded for item number ${i} in the survey?,${answer}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Starts a main-thread heartbeat in the page: a 10 ms interval recording the longest gap. */
export async function startHeartbeat(page: Page): Promise<void> {
  await page.evaluate(installMainThreadWatch);
}

/** The longest gap between heartbeats since the start, in ms (stops the heartbeat). */
export async function stopHeartbeat(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { __hb?: { max: number; last: number; timer: number } };
    const hb = w.__hb;
    if (!hb) return Number.NaN;
    clearInterval(hb.timer);
    const now = performance.now();
    return Math.max(hb.max, now - hb.last);
  });
}

/**
 * In the page: records every long task (over 50 ms, rendering included) with a
 * PerformanceObserver, and the longest gap between 10 ms heartbeat timers. Self-contained, as
 * page.evaluate and addInitScript send its source text.
 */
function installMainThreadWatch(): void {
  const w = window as unknown as {
    __lt?: { observer: PerformanceObserver; tasks: number[] };
    __hb?: { max: number; last: number; timer: number };
  };
  w.__lt?.observer.disconnect();
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  w.__lt = { observer, tasks };
  if (w.__hb) clearInterval(w.__hb.timer);
  const hb = { max: 0, last: performance.now(), timer: 0 };
  hb.timer = window.setInterval(() => {
    const now = performance.now();
    hb.max = Math.max(hb.max, now - hb.last);
    hb.last = now;
  }, 10);
  w.__hb = hb;
}

/** Starts watching the page's main thread now (see stopMainThreadWatch). */
export const startMainThreadWatch = startHeartbeat;

/** Watches the main thread of every document the page loads from now on, from its first script. */
export async function watchMainThreadFromLoad(page: Page): Promise<void> {
  await page.addInitScript(installMainThreadWatch);
}

/** What the page's main thread did since {@link startMainThreadWatch}. */
export interface MainThreadWatch {
  /** The longest task in ms (0 when no task took over 50 ms). */
  longestTaskMs: number;
  /** Every long task's duration, in order. */
  longTasks: number[];
  /** The longest gap between heartbeats, in ms. */
  maxGapMs: number;
}

/** Stops the watch and returns what it saw. */
export async function stopMainThreadWatch(page: Page): Promise<MainThreadWatch> {
  const maxGapMs = await stopHeartbeat(page);
  const longTasks = await page.evaluate(async () => {
    // Long tasks are reported after they end; give the observer a frame to deliver the last one.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const w = window as unknown as { __lt?: { observer: PerformanceObserver; tasks: number[] } };
    const lt = w.__lt;
    if (!lt) return [];
    lt.observer.takeRecords().forEach((e) => lt.tasks.push(e.duration));
    lt.observer.disconnect();
    return lt.tasks;
  });
  return { longestTaskMs: Math.max(0, ...longTasks), longTasks, maxGapMs };
}

/** How long a timed import took, in ms measured in the page. */
export interface ImportTiming {
  /** File chosen to preview shown. */
  previewMs: number;
  /** File chosen to dataset saved (Save pressed as soon as the preview shows). */
  totalMs: number;
  /** Longest main-thread pause during the import. */
  maxGapMs: number;
  prompts: number;
}

/**
 * Imports a CSV through the Data area's import tab (which must be open): chooses the file,
 * waits for the preview, presses Save and waits until the dataset is stored. The file goes
 * through a path on disk, as a user's would, not through page-side decoding of its bytes.
 */
export async function importCsvTimed(page: Page, name: string, csv: string): Promise<ImportTiming> {
  const dir = mkdtempSync(join(tmpdir(), 'mmhs-import-'));
  const path = join(dir, name);
  writeFileSync(path, csv, 'utf8');
  const input = page.locator('#dataset-file');
  await page.evaluate(() => {
    const el = document.getElementById('dataset-file');
    el?.addEventListener(
      'change',
      () => {
        (window as unknown as { __t0: number }).__t0 = performance.now();
      },
      { once: true },
    );
  });
  await startHeartbeat(page);
  await input.setInputFiles(path);
  await page.getByTestId('detected').waitFor({ timeout: 20_000 });
  const previewMs = await page.evaluate(
    () => performance.now() - (window as unknown as { __t0: number }).__t0,
  );
  await page.getByRole('button', { name: /^Save .* prompts as a dataset$/ }).click();
  const saved = page.getByTestId('import-saved');
  await saved.waitFor({ timeout: 20_000 });
  const totalMs = await page.evaluate(
    () => performance.now() - (window as unknown as { __t0: number }).__t0,
  );
  const maxGapMs = await stopHeartbeat(page);
  const prompts = Number(await saved.getAttribute('data-count'));
  rmSync(dir, { recursive: true, force: true });
  return { previewMs, totalMs, maxGapMs, prompts };
}

/** Builds the app and serves it on 127.0.0.1 (what tests/browser/global-setup.ts does). */
export async function buildAndServe(): Promise<{ url: string; close: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'mmhs-bench-dist-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('Preview server has no port.');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Counts records of some stores of the app database, read in the page. */
export async function countStores(page: Page, stores: readonly string[]): Promise<number[]> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('mmhs-playground');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    try {
      return await Promise.all(
        names.map(
          (name) =>
            new Promise<number>((resolve, reject) => {
              const req = db.transaction(name).objectStore(name).count();
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            }),
        ),
      );
    } finally {
      db.close();
    }
  }, stores);
}
