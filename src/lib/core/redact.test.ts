// Tables for the one redaction module: secrets and key shapes out of messages, credential
// fields and known keys out of exported records.
import { describe, expect, it } from 'vitest';
import { hasKeyShape, isSecretFieldName, redactRecord, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    ['empty text', '', ['sk-secret'], ''],
    ['no secrets', 'plain words', [], 'plain words'],
    ['given secret', 'key=abcd1234 used', ['abcd1234'], 'key=[REDACTED] used'],
    ['every occurrence', 'x tok123 y tok123', ['tok123'], 'x [REDACTED] y [REDACTED]'],
    ['short secret ignored', 'a b c', ['b'], 'a b c'],
    ['undefined secret', 'text', [undefined], 'text'],
    ['longer secret first', 'zz-abcdef', ['abc', 'zz-abcdef'], '[REDACTED]'],
    [
      'OpenAI key shape',
      'Incorrect API key provided: sk-proj-Ab12Cd34Ef',
      [],
      'Incorrect API key provided: [REDACTED]',
    ],
    ['masked key', 'provided: sk-fake-****cdef.', [], 'provided: [REDACTED].'],
    ['Anthropic key shape', 'got sk-ant-api03-XYZxyz123', [], 'got [REDACTED]'],
    ['Gemini key shape', 'key AIzaSyA1234567890abcdef', [], 'key [REDACTED]'],
    ['bearer header', 'Authorization: Bearer abc.def', [], 'Authorization: Bearer [REDACTED]'],
    [
      'key in URL',
      'GET /v1/models?key=AIzaXYZ&alt=sse',
      [],
      'GET /v1/models?key=[REDACTED]&alt=sse',
    ],
    ['x-api-key header', '{"x-api-key": "hunter2hunter2"}', [], '{"x-api-key": "[REDACTED]"}'],
    ['unicode around key', 'ключ sk-abcdef123 🙂', [], 'ключ [REDACTED] 🙂'],
    ['word containing sk-', 'task-specific risk-free', [], 'task-specific risk-free'],
  ])('%s', (_label, text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});

describe('redactRecord', () => {
  it.each([
    ['plain record kept', { a: 'x', n: 3 }, [], { a: 'x', n: 3 }, [], 0],
    [
      'credential fields dropped',
      { apiKey: 'k', x: { api_key: 'k', Authorization: 'b' } },
      [],
      { x: {} },
      ['apiKey', 'x.api_key', 'x.Authorization'],
      0,
    ],
    [
      'known secret in a string',
      { text: 'the key is abcd1234' },
      ['abcd1234'],
      { text: 'the key is [REDACTED]' },
      [],
      1,
    ],
    [
      'secret under 8 characters kept',
      { t: 'a short story' },
      ['short'],
      { t: 'a short story' },
      [],
      0,
    ],
    [
      'secrets in arrays',
      { list: ['x sekret12', 'y'] },
      ['sekret12'],
      { list: ['x [REDACTED]', 'y'] },
      [],
      1,
    ],
    ['array paths', { items: [{ token: 't' }] }, [], { items: [{}] }, ['items[0].token'], 0],
    [
      'key shapes in data kept',
      { t: 'Bearer tokens sk-abcdef123' },
      [],
      { t: 'Bearer tokens sk-abcdef123' },
      [],
      0,
    ],
    [
      'token counts are not credentials',
      { usage: { promptTokens: 3, totalTokens: 4 } },
      [],
      { usage: { promptTokens: 3, totalTokens: 4 } },
      [],
      0,
    ],
  ])('%s', (_label, value, secrets, expected, fields, values) => {
    const [clean, redaction] = redactRecord(value, secrets);
    expect(clean).toEqual(expected);
    expect(redaction).toEqual({ fields, values });
  });

  it('keeps a __proto__ field as data', () => {
    const [clean] = redactRecord(JSON.parse('{"__proto__": {"x": 1}}') as object);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
  });
});

describe('isSecretFieldName and hasKeyShape', () => {
  it.each([
    ['apiKey', true],
    ['X-Api-Key', true],
    ['x_goog_api_key', true],
    ['promptTokens', false],
    ['model', false],
  ])('field %s: %s', (name, expected) => {
    expect(isSecretFieldName(name)).toBe(expected);
  });

  it.each([
    ['sk-abcdef123', true],
    ['AIzaSyA1234567890abcdef', true],
    ['task-specific risk-free', false],
    ['plain words', false],
  ])('text %s: %s', (text, expected) => {
    expect(hasKeyShape(text)).toBe(expected);
  });
});
