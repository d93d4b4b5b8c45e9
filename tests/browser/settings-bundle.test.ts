// Browser test of the bundle budget: the JavaScript a first page load fetches (the entry chunk
// and what it imports eagerly) stays under 250 KB gzipped, and no engine code is among it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

const BUDGET_BYTES = 250 * 1024;
/** Chunks that must load only on first use (workers, SDKs, runtimes). */
const LAZY_ONLY = /webllm|transformers|ort-wasm|onnx|openai|anthropic|gemini|manager/i;

function gzipped(distDir: string, file: string): number {
  return gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
}

/** The entry chunk and every chunk it imports statically, read from the build output. */
function eagerChunks(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entry = /<script[^>]+type="module"[^>]+src="\.\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('No entry script in index.html.');
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const seen = new Set<string>();
  const queue = [entry, ...preloads];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    // Static imports only (`import x from"./a.js"`, `import"./a.js"`); `import(` is lazy.
    for (const m of code.matchAll(
      /\bimport\s*(?:[\w$*{},\s]+?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g,
    )) {
      queue.push(join(file, '..', m[1]!));
    }
  }
  return [...seen];
}

describe('first-load bundle budget', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the entry chunk and its eager imports stay under 250 KB gzipped', () => {
    const distDir = inject('distDir');
    const files = eagerChunks(distDir);
    const total = files.reduce((sum, f) => sum + gzipped(distDir, f), 0);
    console.info(
      `eager JS: ${files.join(', ')} = ${(total / 1024).toFixed(1)} KB gzipped (budget 250 KB)`,
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => LAZY_ONLY.test(f))).toEqual([]);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });

  it.each(['', '#/settings'])(
    'a first load of "%s" fetches under 250 KB of gzipped JavaScript, engines excluded',
    async (hash) => {
      const base = inject('baseUrl');
      const distDir = inject('distDir');
      const context = await browser.newContext();
      const page = await context.newPage();
      const scripts = new Set<string>();
      const record = (url: string): void => {
        if (url.startsWith(base) && url.endsWith('.js')) scripts.add(url.slice(base.length));
      };
      page.on('request', (req) => record(req.url()));
      // Workers' own script requests are reported on the context.
      context.on('request', (req) => record(req.url()));
      await page.goto(`${base}${hash}`, { waitUntil: 'networkidle' });
      await page.waitForTimeout(500);
      const pageScripts = [...scripts].filter((f) => !/\.worker-/.test(f));
      const total = pageScripts.reduce((sum, f) => sum + gzipped(distDir, f), 0);
      console.info(
        `first load of "${hash || '/'}": ${[...scripts].join(', ')}; page JS ${(total / 1024).toFixed(1)} KB gzipped`,
      );
      expect(pageScripts.length).toBeGreaterThan(0);
      expect(total).toBeLessThan(BUDGET_BYTES);
      // transformers.js never loads before first use; on the default page nothing engine-related does.
      expect([...scripts].filter((f) => /transformers|ort-wasm/.test(f))).toEqual([]);
      if (hash === '') expect([...scripts].filter((f) => LAZY_ONLY.test(f))).toEqual([]);
      await context.close();
    },
  );
});
