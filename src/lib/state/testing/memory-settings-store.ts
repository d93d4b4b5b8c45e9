// A SettingsStore in memory for state and page tests: values are copied in and out, as
// IndexedDB would, so a test cannot change a stored value by mutating what it read.
import type { JsonValue } from '../../storage/schema';
import type { SettingsStore } from '../settings-store';

/** A SettingsStore in memory (tests). */
export class MemorySettingsStore implements SettingsStore {
  readonly values = new Map<string, JsonValue>();

  /** The stored value (a copy), or undefined. */
  async getSetting(key: string): Promise<JsonValue | undefined> {
    const value = this.values.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  /** Stores a copy of the value. */
  async setSetting(key: string, value: JsonValue): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
}
