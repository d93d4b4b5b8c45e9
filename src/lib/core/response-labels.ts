// Short labels of the responses on a prompt's page: the letters that tell models apart in a pooled
// equivalence graph, the graph's node texts and legend, and the facts shown beside each response.

/** Letters per model for pooled groups, in the run's generator order: a, b, c, … (wrapping). */
export function modelLetters(generators: readonly string[]): Map<string, string> {
  return new Map(generators.map((m, i) => [m, String.fromCharCode(97 + (i % 26))]));
}

/** The parts of a response card the labels read. */
export interface LabelledCard {
  model: string;
  /** 0-based index of the response within its model's samples. */
  index: number;
  quality: number | null;
  correct?: boolean | null;
  finishReason?: string;
}

/** Node texts of the graph: "3", or "a3" (first model's third response) in a pooled group. */
export function nodeTexts(
  cards: readonly LabelledCard[],
  pooled: boolean,
  letters: ReadonlyMap<string, string>,
): string[] {
  return cards.map((c) =>
    pooled ? `${letters.get(c.model) ?? '?'}${c.index + 1}` : String(c.index + 1),
  );
}

/** The letter key of a pooled graph, for the models among the cards: "a = gpt-4o, b = claude". */
export function letterLegend(
  letters: ReadonlyMap<string, string>,
  cards: readonly LabelledCard[],
  shortModel: (id: string) => string,
): string {
  return [...letters.entries()]
    .filter(([m]) => cards.some((c) => c.model === m))
    .map(([m, l]) => `${l} = ${shortModel(m)}`)
    .join(', ');
}

/** How many graph edges come from each source. */
export function edgeCounts(edges: readonly { source: 'judged' | 'inferred' }[]): {
  judged: number;
  inferred: number;
} {
  return {
    judged: edges.filter((e) => e.source === 'judged').length,
    inferred: edges.filter((e) => e.source === 'inferred').length,
  };
}

/** The facts beside a response: its quality, correctness and whether it was cut off. */
export function cardMeta(card: LabelledCard, formatNumber: (value: number) => string): string[] {
  const meta: string[] = [];
  if (card.quality !== null) meta.push(`quality ${formatNumber(card.quality)}`);
  if (card.correct === true) meta.push('correct');
  else if (card.correct === false) meta.push('incorrect');
  if (card.finishReason === 'length') meta.push('cut off at max tokens');
  return meta;
}
