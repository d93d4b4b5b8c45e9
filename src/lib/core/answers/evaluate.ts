// Evaluates a normalised real-number expression (decimals, fractions, radicals, pi, arithmetic)
// with a small tokenizer and recursive-descent parser; anything else gives null.

/**
 * Value of a normalised answer that is a real-number expression built from decimals, `\frac`,
 * `\sqrt` (with optional index), `\pi`, + - * / `\cdot` `\times` `\div`, `^` and brackets; a
 * proper mixed number like `1\frac{4}{5}` means 1 + 4/5. Anything else (variables, `i`, bases,
 * commas) gives null, as do non-finite results.
 */
export function evaluateNumber(s: string): number | null {
  const mixed = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/.exec(s);
  if (mixed) {
    const whole = Number(mixed[2]);
    const num = Number(mixed[3]);
    const den = Number(mixed[4]);
    if (num < den && den > 0) return (mixed[1] === '-' ? -1 : 1) * (whole + num / den);
  }
  const tokens = tokenize(s);
  if (tokens === null) return null;
  const parser = new ExprParser(tokens);
  const value = parser.parseExpression();
  if (value === null || !parser.done() || !Number.isFinite(value)) return null;
  return value;
}

/** Splits a normalised answer into arithmetic tokens, or null on any unsupported symbol. */
function tokenize(s: string): string[] | null {
  const tokens: string[] = [];
  const re = /\d+(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+|\\[a-zA-Z]+|[-+*/^(){}[\]]/y;
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    const tok = m[0];
    if (
      tok.startsWith('\\') &&
      !['\\frac', '\\sqrt', '\\pi', '\\cdot', '\\times', '\\div'].includes(tok)
    ) {
      return null;
    }
    tokens.push(tok);
    i += tok.length;
  }
  return tokens;
}

/** Recursive-descent evaluator over tokens from `tokenize`; returns null on malformed input. */
class ExprParser {
  private pos = 0;
  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.pos === this.tokens.length;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  parseExpression(): number | null {
    let left = this.parseTerm();
    while (left !== null && (this.peek() === '+' || this.peek() === '-')) {
      const op = this.tokens[this.pos++];
      const right = this.parseTerm();
      if (right === null) return null;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  }

  private parseTerm(): number | null {
    let left = this.parseUnary();
    for (;;) {
      if (left === null) return null;
      const t = this.peek();
      if (t === '*' || t === '/' || t === '\\cdot' || t === '\\times' || t === '\\div') {
        this.pos++;
        const right = this.parseUnary();
        if (right === null) return null;
        left = t === '/' || t === '\\div' ? left / right : left * right;
      } else if (t !== undefined && this.startsAtom(t)) {
        // Implicit product, e.g. 2\sqrt{3}, 3\pi, (1+x)(2).
        const right = this.parsePower();
        if (right === null) return null;
        left *= right;
      } else {
        return left;
      }
    }
  }

  private startsAtom(t: string): boolean {
    return (
      t === '\\frac' || t === '\\sqrt' || t === '\\pi' || t === '(' || t === '{' || /^[\d.]/.test(t)
    );
  }

  private parseUnary(): number | null {
    const t = this.peek();
    if (t === '-' || t === '+') {
      this.pos++;
      const v = this.parseUnary();
      return v === null ? null : t === '-' ? -v : v;
    }
    return this.parsePower();
  }

  private parsePower(): number | null {
    const base = this.parseAtom();
    if (base === null || this.peek() !== '^') return base;
    this.pos++;
    let exp: number | null;
    const t = this.peek();
    if (t === '{') exp = this.parseGroup('{', '}');
    else if (t !== undefined && /^\d/.test(t)) {
      // LaTeX binds only the first digit of an unbraced exponent.
      this.pos++;
      exp = Number(t[0]);
      if (t.length > 1) this.tokens.splice(this.pos, 0, t.slice(1));
    } else exp = this.parseAtom();
    if (exp === null) return null;
    return Math.pow(base, exp);
  }

  private parseGroup(open: string, close: string): number | null {
    if (this.peek() !== open) return null;
    this.pos++;
    const v = this.parseExpression();
    if (v === null || this.peek() !== close) return null;
    this.pos++;
    return v;
  }

  private parseAtom(): number | null {
    const t = this.peek();
    if (t === undefined) return null;
    if (t === '(') return this.parseGroup('(', ')');
    if (t === '{') return this.parseGroup('{', '}');
    if (t === '\\pi') {
      this.pos++;
      return Math.PI;
    }
    if (t === '\\frac') {
      this.pos++;
      const num = this.parseGroup('{', '}');
      const den = num === null ? null : this.parseGroup('{', '}');
      return num === null || den === null ? null : num / den;
    }
    if (t === '\\sqrt') {
      this.pos++;
      let index = 2;
      if (this.peek() === '[') {
        const n = this.parseGroup('[', ']');
        if (n === null) return null;
        index = n;
      }
      const radicand = this.parseGroup('{', '}');
      if (radicand === null || radicand < 0) return null;
      return index === 2 ? Math.sqrt(radicand) : Math.pow(radicand, 1 / index);
    }
    if (/^[\d.]/.test(t)) {
      this.pos++;
      return Number(t);
    }
    return null;
  }
}
