// Renders the app icons in public/icons/ from public/favicon.svg with the system Chromium, so the
// PWA manifest's PNGs always match the logo. Run `node scripts/make-icons.mjs` after changing it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SVG = readFileSync('public/favicon.svg', 'utf8');
const OUT = 'public/icons';
const BACKGROUND = '#f7f8fa';

/**
 * name, pixel size, and the share of the canvas the logo fills. Maskable icons keep the logo in
 * the central safe zone (a circle of 80 % of the size) on an opaque background.
 */
const ICONS = [
  ['icon-192.png', 192, 1, null],
  ['icon-512.png', 512, 1, null],
  ['icon-maskable-512.png', 512, 0.56, BACKGROUND],
  ['apple-touch-icon-180.png', 180, 0.8, BACKGROUND],
];

const executablePath =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if (!executablePath) throw new Error('No Chromium found: set CHROMIUM_PATH.');

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  for (const [name, size, share, background] of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const inner = Math.round(size * share);
    await page.setContent(
      `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;` +
        `background:${background ?? 'transparent'}">` +
        `<div style="width:${inner}px;height:${inner}px">${SVG.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
    );
    await page.screenshot({ path: `${OUT}/${name}`, omitBackground: background === null });
    await page.close();
    console.log(`${OUT}/${name}`);
  }
} finally {
  await browser.close();
}
