// Locates the real public data sets in `../shared/data` beside the checkout (see its SOURCES.md).
// Tests use it as real input; MMHS_SHARED_DATA overrides the location.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of the shared data folder (it may not exist on every machine). */
export const SHARED_DATA = process.env.MMHS_SHARED_DATA ?? resolve(REPO_ROOT, '../shared/data');

/** Absolute path of a file inside the shared data folder. */
export function sharedDataPath(...parts: string[]): string {
  return resolve(SHARED_DATA, ...parts);
}

/** True when the shared data folder is present. */
export const HAS_SHARED_DATA = existsSync(SHARED_DATA);
