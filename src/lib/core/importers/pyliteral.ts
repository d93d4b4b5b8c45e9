// A small, safe reader for Python literals (what `ast.literal_eval` accepts for plain data).
// SimpleQA stores its metadata as a Python dict repr; this reads it without ever evaluating code.

/** A value a Python data literal can hold; tuples and sets become arrays, dict keys strings. */
export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** A literal that cannot be read; `offset` is the 0-based character position of the problem. */
export class PyLiteralError extends Error {
  override readonly name = 'PyLiteralError';
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at character ${offset + 1}`);
    this.offset = offset;
  }
}

/** Nesting beyond this is refused: real metadata is two levels deep, and untrusted input must not overflow the stack. */
const MAX_DEPTH = 64;

const KEYWORDS = [
  ['True', true],
  ['False', false],
  ['None', null],
] as const;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Parses one Python literal: dicts, lists, tuples, sets, single/double/triple-quoted strings
 * (with r/u/b prefixes and Python escapes), ints, floats, True, False and None. Anything else,
 * including names and calls, is rejected with a PyLiteralError.
 */
export function parsePythonLiteral(source: string): PyValue {
  const reader = new Reader(source);
  reader.skipSpace();
  const value = reader.value(0);
  reader.skipSpace();
  if (!reader.done()) throw new PyLiteralError('Unexpected text after the literal', reader.pos);
  return value;
}

class Reader {
  readonly src: string;
  pos = 0;

  constructor(src: string) {
    this.src = src;
  }

  done(): boolean {
    return this.pos >= this.src.length;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.src.charCodeAt(this.pos);
      // Space, \t, \n, \v, \f, \r: the whitespace Python allows between tokens.
      if (c === 32 || (c >= 9 && c <= 13)) this.pos++;
      else return;
    }
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new PyLiteralError('Literal is nested too deeply', this.pos);
    const c = this.src[this.pos];
    if (c === undefined) throw new PyLiteralError('Unexpected end of literal', this.pos);
    if (c === '{') return this.braces(depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.parens(depth);
    if (this.atString()) return this.strings();
    if (/[-+.\d]/.test(c)) return this.number();
    for (const [word, result] of KEYWORDS) {
      if (
        this.src.startsWith(word, this.pos) &&
        !/\w/.test(this.src[this.pos + word.length] ?? '')
      ) {
        this.pos += word.length;
        return result;
      }
    }
    throw new PyLiteralError(`Unexpected character ${JSON.stringify(c)}`, this.pos);
  }

  /** Reads comma-separated values up to `close`, allowing a trailing comma. */
  items(close: string, depth: number, first?: PyValue): PyValue[] {
    const out: PyValue[] = first === undefined ? [] : [first];
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === close) {
        this.pos++;
        return out;
      }
      if (out.length > 0) {
        this.expect(',');
        this.skipSpace();
        if (this.src[this.pos] === close) {
          this.pos++;
          return out;
        }
      }
      out.push(this.value(depth + 1));
    }
  }

  sequence(close: string, depth: number): PyValue[] {
    this.pos++;
    return this.items(close, depth);
  }

  /** `(x)` is just x; `()`, `(x,)` and `(x, y)` are tuples. */
  parens(depth: number): PyValue {
    this.pos++;
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return [];
    }
    const first = this.value(depth + 1);
    this.skipSpace();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return first;
    }
    return this.items(')', depth, first);
  }

  /** A dict, or a set when the first element is not followed by a colon. */
  braces(depth: number): PyValue {
    this.pos++;
    this.skipSpace();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return {};
    }
    const firstKey = this.value(depth + 1);
    this.skipSpace();
    if (this.src[this.pos] !== ':') return this.items('}', depth, firstKey);
    const out: { [key: string]: PyValue } = {};
    let key: PyValue = firstKey;
    for (;;) {
      const keyAt = this.pos;
      this.expect(':');
      this.skipSpace();
      const value = this.value(depth + 1);
      if (key !== null && typeof key === 'object') {
        throw new PyLiteralError('A dict key must be a string, number, True, False or None', keyAt);
      }
      // Own-property assignment: a "__proto__" key from a file must stay plain data.
      Object.defineProperty(out, String(key), {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      if (this.src[this.pos] === '}') {
        this.pos++;
        return out;
      }
      this.expect(',');
      this.skipSpace();
      if (this.src[this.pos] === '}') {
        this.pos++;
        return out;
      }
      key = this.value(depth + 1);
      this.skipSpace();
    }
  }

  expect(char: string): void {
    if (this.src[this.pos] !== char) {
      const found = this.src[this.pos];
      throw new PyLiteralError(
        `Expected "${char}" but found ${found === undefined ? 'the end' : JSON.stringify(found)}`,
        this.pos,
      );
    }
    this.pos++;
  }

  atString(): boolean {
    for (let i = this.pos; i <= this.pos + 2; i++) {
      const c = this.src[i];
      if (c === "'" || c === '"') return true;
      if (c === undefined || !'rRuUbB'.includes(c)) return false;
    }
    return false;
  }

  /** Adjacent string literals concatenate, as in Python. */
  strings(): string {
    let text = this.string();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      if (!this.atString()) {
        this.pos = save;
        return text;
      }
      text += this.string();
    }
  }

  string(): string {
    let raw = false;
    while (/[rRuUbB]/.test(this.src[this.pos]!)) {
      if (/[rR]/.test(this.src[this.pos]!)) raw = true;
      this.pos++;
    }
    const start = this.pos;
    const q = this.src[this.pos]!;
    const triple = this.src.startsWith(q.repeat(3), this.pos);
    const quote = triple ? q.repeat(3) : q;
    this.pos += quote.length;
    let out = '';
    for (;;) {
      // Copy the run of ordinary characters in one slice; stop at a quote, backslash or line break.
      let end = this.pos;
      for (;;) {
        const c = this.src[end];
        if (c === undefined || c === q || c === '\\' || c === '\n' || c === '\r') break;
        end++;
      }
      out += this.src.slice(this.pos, end);
      this.pos = end;
      const c = this.src[this.pos];
      if (c === undefined) throw new PyLiteralError('Unterminated string', start);
      if (this.src.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      if (!triple && (c === '\n' || c === '\r')) {
        throw new PyLiteralError('Line break inside a single-quoted string', this.pos);
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const next = this.src[this.pos + 1];
      if (next === undefined) throw new PyLiteralError('Unterminated string', start);
      if (raw) {
        // Raw strings keep the backslash; it still stops the next quote from closing the string.
        out += c + next;
        this.pos += 2;
        continue;
      }
      out += this.escape(next);
    }
  }

  /** Reads the escape at `pos` (a backslash followed by `next`) and returns its text. */
  escape(next: string): string {
    const at = this.pos;
    this.pos += 2;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) return simple;
    if (next === '\n') return '';
    if (next === '\r') {
      if (this.src[this.pos] === '\n') this.pos++;
      return '';
    }
    if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(this.src[this.pos] ?? ''))
        digits += this.src[this.pos++];
      return String.fromCodePoint(parseInt(digits, 8));
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.src.slice(this.pos, this.pos + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
        throw new PyLiteralError(`Bad \\${next} escape`, at);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new PyLiteralError(`Bad \\${next} escape`, at);
      this.pos += hexLength;
      return String.fromCodePoint(cp);
    }
    if (next === 'N') throw new PyLiteralError('Named \\N{...} escapes are not supported', at);
    // Python keeps unknown escapes such as "\d" as written.
    return '\\' + next;
  }

  number(): number {
    const m =
      /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)/.exec(
        this.src.slice(this.pos, this.pos + 400),
      );
    if (m === null || !/\d/.test(m[0])) throw new PyLiteralError('Bad number', this.pos);
    this.pos += m[0].length;
    const text = m[0].replace(/_/g, '');
    const sign = text.startsWith('-') ? -1 : 1;
    const body = text.replace(/^[-+]/, '');
    const prefixed = /^0([xob])(.*)$/i.exec(body);
    const n = prefixed
      ? parseInt(prefixed[2]!, { x: 16, o: 8, b: 2 }[prefixed[1]!.toLowerCase() as 'x' | 'o' | 'b'])
      : Number(body);
    if (Number.isNaN(n)) throw new PyLiteralError('Bad number', this.pos - m[0].length);
    return sign * n;
  }
}
