// Builds test-only HTML entries with the app's own Vite config and serves them on 127.0.0.1.
// Lets browser tests run library code (engines, workers) in real Chromium before any UI uses it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, mergeConfig, preview, type InlineConfig } from 'vite';

const HARNESS_DIR = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = resolve(HARNESS_DIR, '../../..');

/** What to build. */
export interface HarnessOptions {
  /** HTML entry files, absolute or relative to tests/browser/harness/. */
  html: string[];
  /** A directory served as-is beside the pages (e.g. generated model fixtures); none by default. */
  publicDir?: string;
  /** Extra Vite config merged over the app's (vite.config.ts). */
  vite?: InlineConfig;
}

/** A built and served harness. */
export interface HarnessServer {
  /** `http://127.0.0.1:<port>/` (a secure context, so WebGPU and the Cache API work). */
  baseUrl: string;
  /** The build output directory (deleted by `close`). */
  outDir: string;
  /** The URL of one of the built pages, by its file name (e.g. `webllm-harness.html`). */
  urlFor(html: string): string;
  close(): Promise<void>;
}

/**
 * Builds the given HTML entries (and every worker they start) with the app's Vite config, into a
 * temporary directory, and serves them with Vite's preview server on a free loopback port.
 * @param options the entries and optional extra config
 */
export async function buildHarness(options: HarnessOptions): Promise<HarnessServer> {
  const entries = options.html.map((file) => (isAbsolute(file) ? file : join(HARNESS_DIR, file)));
  const outDir = mkdtempSync(join(tmpdir(), 'mmhs-harness-'));
  const config = mergeConfig(
    {
      configFile: join(PROJECT_ROOT, 'vite.config.ts'),
      root: HARNESS_DIR,
      publicDir: options.publicDir ?? false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: { input: entries },
      },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    } satisfies InlineConfig,
    options.vite ?? {},
  );
  try {
    await build(config);
    const server = await preview(config);
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('Preview server has no port.');
    const baseUrl = `http://127.0.0.1:${address.port}/`;
    return {
      baseUrl,
      outDir,
      urlFor: (html) => new URL(basename(html), baseUrl).href,
      close: async () => {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}
