// Node positions for an equivalence graph (nodes = responses, edges = equivalent pairs) from a
// d3-force simulation run to completion synchronously with a seeded random source: deterministic.

import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';

/** A position in the drawing area. */
export interface Point {
  x: number;
  y: number;
}

/** Input of {@link layoutGraph}. */
export interface GraphLayoutInput {
  /** Number of nodes, 0..n-1. */
  n: number;
  /** Undirected edges between node indices. */
  edges: readonly (readonly [number, number])[];
  /** Class of each node (any integers); classes are placed apart so they read as groups. */
  classOf?: readonly number[];
  width: number;
  height: number;
  /** Space kept free at each border, in the same units (default 24). */
  padding?: number;
  /** Simulation ticks (default 300, d3's own length of a simulation). */
  iterations?: number;
  /** Seed of the random source (default 1). */
  seed?: number;
}

/**
 * A linear congruential generator with the constants d3 itself uses for its default random
 * source (Numerical Recipes), seeded so that every layout can be reproduced.
 * @param seed Any integer; the same seed gives the same sequence.
 * @returns A function returning numbers in [0, 1).
 */
export function lcg(seed: number): () => number {
  const a = 1664525;
  const c = 1013904223;
  const m = 4294967296;
  let s = (Math.floor(seed) >>> 0) % m;
  return () => {
    s = (a * s + c) % m;
    return s / m;
  };
}

interface Node extends SimulationNodeDatum {
  index: number;
}

const round = (v: number): number => Math.round(v * 100) / 100;

function checkInput(input: GraphLayoutInput): void {
  const { n, edges, classOf, width, height } = input;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`layoutGraph: n must be a non-negative integer, got ${n}`);
  }
  if (!(width > 0) || !(height > 0)) {
    throw new RangeError(`layoutGraph: width and height must be positive`);
  }
  for (const [a, b] of edges) {
    for (const v of [a, b]) {
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`layoutGraph: edge end ${v} outside 0..${n - 1}`);
      }
    }
  }
  if (classOf !== undefined && classOf.length !== n) {
    throw new RangeError(`layoutGraph: classOf has ${classOf.length} entries for ${n} nodes`);
  }
}

/**
 * Lays out a graph with d3-force: equivalent responses are pulled together by link forces, all
 * nodes repel, and each class is drawn towards its own anchor on a circle so classes stay apart
 * even without edges between them. The simulation never runs on a timer: it is stopped at once
 * and ticked `iterations` times, with a seeded random source, so the same input always gives the
 * same positions. The result is scaled (keeping proportions) and centred into the drawing area.
 * @param input Nodes, edges, optional classes, drawing size, padding, iterations and seed.
 * @returns One position per node, rounded to 0.01; the centre for a single node.
 * @throws RangeError on a bad node count, size, class list or an edge outside 0..n-1.
 */
export function layoutGraph(input: GraphLayoutInput): Point[] {
  checkInput(input);
  const { n, edges, width, height } = input;
  const padding = Math.max(0, Math.min(input.padding ?? 24, width / 2, height / 2));
  const cx = width / 2;
  const cy = height / 2;
  if (n === 0) return [];
  if (n === 1) return [{ x: round(cx), y: round(cy) }];

  const classOf = input.classOf ?? Array.from({ length: n }, () => 0);
  const classIds = [...new Set(classOf)];
  const slot = new Map(classIds.map((c, i) => [c, i]));
  const ring = classIds.length > 1 ? 110 : 0;
  const anchor = (node: number): Point => {
    const k = slot.get(classOf[node] as number) ?? 0;
    const angle = (2 * Math.PI * k) / classIds.length - Math.PI / 2;
    return { x: ring * Math.cos(angle), y: ring * Math.sin(angle) };
  };

  const random = lcg(input.seed ?? 1);
  const nodes: Node[] = Array.from({ length: n }, (_, index) => {
    const a = anchor(index);
    return { index, x: a.x + (random() - 0.5) * 60, y: a.y + (random() - 0.5) * 60 };
  });
  const links: SimulationLinkDatum<Node>[] = edges
    .filter(([a, b]) => a !== b)
    .map(([source, target]) => ({ source, target }));

  const simulation = forceSimulation<Node>(nodes)
    .randomSource(random)
    .force(
      'link',
      forceLink<Node, SimulationLinkDatum<Node>>(links)
        .id((d) => d.index)
        .distance(80)
        .strength(0.5),
    )
    .force('charge', forceManyBody<Node>().strength(-150))
    .force('collide', forceCollide<Node>(40))
    .force('x', forceX<Node>((d) => anchor(d.index).x).strength(0.08))
    .force('y', forceY<Node>((d) => anchor(d.index).y).strength(0.08))
    .stop();
  simulation.tick(Math.max(1, Math.floor(input.iterations ?? 300)));

  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const d of nodes) {
    const x = d.x ?? 0;
    const y = d.y ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const room = { x: width - 2 * padding, y: height - 2 * padding };
  // One scale for both axes keeps distances comparable; never enlarge more than 3x, so a tight
  // two-node graph does not stretch across the whole area.
  const scale = Math.min(
    spanX > 0 ? room.x / spanX : Infinity,
    spanY > 0 ? room.y / spanY : Infinity,
    3,
  );
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  return nodes.map((d) => ({
    x: round(cx + ((d.x ?? 0) - midX) * scale),
    y: round(cy + ((d.y ?? 0) - midY) * scale),
  }));
}
