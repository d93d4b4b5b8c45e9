// Vite build and Vitest configuration for MMHS Playground.
// Three test projects: framework-free unit tests, Svelte component tests (jsdom), browser tests.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Largest file the service worker precaches. ONNX Runtime's wasm is about 27 MB and must be
 * precached for local models to run offline; Workbox's default (2 MiB) would silently skip it.
 */
const PRECACHE_MAX_BYTES = 64 * 1024 * 1024;

export default defineConfig({
  plugins: [
    svelte(),
    // Offline after one visit: a Workbox service worker precaches the shell, every lazy chunk,
    // the workers and ONNX Runtime's wasm. Paths stay relative (base './'), so the same build
    // works from a domain root, a sub-path (a project page) or a plain static folder.
    VitePWA({
      registerType: 'prompt',
      // Registered from the app (src/lib/state/app-update.svelte.ts), which offers updates.
      injectRegister: false,
      includeManifestIcons: false,
      manifest: {
        name: 'MMHS Playground',
        short_name: 'MMHS',
        description:
          'See how homogeneous or diverse LLM outputs are, task by task, and whether that is good or bad for the task.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f7f8fa',
        theme_color: '#0b5cad',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'],
        // The plugin adds the manifest and its icons itself.
        maximumFileSizeToCacheInBytes: PRECACHE_MAX_BYTES,
        // Any navigation (a ?bundle= link, a reload offline) gets the cached shell.
        navigateFallback: 'index.html',
        // The first visit is controlled at once, so it works offline without a reload. Updates
        // still wait for the user: a new worker only takes over after "Reload" (skipWaiting).
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  worker: {
    format: 'es',
  },
  server: {
    host: '127.0.0.1',
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.component.test.ts'],
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['src/**/*.component.test.ts'],
          setupFiles: ['tests/setup-component.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/browser/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
