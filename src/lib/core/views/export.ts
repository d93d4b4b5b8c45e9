// Pure string helpers for chart export: a standalone SVG document (namespaces, title, description,
// embedded styles, background), a data URL, safe file names and CSV for the table alternative.

/** Options of {@link serializeSvg}. */
export interface SvgExportOptions {
  /** Accessible title, written as the first child `<title>`; required for an accessible file. */
  title: string;
  /** Longer description (`<desc>`), e.g. the chart's text alternative. */
  description?: string;
  /**
   * CSS copied into a `<style>` element, so the file renders the same outside the app (class-based
   * styles of the page do not travel with a serialised SVG). Collect it where the DOM is.
   */
  css?: string;
  /** Background colour painted under the chart; default none (transparent). */
  background?: string;
  /** Explicit size, written as width/height attributes (some viewers ignore viewBox alone). */
  width?: number;
  height?: number;
  /** Prepend `<?xml ...?>`; default true. */
  xmlDeclaration?: boolean;
  /** Prefix of the title/desc ids, so several exported charts can be inlined in one page. */
  idPrefix?: string;
}

/**
 * Escapes text for XML content and attribute values.
 * @param text Any text.
 * @returns The text with & < > " ' escaped and characters XML 1.0 forbids removed.
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing the control characters XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * Formats a style declaration map as an inline `style` attribute value.
 * @param declarations e.g. `{ fill: '#000', 'stroke-width': 2 }`; null/undefined entries skipped.
 * @returns e.g. `fill:#000;stroke-width:2`.
 */
export function inlineStyle(
  declarations: Readonly<Record<string, string | number | null | undefined>>,
): string {
  return Object.entries(declarations)
    .filter(
      (entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined,
    )
    .map(([k, v]) => `${k}:${String(v)}`)
    .join(';');
}

const ROOT_RE = /<svg\b([^>]*?)(\/?)>/i;

function setAttribute(attrs: string, name: string, value: string, overwrite: boolean): string {
  const re = new RegExp(`\\s${name.replace(/[:]/g, '\\:')}\\s*=\\s*("[^"]*"|'[^']*')`, 'i');
  if (re.test(attrs)) {
    return overwrite ? attrs.replace(re, ` ${name}="${escapeXml(value)}"`) : attrs;
  }
  return `${attrs} ${name}="${escapeXml(value)}"`;
}

/**
 * Turns the markup of a rendered `<svg>` element into a standalone, accessible SVG file: adds the
 * SVG (and xlink) namespaces, `role="img"`, a `<title>` and `<desc>` referenced by
 * `aria-labelledby`, the given CSS in a `<style>` element, an optional background and size.
 * Existing leading `<title>`/`<desc>` children are replaced so the file has exactly one of each.
 * @param markup Markup starting with (or containing) the root `<svg ...>` element.
 * @param options Title, description, CSS, background, size.
 * @returns The SVG document text.
 * @throws Error when the markup contains no `<svg>` element.
 */
export function serializeSvg(markup: string, options: SvgExportOptions): string {
  const match = ROOT_RE.exec(markup);
  if (match === null) throw new Error('serializeSvg: no <svg> element in the markup');
  const prefix = options.idPrefix ?? 'chart';
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  let attrs = match[1] ?? '';
  attrs = setAttribute(attrs, 'xmlns', 'http://www.w3.org/2000/svg', true);
  if (/\bxlink:/.test(markup)) {
    attrs = setAttribute(attrs, 'xmlns:xlink', 'http://www.w3.org/1999/xlink', false);
  }
  attrs = setAttribute(attrs, 'role', 'img', true);
  const labelledBy = options.description === undefined ? titleId : `${titleId} ${descId}`;
  attrs = setAttribute(attrs, 'aria-labelledby', labelledBy, true);
  if (options.width !== undefined) attrs = setAttribute(attrs, 'width', `${options.width}`, true);
  if (options.height !== undefined)
    attrs = setAttribute(attrs, 'height', `${options.height}`, true);

  const start = match.index;
  const openEnd = start + match[0].length;
  const selfClosing = match[2] === '/';
  let body: string;
  let close: string;
  if (selfClosing) {
    body = '';
    close = '</svg>';
  } else {
    const closeAt = markup.lastIndexOf('</svg>');
    body = closeAt >= openEnd ? markup.slice(openEnd, closeAt) : markup.slice(openEnd);
    close = '</svg>';
  }
  // Drop leading title/desc (possibly separated by whitespace) that ours replace.
  body = body.replace(/^(\s*<(title|desc)\b[^>]*>[\s\S]*?<\/\2>)+/i, '');

  const head: string[] = [`<title id="${titleId}">${escapeXml(options.title)}</title>`];
  if (options.description !== undefined) {
    head.push(`<desc id="${descId}">${escapeXml(options.description)}</desc>`);
  }
  if (options.css !== undefined && options.css.trim() !== '') {
    // CDATA keeps selectors such as `a > b` literal; a "]]>" inside the CSS must be split.
    head.push(`<style><![CDATA[\n${options.css.replace(/]]>/g, ']]]]><![CDATA[>')}\n]]></style>`);
  }
  if (options.background !== undefined) {
    head.push(`<rect width="100%" height="100%" fill="${escapeXml(options.background)}"/>`);
  }
  const declaration =
    options.xmlDeclaration === false ? '' : '<?xml version="1.0" encoding="UTF-8"?>\n';
  return `${declaration}<svg${attrs}>${head.join('')}${body}${close}`;
}

/**
 * Encodes an SVG document as a data URL (usable as an image source for PNG rasterisation).
 * @param svg SVG document text.
 * @returns `data:image/svg+xml;charset=utf-8,...` with the text percent-encoded.
 */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Builds a download file name safe on every common file system.
 * @param base Human title, e.g. "Quadrant map: GPT-4o".
 * @param extension Without the dot, e.g. "svg".
 * @returns e.g. `quadrant-map-gpt-4o.svg`; `chart.<ext>` when nothing usable remains.
 */
export function exportFileName(base: string, extension: string): string {
  const stem = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  const ext = extension.replace(/^\.+/, '').toLowerCase();
  return `${stem === '' ? 'chart' : stem}.${ext}`;
}

/** One CSV cell value. */
export type CsvValue = string | number | boolean | null | undefined;

function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  // A leading = + - @ makes spreadsheets evaluate the cell; a quote prefix neutralises it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Serialises a chart's table alternative as RFC 4180 CSV (CRLF line ends).
 * @param columns Header labels.
 * @param rows Rows of cell values, each as long as `columns`.
 * @returns The CSV text; null, undefined and non-finite numbers become empty cells.
 */
export function tableToCsv(
  columns: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): string {
  return [columns, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n');
}
