// The chat message shape and `{name}` placeholder filling shared by every prompt template.

import { neutraliseDelimiters } from '../delimiters';

/** One message in the OpenAI chat-completions shape. */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** Matches `{name}` placeholders; JSON examples such as `{"verdict": ...}` never match. */
const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Substitutes `{name}` placeholders in one pass. Inserted values are never re-scanned, so model
 * or user text containing `{prompt}` or `$&` is copied verbatim, except that every inserted
 * string goes through `neutraliseDelimiters`: values are quoted inside tagged data sections, and
 * a prompt or response must not be able to close its section (`</response_a>`) and write its
 * own instructions after it. The app's own inserted texts hold no tags, so they are unchanged.
 * @throws Error when the template names a variable absent from `vars` (a programmer error).
 */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER_RE, (_match, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      throw new Error(`fill: missing template variable "${name}"`);
    }
    return typeof value === 'number' ? String(value) : neutraliseDelimiters(value);
  });
}

/** Placeholder names of a template, deduplicated, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER_RE)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
