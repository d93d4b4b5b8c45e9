// LaTeX answer normalisation like the Hendrycks et al. and PRM800K/Minerva graders: units, text
// commands, fractions, variable prefixes and spacing.

import { extractBoxed, matchBrace } from './boxed';
import { MAX_ANSWER_LENGTH, ROW } from './limits';

function unwrapCommands(s: string, names: readonly string[]): string {
  let out = s;
  for (const name of names) {
    const token = `\\${name}{`;
    let from = 0;
    for (let at = out.indexOf(token, from); at >= 0; at = out.indexOf(token, from)) {
      const open = at + token.length - 1;
      const end = matchBrace(out, open);
      if (end < 0) break;
      out = out.slice(0, at) + out.slice(open + 1, end - 1) + out.slice(end);
      from = at;
    }
  }
  return out;
}

/** Text-like wrappers whose content is the answer itself. */
const TEXT_COMMANDS = [
  'text',
  'textbf',
  'textit',
  'textrm',
  'textnormal',
  'mbox',
  'mathrm',
  'mathbf',
  'mathit',
  'emph',
  'operatorname',
];

/**
 * Drops trailing units: a final `\text{...}`-like group (optionally squared or cubed) after a
 * non-empty answer, e.g. `10\text{ cm}`, `864 \mbox{ inches}^2`, `\frac{270}7\text{ degrees}`.
 */
