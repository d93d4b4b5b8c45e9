// Chart export in the browser: the rendered <svg> as a standalone SVG file (serializeSvg), its
// PNG rasterisation through an <img> and a <canvas>, CSV of the table alternative, and downloads.
import {
  exportFileName,
  serializeSvg,
  svgDataUrl,
  tableToCsv,
  type CsvValue,
} from '../../core/views';

/** Styles the exported file needs (charts use presentation attributes for everything else). */
export const EXPORT_CSS = `svg { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
text { font-family: inherit; }
`;

/** Size of an SVG from its viewBox (the charts always set one). */
export function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  // Read the attribute: jsdom has no SVG geometry, and the charts always set one.
  const [, , w = 0, h = 0] = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  if (w > 0 && h > 0) return { width: w, height: h };
  const rect = svg.getBoundingClientRect();
  return { width: Math.round(rect.width) || 640, height: Math.round(rect.height) || 480 };
}

/**
 * The chart as a standalone SVG document.
 * @param svg The rendered chart.
 * @param title Accessible title of the file.
 * @param description Its text alternative.
 */
export function chartSvg(svg: SVGSVGElement, title: string, description: string): string {
  const { width, height } = svgSize(svg);
  return serializeSvg(svg.outerHTML, {
    title,
    description,
    css: EXPORT_CSS,
    background: '#ffffff',
    width,
    height,
  });
}

/** Offers a blob for download under `fileName`. */
export function download(blob: Blob, fileName: string): void {
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Rasterises an SVG document to PNG at `scale` times its size, on a white background.
 * @throws Error when the browser cannot decode the SVG or encode the PNG.
 */
export async function svgToPng(
  svg: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Blob> {
  const image = new Image();
  image.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart image could not be decoded.'));
  });
  image.src = svgDataUrl(svg);
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('This browser has no 2-D canvas to draw the PNG.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob === null ? reject(new Error('The PNG could not be encoded.')) : resolve(blob),
      'image/png',
    ),
  );
}

/** Downloads the chart as SVG. */
export function downloadSvg(svg: SVGSVGElement, title: string, description: string): void {
  download(
    new Blob([chartSvg(svg, title, description)], { type: 'image/svg+xml' }),
    exportFileName(title, 'svg'),
  );
}

/** Downloads the chart as PNG (twice its size, for sharp slides). */
export async function downloadPng(
  svg: SVGSVGElement,
  title: string,
  description: string,
): Promise<void> {
  const { width, height } = svgSize(svg);
  download(
    await svgToPng(chartSvg(svg, title, description), width, height),
    exportFileName(title, 'png'),
  );
}

/** Downloads the table alternative as CSV. */
export function downloadCsv(
  title: string,
  columns: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): void {
  download(
    new Blob([tableToCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }),
    exportFileName(title, 'csv'),
  );
}
