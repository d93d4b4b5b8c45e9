// Secret redaction, the one place for it: known keys and provider key shapes out of messages,
// credential-named fields and known keys out of exported records (bundles, packs, CSV).
// Pure TypeScript; engines, bundle export and workshop packs all call these functions.

/** Placeholder that replaces every secret in user-visible text. */
export const REDACTED = '[REDACTED]';

/**
 * Shortest secret that is replaced, per kind of text. Shorter ones would mangle ordinary words.
 * Messages are short and written by us, so 4-character keys are replaced there; records (runs,
 * bundles, packs) hold model output, where a 5-letter key such as `short` would match prose.
 */
export const MIN_SECRET_LENGTH = { message: 4, record: 8 } as const;

// Key shapes of the providers we talk to, scrubbed even when we were not told the key:
// OpenAI echoes a masked key in its 401 text, and users paste keys into base URLs.
const KEY_PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_*-]{6,}/g,
  /\bAIza[0-9A-Za-z_-]{10,}/g,
  /\b(?:gsk|xai|pplx|nvapi|hf)_[A-Za-z0-9_-]{10,}/g,
  /(Bearer\s+)[^\s"',;]+/gi,
  /([?&](?:key|api_key|apikey|token)=)[^&\s"']+/gi,
  /((?:x-api-key|x-goog-api-key|api-key)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
];

/**
 * Field names that could hold a credential. Compared case-insensitively after removing
 * separators, so `api_key`, `apiKey` and `X-Api-Key` all match; token counts (`promptTokens`)
 * do not, because only whole names are compared.
 */
const SECRET_FIELD_NAMES = new Set([
  'apikey',
  'xapikey',
  'xgoogapikey',
  'key',
  'secret',
  'secretkey',
  'clientsecret',
  'password',
  'passwd',
  'authorization',
  'auth',
  'bearer',
  'token',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'credentials',
]);

/** Whether a field name looks like it holds a credential. */
export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase().replace(/[^a-z]/g, ''));
}

/** The secrets long enough to replace, longest first (so a longer key is not cut by a part). */
function usableSecrets(
  secrets: readonly (string | undefined | null)[],
  min: number = MIN_SECRET_LENGTH.message,
): string[] {
  return secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= min)
    .sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each known secret in `text`.
 * @returns the text and how many secrets were found in it
 */
function replaceKnown(text: string, secrets: readonly string[]): [string, number] {
  let out = text;
  let found = 0;
  for (const secret of secrets) {
    if (out.includes(secret)) {
      out = out.split(secret).join(REDACTED);
      found += 1;
    }
  }
  return [out, found];
}

/**
 * Replaces every given secret in `text`, leaving key shapes alone (for texts built from parts that
 * were redacted already). Secrets shorter than `MIN_SECRET_LENGTH.message` are ignored.
 * @param text the message
 * @param secrets the keys that must not appear
 */
export function removeKnownSecrets(
  text: string,
  secrets: readonly (string | undefined | null)[],
): string {
  return replaceKnown(text, usableSecrets(secrets))[0];
}

/** Whether `text` holds something shaped like a provider API key (`sk-…`, `AIza…`, `Bearer …`). */
export function hasKeyShape(text: string): boolean {
  return KEY_PATTERNS.some((pattern) => {
    pattern.lastIndex = 0;
    return pattern.test(text);
  });
}

/**
 * Removes every given secret, and anything shaped like a provider API key, from `text`
 * (messages, error details). Secrets shorter than `MIN_SECRET_LENGTH.message` are ignored.
 * @param text the message
 * @param secrets the keys that must not appear
 */
export function redactSecrets(
  text: string,
  secrets: readonly (string | undefined | null)[] = [],
): string {
  let [out] = replaceKnown(text, usableSecrets(secrets));
  for (const pattern of KEY_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** What {@link redactRecord} removed. */
export interface Redaction {
  /** Paths of fields dropped because their names look like credentials. */
  fields: string[];
  /** Strings in which a known secret was replaced by [REDACTED]. */
  values: number;
}

/**
 * A deep copy of a record without credential-like fields and with every occurrence of a known
 * secret (the key vault's keys, from `MIN_SECRET_LENGTH.record` characters) replaced. Key shapes in record texts are left alone: a response
 * that talks about "Bearer tokens" is data, and only known keys are removed from it.
 * @param value the record (a run, a bundle, a pack)
 * @param secrets the keys that must not appear
 */
export function redactRecord<T>(
  value: T,
  secrets: readonly (string | undefined | null)[] = [],
): [T, Redaction] {
  const known = usableSecrets(secrets, MIN_SECRET_LENGTH.record);
  const redaction: Redaction = { fields: [], values: 0 };
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      const [out, found] = replaceKnown(node, known);
      redaction.values += found;
      return out;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (isSecretFieldName(key)) {
          redaction.fields.push(childPath);
          continue;
        }
        // defineProperty, so a field named `__proto__` stays data instead of a prototype.
        Object.defineProperty(out, key, {
          value: walk(child, childPath),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return node;
  };
  return [walk(value, '') as T, redaction];
}
