// Finds a model's final answer: the content of the last balanced `\boxed{...}` (or `\fbox`).

/** Index just past the `}` matching the `{` at `open`, or -1; `\{`, `\}` are escaped braces. */
export function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Returns the content of the LAST `\boxed{...}` or `\fbox{...}` in `text` (nested braces and
 * escaped `\{ \}` handled; `\boxed {x}` with a space is accepted), or of the Minerva shorthand
 * `\boxed 5`, whose answer runs to the next `$` or line end. Returns null when there is no box,
 * when the last box is unterminated (a truncated generation: an earlier box would be a guess),
 * or when its content is blank.
 */
export function extractBoxed(text: string): string | null {
  if (typeof text !== 'string') return null;
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])/g;
  let last = -1;
  let lastEnd = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    last = m.index;
    lastEnd = m.index + m[0].length;
  }
  if (last < 0) return null;
  let i = lastEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let content: string;
  if (text[i] === '{') {
    const end = matchBrace(text, i);
    if (end < 0) return null;
    content = text.slice(i + 1, end - 1);
  } else {
    // Shorthand needs a separator (`\boxed 5`) or a non-letter (`\boxed5`); `\boxed$` is empty.
    const rest = text.slice(i);
    const stop = rest.search(/[$\n]/);
    content = stop < 0 ? rest : rest.slice(0, stop);
  }
  return content.trim() === '' ? null : content.trim();
}

/** Replaces every `\name{X}` by `X` (balanced braces), for each command in `names`. */
