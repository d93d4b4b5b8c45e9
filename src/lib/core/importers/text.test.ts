// Table tests for decoding uploads: UTF-8 length without encoding, strict UTF-8 with the line of
// the first bad byte, BOM removal, size limits and offset-to-line mapping.
import { describe, it, expect } from 'vitest';
import {
  decodeUtf8,
  firstInvalidUtf8,
  formatBytes,
  LineCounter,
  stripBom,
  toText,
  utf8Length,
} from './text';
import { ImportError } from './errors';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('utf8Length', () => {
  it.each(['', 'abc', 'é', '日本', '🌧️', 'a\u0000b', 'mixed é 日 🌧 text'])(
    '%j matches TextEncoder',
    (s) => {
      expect(utf8Length(s)).toBe(enc(s).length);
    },
  );

  it('counts a lone surrogate as the 3-byte replacement character', () => {
    expect(utf8Length('\ud800')).toBe(enc('\ud800').length);
  });
});

describe('firstInvalidUtf8', () => {
  it.each<[string, number[], number]>([
    ['valid ASCII', [0x61, 0x62], -1],
    ['valid multi-byte', [...enc('é日🌧')], -1],
    ['empty', [], -1],
    ['Latin-1 é', [0x61, 0xe9, 0x62], 1],
    ['stray continuation byte', [0x80], 0],
    ['truncated sequence', [0x61, 0xe6, 0x97], 1],
    ['overlong encoding', [0xc0, 0xaf], 0],
    ['overlong 3-byte', [0xe0, 0x80, 0xaf], 0],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['invalid lead byte', [0x61, 0xff], 1],
  ])('%s', (_, bytes, expected) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(expected);
  });
});

describe('decodeUtf8 and toText', () => {
  it.each<[string, string | Uint8Array, string]>([
    ['strips a BOM from text', '\uFEFFhello', 'hello'],
    ['strips a BOM from bytes', new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]), 'hi'],
    ['keeps a BOM that is not first', 'a\uFEFFb', 'a\uFEFFb'],
    ['decodes unicode bytes', enc('日本 🌧'), '日本 🌧'],
    ['keeps CRLF', 'a\r\nb', 'a\r\nb'],
  ])('%s', (_, input, expected) => {
    expect(toText('f.csv', input, 1000)).toBe(expected);
  });

  it.each<[number[], number]>([
    [[0x61, 0x0a, 0x62, 0x0a, 0xe9], 3],
    [[0xe9], 1],
    [[0x0d, 0x0a, 0x0d, 0x0a, 0xff], 3],
  ])('reports the line of the first bad byte in %j', (bytes, line) => {
    try {
      decodeUtf8('f.csv', new Uint8Array(bytes));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).line).toBe(line);
      expect((error as ImportError).code).toBe('encoding');
    }
  });

  it.each<[string | Uint8Array, number, boolean]>([
    ['abc', 3, true],
    ['abcd', 3, false],
    ['éé', 4, true],
    ['éé', 3, false],
    [new Uint8Array(10), 10, true],
    [new Uint8Array(11), 10, false],
  ])('size limit: %j within %i bytes is %s', (input, max, ok) => {
    if (ok) expect(() => toText('f.txt', input, max)).not.toThrow();
    else expect(() => toText('f.txt', input, max)).toThrow(/import limit/);
  });

  it('stripBom leaves text without a BOM alone', () => {
    expect(stripBom('')).toBe('');
    expect(stripBom('x')).toBe('x');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [50 * 1024 * 1024, '50 MB'],
    [51.25 * 1024 * 1024, '51.3 MB'],
  ])('%i -> %s', (n, expected) => {
    expect(formatBytes(n)).toBe(expected);
  });
});

describe('LineCounter', () => {
  it.each<[string, number[], number[]]>([
    ['a\nb\nc', [0, 2, 4], [1, 2, 3]],
    ['a\r\nb\r\nc', [0, 3, 6], [1, 2, 3]],
    ['a\rb\rc', [0, 2, 4], [1, 2, 3]],
    ['"x\ny"\nz', [0, 6], [1, 3]],
    ['', [0, 5], [1, 1]],
    ['a\n\n\nb', [4, 4], [4, 4]],
  ])('%j: offsets %j are on lines %j', (text, offsets, lines) => {
    const counter = new LineCounter(text);
    expect(offsets.map((o) => counter.lineAt(o))).toEqual(lines);
  });
});
