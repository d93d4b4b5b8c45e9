// Dodge layout for scatter marks that share a value (Observable Plot's dodge, in two dimensions):
// each mark goes to the free spot nearest its exact position, inside its own box, so every mark
// stays visible and none crosses a boundary. Deterministic: no randomness, input order decides.

/** A rectangle a mark must stay inside, in the same units as the marks (usually px). */
export interface DodgeBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One mark to place: its exact position, its radius and its box. */
export interface DodgeItem {
  x: number;
  y: number;
  /** Radius of the mark (its glyph's bounding circle). */
  r: number;
  box: DodgeBox;
}

/** Options of {@link dodge}. */
export interface DodgeOptions {
  /** Free space kept between two marks (default 1). */
  padding?: number;
  /**
   * Largest share of a box that its marks may cover (default 0.45). Past it every radius is
   * scaled down by the same factor, so marks still fit apart and keep their relative sizes.
   */
  maxDensity?: number;
  /** Smallest radius scale (default 0.25): below it marks are left to overlap instead. */
  minScale?: number;
  /**
   * Most candidate spots tried in all (default 4,000,000, about 0.1 s): past it each remaining
   * mark only tries its first spot and otherwise stays at its exact position, reported as
   * overlapping. Bounds the time a huge crowded
   * map takes; counted, not timed, so the result does not depend on the machine.
   */
  maxSteps?: number;
  /** Rectangles no mark may cover (e.g. labels), kept `padding` clear like marks. */
  obstacles?: readonly DodgeBox[];
}

/** Where {@link dodge} put the marks. */
export interface DodgeResult {
  /** Positions in input order. */
  positions: { x: number; y: number }[];
  /** Factor every radius was multiplied by (1 unless the marks would not fit). */
  scale: number;
  /** Input indices of marks that could not be set apart (drawn at their exact position). */
  overlapping: number[];
}

function checkItem(item: DodgeItem, index: number): void {
  const { x, y, r, box } = item;
  if (![x, y, r, box.x0, box.x1, box.y0, box.y1].every(Number.isFinite) || r < 0) {
    throw new RangeError(`dodge: item ${index} has a non-finite position, radius or box`);
  }
  if (box.x1 < box.x0 || box.y1 < box.y0) {
    throw new RangeError(`dodge: item ${index} has an empty box`);
  }
}

function boxKey(b: DodgeBox): string {
  return `${b.x0},${b.y0},${b.x1},${b.y1}`;
}

/** The radius scale at which no box holds more than `maxDensity` of its area in marks. */
function densityScale(items: readonly DodgeItem[], padding: number, maxDensity: number): number {
  const covered = new Map<string, { area: number; used: number }>();
  for (const it of items) {
    const key = boxKey(it.box);
    let entry = covered.get(key);
    if (entry === undefined) {
      entry = { area: (it.box.x1 - it.box.x0) * (it.box.y1 - it.box.y0), used: 0 };
      covered.set(key, entry);
    }
    entry.used += Math.PI * (it.r + padding / 2) ** 2;
  }
  let worst = 0;
  for (const { area, used } of covered.values()) {
    worst = Math.max(worst, area > 0 ? used / area : Number.POSITIVE_INFINITY);
  }
  return worst <= maxDensity ? 1 : Math.sqrt(maxDensity / worst);
}

/**
 * Grid offsets (dx, dy) nearest first, shared by every call and grown on demand: offsets are
 * bucketed by whole distance (ring d holds those with d <= |offset| < d + 1), each ring in a fixed
 * order, so the walk is deterministic.
 */
const SPIRAL: number[] = [];
/** Index in SPIRAL where ring d starts. */
const RING_START: number[] = [];
let spiralRings = 0;

/** Makes sure the shared spiral holds every ring up to `ring`. */
function growSpiral(ring: number): void {
  while (spiralRings <= ring) {
    const d = spiralRings;
    RING_START[d] = SPIRAL.length;
    for (let dx = -d - 1; dx <= d + 1; dx++) {
      // d^2 <= dx^2 + dy^2 < (d + 1)^2, split into the negative and positive dy ranges.
      const lo = d * d - dx * dx;
      const hi = (d + 1) * (d + 1) - dx * dx;
      if (hi <= 0) continue;
      const dyMin = lo <= 0 ? 0 : Math.ceil(Math.sqrt(lo));
      const dyMax = Math.ceil(Math.sqrt(hi)) - 1;
      for (let dy = -dyMax; dy <= -Math.max(dyMin, 1); dy++) SPIRAL.push(dx, dy);
      if (dyMin === 0) SPIRAL.push(dx, 0);
      for (let dy = Math.max(dyMin, 1); dy <= dyMax; dy++) SPIRAL.push(dx, dy);
    }
    spiralRings += 1;
  }
  // Where the next ring will start: the end of the last one.
  RING_START[spiralRings] = SPIRAL.length;
}

