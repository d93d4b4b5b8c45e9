// The settings repository: JSON values under string keys (providers, defaults, prices, usage
// ledger, local models); API keys are never stored here.

import type { JsonValue } from './schema';
import { connectionOf, type PlaygroundDB } from './internal/connection';
import { STORES } from './internal/stores';

/** Read a setting's value, or undefined when unset. */
export async function getSetting(db: PlaygroundDB, key: string): Promise<JsonValue | undefined> {
  return (await connectionOf(db).get(STORES.settings, key))?.value;
}

/** Write a setting. */
export async function setSetting(db: PlaygroundDB, key: string, value: JsonValue): Promise<void> {
  await connectionOf(db).put(STORES.settings, { key, value, updatedAt: Date.now() });
}