function removeTrailingTextUnits(s: string): string {
  let out = s;
  for (let guard = 0; guard < 4; guard++) {
    const m = /\\(?:text|mbox|textrm|mathrm)\s*\{/g;
    let lastAt = -1;
    let lastOpen = -1;
    for (let x = m.exec(out); x !== null; x = m.exec(out)) {
      lastAt = x.index;
      lastOpen = x.index + x[0].length - 1;
    }
    if (lastAt <= 0) return out;
    const end = matchBrace(out, lastOpen);
    if (end < 0) return out;
    const tail = out.slice(end);
    if (!/^\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\.?\s*$/.test(tail)) return out;
    const head = out.slice(0, lastAt).trimEnd();
    // Units follow a quantity; keep text that is the answer itself (`x\text{-axis}`, `\text{A}`).
    if (!/(\d|\\pi)/.test(head) || /[=+\-*/^_,([{]$/.test(head)) return out;
    out = head;
  }
  return out;
}

/** Unit words stripped after a number when written without `\text`, e.g. `10 cm`, `5 dollars`. */
const UNIT_WORDS =
  'units?|square\\s+units|sq\\.?\\s*units|cm|mm|km|centimeters?|millimeters?|meters?|kilometers?|' +
  'inch(?:es)?|feet|foot|ft|yards?|miles?|mph|hours?|minutes?|seconds?|days?|weeks?|years?|' +
  'degrees?|cents?|dollars?|pounds?|ounces?|grams?|kilograms?|kg|liters?|gallons?';
const UNIT_RE = new RegExp(
  `(\\d|\\})\\s+(?:square\\s+|cubic\\s+)?(?:${UNIT_WORDS})(?:\\s*\\^\\s*\\{?[23]\\}?)?\\s*\\.?$`,
);

/** Rewrites `\frac12`, `\frac1b`, `\frac{1}2` and `\binom52` into fully braced form. */
function fixTwoArgCommands(s: string): string {
  let out = '';
  let i = 0;
  const re = /\\(?:frac|binom)(?![a-zA-Z])/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m.index < i) continue;
    out += s.slice(i, m.index) + m[0];
    let j = m.index + m[0].length;
    for (let arg = 0; arg < 2; arg++) {
      if (j >= s.length) break;
      if (s[j] === '{') {
        const end = matchBrace(s, j);
        if (end < 0) break;
        out += s.slice(j, end);
        j = end;
      } else if (s[j] === '\\') {
        const cmd = /^\\[a-zA-Z]+/.exec(s.slice(j));
        const tok = cmd ? cmd[0] : s.slice(j, j + 2);
        out += `{${tok}}`;
        j += tok.length;
      } else {
        out += `{${s[j] ?? ''}}`;
        j += 1;
      }
    }
    i = j;
    re.lastIndex = j;
  }
  return out + s.slice(i);
}

/** Strips one pair of braces that wraps the whole string, e.g. a doubly braced `{5}`. */
function stripOuterBraces(s: string): string {
  let out = s;
  while (out.startsWith('{') && matchBrace(out, 0) === out.length) out = out.slice(1, -1);
  return out;
}

const TRAILING_ROW_RE = new RegExp(`${ROW}+(?=\\\\end\\{)`, 'g');
const ROW_RE = new RegExp(ROW, 'g');

/** Greek-letter commands accepted as the variable of an `x = ...` prefix. */
const GREEK = 'alpha|beta|gamma|delta|epsilon|theta|lambda|mu|phi|psi|omega|rho|sigma|tau';
const VAR_PREFIX_RE = new RegExp(
  `^(?:[a-zA-Z]|\\\\(?:${GREEK}))(?:_\\{?\\w+\\}?)?\\s*(?:=|\\\\in(?![a-zA-Z]))`,
);

/**
 * Normalises a final answer the way the MATH graders do (Hendrycks et al. `strip_string`, the
 * PRM800K and lm-eval "minerva" rules): drops spaces, `\left`/`\right`, thin spaces, `\displaystyle`,
 * dollar and percent signs, degree marks, trailing units and periods, a one-variable `x =` or
 * `x \in` prefix; rewrites `\dfrac`/`\tfrac`, `\frac12`, `\sqrt2`, `a/b`, `.5`, `2.50`, `1,000`,
 * `\text{(C)}`, `\text{Word}`. The result is meant for equality tests, not for display. Inputs
 * over 2,000 characters are not final answers and are only stripped of whitespace.
 */
export function normalizeAnswer(ans: string): string {
  if (typeof ans !== 'string') return '';
  // Fast path: most answers are bare integers, which every rule below leaves unchanged.
  if (/^-?\d{1,15}$/.test(ans)) return ans;
  if (ans.length > MAX_ANSWER_LENGTH) return ans.replace(/\s+/g, '');
  const cached = normalizeCache.get(ans);
  if (cached !== undefined) return cached;
  const result = normalizeUncached(ans);
  // Grading compares many responses with few references; a small bounded memo pays off.
  if (normalizeCache.size >= NORMALIZE_CACHE_SIZE) normalizeCache.clear();
  normalizeCache.set(ans, result);
  return result;
}

const NORMALIZE_CACHE_SIZE = 2048;
const normalizeCache = new Map<string, string>();

/** The normalisation pipeline behind normalizeAnswer's fast paths and memo. */
function normalizeUncached(ans: string): string {
  let s = ans
    .replace(/[\u2212\u2013\u2014]/g, '-')
    .replace(/[\u00a0\u2009\u202f\u200b]/g, ' ')
    .replace(/\u03c0/g, '\\pi ')
    .replace(/\u221e/g, '\\infty ')
    .replace(/\u221a/g, '\\sqrt')
    .replace(/\u00d7/g, '\\times ')
    .replace(/[\u00b7\u22c5]/g, '\\cdot ')
    .replace(/\u00b1/g, '\\pm ')
    .replace(/\u00b0/g, '')
    .replace(/\\\\/g, ROW)
    .replace(/\n/g, ' ')
    .trim();

  // Math delimiters around the whole answer.
  s = s
    .replace(/^\$+|\$+$/g, '')
    .replace(/^\\\(|\\\)$/g, '')
    .replace(/^\\\[|\\\]$/g, '');
  if (/^\\(?:boxed|fbox)(?![a-zA-Z])/.test(s)) s = extractBoxed(s) ?? '';

  s = s
    .replace(/\\(?:displaystyle|textstyle)(?![a-zA-Z])/g, '')
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])/g, '')
    .replace(/\\(?:quad|qquad)(?![a-zA-Z])/g, ' ')
    .replace(/\\[!,;: ]/g, '')
    .replace(/~/g, ' ')
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    .replace(/\{(b|B)matrix\}/g, '{pmatrix}')
    .replace(/\\lbrace(?![a-zA-Z])/g, '\\{')
    .replace(/\\rbrace(?![a-zA-Z])/g, '\\}')
    .replace(/\\leq?(?![a-zA-Z])/g, '\\le ')
    .replace(/\\geq?(?![a-zA-Z])/g, '\\ge ')
    // Degrees: ^\circ, ^{\circ}, \degree; a bare \circ (composition) is kept.
    .replace(/\^\s*\{\s*\\circ\s*\}/g, '')
    .replace(/\^\s*\\circ(?![a-zA-Z])/g, '')
    .replace(/\\degrees?(?![a-zA-Z])/g, '')
    .replace(/\\\$/g, '')
    .replace(/\$/g, '')
    .replace(/\\%/g, '')
    .replace(/%/g, '')
    .trim();

  s = removeTrailingTextUnits(s);
  s = s.replace(UNIT_RE, '$1');
  s = unwrapCommands(s, TEXT_COMMANDS);
  s = s.replace(/\s*[.;]\s*$/, '').trim();

  // A one-variable prefix `x = 5`, `k=3`, `\theta = 30`, `x \in [a,b]`; equations keep theirs.
  const prefix = VAR_PREFIX_RE.exec(s);
  if (prefix && !s.slice(prefix[0].length).includes('=')) s = s.slice(prefix[0].length);

  // LaTeX takes one token as an unbraced argument: \sqrt2, \sqrt 2 and \sqrt\pi.
  s = s.replace(/\\sqrt(?![a-zA-Z])\s*(?![{[\s])(\\[a-zA-Z]+|\S)/g, '\\sqrt{$1}');
  s = s.replace(/\s+/g, '');
  s = s.replace(/\{,\}/g, ',');
  s = fixTwoArgCommands(s);
  s = s.replace(/([\^_])\{([^{}\\])\}/g, '$1$2');
  s = stripOuterBraces(s);

  // Multiple-choice letters: \text{(C)}, (C), C.
  const choice = /^\(([A-E])\)$/.exec(s);
  if (choice) s = choice[1] ?? s;

  // Numbers: thousands separators, leading and trailing zeros, simple slashes.
  if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(/(^|[^\d}])\.(\d)/g, (_m, before: string, digit: string) => `${before}0.${digit}`);
  s = s.replace(/(\d+\.\d*?)0+(?!\d)/g, '$1').replace(/(\d)\.(?!\d)/g, '$1');
  s = s.replace(/^\+/, '');
  s = s.replace(/(^|[,([])\+\\infty/g, '$1\\infty');
  const slash = /^(-?)(\d+)\/(\d+)$/.exec(s);
  if (slash) s = `${slash[1] ?? ''}\\frac{${slash[2] ?? ''}}{${slash[3] ?? ''}}`;

  // Word answers (names, days, shapes) compare case-insensitively.
  if (/^[A-Za-z]{3,}$/.test(s)) s = s.toLowerCase();

  s = s.replace(TRAILING_ROW_RE, '').replace(ROW_RE, '\\\\');
  return s.replace(/\.$/, '');
}