/** Size of the cells whose marks share where their walks resume (px). */
const RESUME_CELL = 4;

/** How much smaller than a mark that found no room another must be to try (px). */
const FULL_TOLERANCE = 0.25;

/**
 * Places marks so that none overlaps another. Large marks claim space first (Plot draws dots by
 * descending radius too), ties in input order; each mark takes the free spot nearest its exact
 * position (on a 1 px grid) whose disc lies wholly inside its box, so a mark that is already apart
 * stays where its value puts it (within half a px). When the marks of a box would cover more than
 * `maxDensity` of it, every radius shrinks by one common factor first. A mark with no free spot
 * stays at its exact position (moved inside its box) and is reported as overlapping.
 *
 * Free space is kept as a field of each grid point's clearance (distance to the nearest placed
 * disc, capped at the largest radius), updated around every placed mark, so a candidate spot is
 * tested with one lookup.
 * @param items Marks with their exact positions, radii and boxes.
 * @param options Padding, density limit, smallest scale.
 * @returns Positions in input order, the radius scale and the marks left overlapping.
 * @throws RangeError for a non-finite position, radius or box, or an empty box.
 */
export function dodge(items: readonly DodgeItem[], options: DodgeOptions = {}): DodgeResult {
  items.forEach(checkItem);
  const positions: { x: number; y: number }[] = new Array(items.length);
  if (items.length === 0) return { positions, scale: 1, overlapping: [] };
  const padding = options.padding ?? 1;
  const minScale = options.minScale ?? 0.25;
  const maxSteps = options.maxSteps ?? 4_000_000;
  const scale = Math.max(minScale, densityScale(items, padding, options.maxDensity ?? 0.45));
  const radii = items.map((it) => it.r * scale);
  // Clearance is only ever compared with a radius (plus the half-diagonal of a grid cell).
  const cap = radii.reduce((m, r) => Math.max(m, r), 0) + 1;

  // The grid spans every box; grid point (i, j) is the point (gx0 + i, gy0 + j).
  const extent = (pick: (b: DodgeBox) => number, most: (a: number, b: number) => number) =>
    items.reduce((m, it) => most(m, pick(it.box)), pick(items[0]!.box));
  const gx0 = Math.floor(extent((b) => b.x0, Math.min));
  const gy0 = Math.floor(extent((b) => b.y0, Math.min));
  const gw = Math.ceil(extent((b) => b.x1, Math.max)) - gx0 + 1;
  const gh = Math.ceil(extent((b) => b.y1, Math.max)) - gy0 + 1;
  const clearance = new Float32Array(gw * gh).fill(cap);
  const maxRing = Math.ceil(Math.hypot(gw, gh));

  const claim = (cx: number, cy: number, r: number): void => {
    const reach = cap + r + padding;
    const i0 = Math.max(0, Math.floor(cx - reach - gx0));
    const i1 = Math.min(gw - 1, Math.ceil(cx + reach - gx0));
    const j0 = Math.max(0, Math.floor(cy - reach - gy0));
    const j1 = Math.min(gh - 1, Math.ceil(cy + reach - gy0));
    for (let j = j0; j <= j1; j++) {
      const dy = gy0 + j - cy;
      for (let i = i0; i <= i1; i++) {
        const dx = gx0 + i - cx;
        const free = Math.sqrt(dx * dx + dy * dy) - r - padding;
        const k = j * gw + i;
        if (free < (clearance[k] ?? 0)) clearance[k] = free;
      }
    }
  };

  for (const o of options.obstacles ?? []) {
    const i0 = Math.max(0, Math.floor(o.x0 - cap - padding - gx0));
    const i1 = Math.min(gw - 1, Math.ceil(o.x1 + cap + padding - gx0));
    const j0 = Math.max(0, Math.floor(o.y0 - cap - padding - gy0));
    const j1 = Math.min(gh - 1, Math.ceil(o.y1 + cap + padding - gy0));
    for (let j = j0; j <= j1; j++) {
      const y = gy0 + j;
      const dy = Math.max(o.y0 - y, 0, y - o.y1);
      for (let i = i0; i <= i1; i++) {
        const x = gx0 + i;
        const dx = Math.max(o.x0 - x, 0, x - o.x1);
        const free = Math.sqrt(dx * dx + dy * dy) - padding;
        const k = j * gw + i;
        if (free < (clearance[k] ?? 0)) clearance[k] = free;
      }
    }
  }

  // A mark near one placed before it in the same box (same 4 px cell) would walk through the same
  // occupied spots, since placed marks are never removed: it starts at the ring the previous mark
  // stopped at, less their distance. (A smaller mark might have fitted a skipped gap; it still
  // lands on a free spot, only a little farther out.)
  const resume = new Map<string, { ti: number; tj: number; ring: number; c: number }>();
  // Per box, the smallest radius for which a whole walk found no room: no larger mark will fit,
  // nor (so that a crowded box is not walked once per slightly smaller mark) one within a
  // quarter px of it.
  const full = new Map<string, number>();
  const overlapping: number[] = [];
  let steps = 0;
  const order = items.map((_, i) => i).sort((a, b) => (radii[b] ?? 0) - (radii[a] ?? 0) || a - b);
  for (const index of order) {
    const it = items[index] as DodgeItem;
    const r = radii[index] ?? 0;
    const { box } = it;
    let [xLo, xHi, yLo, yHi] = [box.x0 + r, box.x1 - r, box.y0 + r, box.y1 - r];
    // A box narrower than the mark keeps the mark centred in it.
    if (xLo > xHi) xLo = xHi = (box.x0 + box.x1) / 2;
    if (yLo > yHi) yLo = yHi = (box.y0 + box.y1) / 2;
    const ti = Math.round(it.x) - gx0;
    const tj = Math.round(it.y) - gy0;
    const bKey = boxKey(box);
    const key = `${Math.floor(ti / RESUME_CELL)},${Math.floor(tj / RESUME_CELL)},${bKey}`;
    const prev = resume.get(key);
    const same = prev !== undefined && prev.ti === ti && prev.tj === tj;
    // Past the step budget a mark only tries its own spot, so a mark that is apart stays apart.
    const spent = steps >= maxSteps;
    let ring = 0;
    let c = 0;
    if (!spent && prev !== undefined) {
      // The same grid point resumes exactly where the previous mark was placed.
      const gap = Math.ceil(Math.sqrt((prev.ti - ti) ** 2 + (prev.tj - tj) ** 2));
      ring = same ? prev.ring : Math.max(0, prev.ring - gap - 1);
      growSpiral(ring);
      c = same ? prev.c : (RING_START[ring] ?? 0);
    }
    growSpiral(ring);
    let found = false;
    let exhausted = false;
    const room = r < (full.get(bKey) ?? Number.POSITIVE_INFINITY) - FULL_TOLERANCE;
    for (; room; c += 2) {
      if (spent && c > 0) break;
      steps += 1;
      // Rings are never empty, so a step crosses at most one ring boundary.
      if (c >= (RING_START[ring + 1] ?? 0)) {
        ring += 1;
        if (ring > maxRing) {
          exhausted = true;
          break;
        }
        growSpiral(ring);
      }
      const i = ti + (SPIRAL[c] ?? 0);
      const j = tj + (SPIRAL[c + 1] ?? 0);
      const x = gx0 + i;
      const y = gy0 + j;
      if (x < xLo || x > xHi || y < yLo || y > yHi) continue;
      const free = clearance[j * gw + i] ?? 0;
      if (free >= r) {
        // At its own grid point a mark keeps its exact position when that is clear as well: it
        // lies within half a cell's diagonal of the grid point.
        positions[index] =
          c === 0 && free >= r + Math.SQRT1_2 ? clampTo(it, xLo, xHi, yLo, yHi) : { x, y };
        found = true;
        break;
      }
    }
    if (!spent) resume.set(key, { ti, tj, ring, c });
    if (exhausted) full.set(bKey, Math.min(r, full.get(bKey) ?? Number.POSITIVE_INFINITY));
    if (!found) {
      positions[index] = clampTo(it, xLo, xHi, yLo, yHi);
      overlapping.push(index);
    }
    const p = positions[index] as { x: number; y: number };
    claim(p.x, p.y, r);
  }
  overlapping.sort((a, b) => a - b);
  return { positions, scale, overlapping };
}

function clampTo(
  it: DodgeItem,
  xLo: number,
  xHi: number,
  yLo: number,
  yHi: number,
): { x: number; y: number } {
  return { x: Math.min(xHi, Math.max(xLo, it.x)), y: Math.min(yHi, Math.max(yLo, it.y)) };
}
