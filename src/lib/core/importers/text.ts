// Turns an uploaded file (bytes or text) into clean text: size limit, strict UTF-8, BOM removed.
// Also maps character offsets to physical line numbers so errors point at the line the user sees.
import { ImportError } from './errors';

/** Default largest accepted file: 50 MB, which is far above every benchmark the app knows. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** "50 MB" / "512 KB" / "300 bytes" for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Length of the UTF-8 encoding of `text`, counted without encoding it so that measuring a large
 * string does not allocate a second copy. Lone surrogates count as the 3-byte U+FFFD they become.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Throws when a file is over the limit; `size` is its byte length. */
export function checkSize(fileName: string, size: number, maxBytes: number): void {
  if (size > maxBytes) {
    throw new ImportError(
      fileName,
      'too-large',
      `The file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} import limit. ` +
        'Split it into smaller files or import a sample of its rows.',
    );
  }
}

/**
 * Byte offset of the first byte that breaks UTF-8 (bad lead byte, bad continuation, overlong
 * form, surrogate or value past U+10FFFF), or -1 when the bytes are valid UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [need, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes bytes as strict UTF-8 (a wrong encoding is reported with its line rather than silently
 * turned into replacement characters) and removes a leading byte-order mark.
 */
export function decodeUtf8(fileName: string, bytes: Uint8Array): string {
  try {
    return stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new ImportError(
      fileName,
      'encoding',
      `The file is not valid UTF-8 text (byte 0x${hex} at byte ${at}). ` +
        'Save it as UTF-8 (in Excel: "CSV UTF-8"; in other editors: Save as / Encoding: UTF-8) and import it again.',
      { line },
    );
  }
}

/** Text without a leading U+FEFF byte-order mark (Excel writes one into "CSV UTF-8" files). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Size-checks and decodes an uploaded file. Strings are checked by their UTF-8 length, bytes by
 * their count; both lose a leading BOM.
 */
export function toText(fileName: string, input: string | Uint8Array, maxBytes: number): string {
  if (typeof input === 'string') {
    // Each UTF-16 unit encodes to at most 3 bytes, so short texts need no counting.
    if (input.length * 3 > maxBytes) checkSize(fileName, utf8Length(input), maxBytes);
    return stripBom(input);
  }
  checkSize(fileName, input.byteLength, maxBytes);
  return decodeUtf8(fileName, input);
}

/**
 * Maps increasing character offsets to 1-based physical line numbers in O(total length): parsers
 * report rows in order, so each query only scans the text since the previous one. `\r\n`, `\n`
 * and a lone `\r` each end one line.
 */
export class LineCounter {
  readonly #text: string;
  #offset = 0;
  #line = 1;

  constructor(text: string) {
    this.#text = text;
  }

  /** Line number of the character at `offset`; offsets must not decrease between calls. */
  lineAt(offset: number): number {
    const text = this.#text;
    for (let i = this.#offset; i < offset && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.#line++;
      else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) this.#line++;
    }
    this.#offset = Math.max(this.#offset, offset);
    return this.#line;
  }
}
