// Markup of dense mark layers (thousands of dots): one SVG string per chart, injected at once, so
// the browser parses it in one go instead of the framework creating each element.
import { escapeXml } from '../../core/views';

/**
 * One dot: centre, radius and `data-*` attributes (`i` is its index among the chart's marks).
 * With `d` it is that path (a glyph centred on 0, 0) moved to the centre instead of a circle.
 */
export interface DenseDot {
  cx: number;
  cy: number;
  r: number;
  d?: string;
  /** Fill opacity of this dot only (e.g. faint for unmeasured values). */
  opacity?: number;
  data: Readonly<Record<string, string | number>>;
}

/** Dots sharing a fill colour and opacity (one `<g>`, so fills are not repeated per dot). */
export interface DenseLayer {
  fill: string;
  opacity?: number;
  stroke?: string;
  strokeWidth?: number;
  dots: readonly DenseDot[];
}

function attr(name: string, value: string | number): string {
  return ` ${name}="${typeof value === 'number' ? String(value) : escapeXml(value)}"`;
}

/** Coordinates to 0.1 px: finer detail is invisible and only lengthens the markup. */
function px(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/**
 * SVG markup of dot layers: `<g fill=...>` per layer with one `<circle>` per dot.
 * @param layers Layers in drawing order.
 * @returns Markup for `{@html}` inside an SVG `<g>`; every value is escaped.
 */
export function denseMarkup(layers: readonly DenseLayer[]): string {
  const out: string[] = [];
  for (const layer of layers) {
    if (layer.dots.length === 0) continue;
    let g = `<g${attr('fill', layer.fill)}`;
    if (layer.opacity !== undefined) g += attr('fill-opacity', layer.opacity);
    if (layer.stroke !== undefined) g += attr('stroke', layer.stroke);
    if (layer.strokeWidth !== undefined) g += attr('stroke-width', layer.strokeWidth);
    out.push(`${g}>`);
    for (const d of layer.dots) {
      let c =
        d.d === undefined
          ? `<circle cx="${px(d.cx)}" cy="${px(d.cy)}" r="${d.r}"`
          : `<path${attr('d', d.d)} transform="translate(${px(d.cx)},${px(d.cy)})"`;
      if (d.opacity !== undefined) c += attr('fill-opacity', d.opacity);
      for (const [k, v] of Object.entries(d.data)) c += attr(`data-${k}`, v);
      out.push(`${c}/>`);
    }
    out.push('</g>');
  }
  return out.join('');
}

const cache = new WeakMap<object, Map<string, string>>();

/**
 * Markup built once per chart data object and variant: the chart data of a run lives as long as
 * the run is open, so switching back to a view reuses its markup instead of rebuilding it.
 * @param owner The chart data the markup is drawn from (compared by identity).
 * @param variant What else the markup depends on (e.g. the colouring).
 * @param build Builds the markup on a miss.
 */
export function cachedMarkup(owner: object, variant: string, build: () => string): string {
  let byVariant = cache.get(owner);
  if (byVariant === undefined) {
    byVariant = new Map();
    cache.set(owner, byVariant);
  }
  let markup = byVariant.get(variant);
  if (markup === undefined) {
    markup = build();
    byVariant.set(variant, markup);
  }
  return markup;
}
