// Chart data of the two probe contexts: per prompt x model x strategy group, societal attribute
// coverage and entropy over its k responses, and safety label consistency within and across paraphrases.

import { orderModels, orderStrategies } from './points';
import {
  labelConsistency,
  paraphraseConsistency,
  type LabelConsistency,
  type ParaphraseConsistency,
  type SafetyLabel,
} from './safety';
import {
  attributeCoverage,
  summarizeAttributes,
  type AttributeCoverage,
  type AttributeSummary,
  type ResponseAttributes,
  type SocietalOptions,
} from './societal';

/** Separator of a paraphrase id: `probe-safety-01~2` is paraphrase 2 of `probe-safety-01`. */
export const PARAPHRASE_SEPARATOR = '~';

/**
 * The request a prompt paraphrases: the id before the last {@link PARAPHRASE_SEPARATOR}, or the
 * id itself. Prompts with the same base are paraphrases of one request.
 * @param promptId Prompt id.
 * @returns The base id.
 */
export function paraphraseBase(promptId: string): string {
  const at = promptId.lastIndexOf(PARAPHRASE_SEPARATOR);
  return at > 0 ? promptId.slice(0, at) : promptId;
}

/** Stable key of a group: prompt, model and strategy, each URI-encoded. */
function groupKey(promptId: string, model: string, strategy: string): string {
  return [promptId, model, strategy].map(encodeURIComponent).join('/');
}

/** The measured responses of one group of the societal probe. */
export interface SocietalGroupInput {
  promptId: string;
  model: string;
  strategy: string;
  /** One entry per response in sample order: its main person's attributes, null if unmeasured. */
  attributes: readonly (ResponseAttributes | null)[];
}

/** One group's coverage. */
export interface SocietalGroupRow {
  key: string;
  promptId: string;
  model: string;
  strategy: string;
  /** Responses in the group. */
  responses: number;
  /** Responses with an extraction. */
  measured: number;
  coverage: AttributeCoverage[];
  /** Attributes flagged as erasure, in attribute order. */
  erased: string[];
}

/** Attribute summaries of one strategy x model over its prompts. */
export interface SocietalSummary {
  key: string;
  model: string;
  strategy: string;
  prompts: number;
  attributes: AttributeSummary[];
}

/** Everything the societal chart renders. */
export interface SocietalView {
  /** Attributes in display order. */
  attributes: string[];
  /** Groups with at least one measured response, by prompt, then strategy, then model. */
  rows: SocietalGroupRow[];
  summaries: SocietalSummary[];
  /** Groups without any measured response. */
  unmeasured: number;
}

/**
 * Computes coverage and normalised entropy per attribute for every measured societal group.
 * Unmeasured responses are left out of a group's statistics (they are not "unspecified").
 * @param groups One entry per group.
 * @param options Erasure threshold, value spaces and attribute order (see attributeCoverage).
 * @returns Rows, per strategy x model summaries and the unmeasured count.
 */
export function societalView(
  groups: readonly SocietalGroupInput[],
  options: SocietalOptions = {},
): SocietalView {
  const measuredGroups = groups.filter((g) => g.attributes.some((a) => a !== null));
  const attributes =
    options.attributes !== undefined
      ? [...options.attributes]
      : [
          ...new Set(
            measuredGroups.flatMap((g) =>
              g.attributes.flatMap((a) => (a === null ? [] : Object.keys(a))),
            ),
          ),
        ].sort();
  const strategies = orderStrategies(measuredGroups.map((g) => g.strategy));
  const models = orderModels(measuredGroups.map((g) => g.model));
  const rows = measuredGroups
    .map((g): SocietalGroupRow => {
      const present = g.attributes.filter((a): a is ResponseAttributes => a !== null);
      const coverage = attributeCoverage(present, { ...options, attributes });
      return {
        key: groupKey(g.promptId, g.model, g.strategy),
        promptId: g.promptId,
        model: g.model,
        strategy: g.strategy,
        responses: g.attributes.length,
        measured: present.length,
        coverage,
        erased: coverage.filter((c) => c.erasure).map((c) => c.attribute),
      };
    })
    .sort(
      (a, b) =>
        (a.promptId < b.promptId ? -1 : a.promptId > b.promptId ? 1 : 0) ||
        strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) ||
        models.indexOf(a.model) - models.indexOf(b.model),
    );
  const byCell = new Map<string, SocietalGroupRow[]>();
  for (const r of rows) {
    const key = [r.model, r.strategy].map(encodeURIComponent).join('/');
    const list = byCell.get(key);
    if (list === undefined) byCell.set(key, [r]);
    else list.push(r);
  }
  const summaries = [...byCell.entries()]
    .map(([key, list]): SocietalSummary => {
      const first = list[0] as SocietalGroupRow;
      return {
        key,
        model: first.model,
        strategy: first.strategy,
        prompts: list.length,
        attributes: summarizeAttributes(list.map((r) => r.coverage)),
      };
    })
    .sort(
      (a, b) =>
        strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) ||
        models.indexOf(a.model) - models.indexOf(b.model),
    );
  return { attributes, rows, summaries, unmeasured: groups.length - measuredGroups.length };
}

/** The labelled responses of one group of the safety probe. */
export interface SafetyGroupInput {
  promptId: string;
  model: string;
  strategy: string;
  /** One entry per response in sample order; null when unlabelled or unmeasured. */
  labels: readonly (SafetyLabel | null)[];
}

/** One group's consistency across its k samples. */
export interface SafetyGroupRow extends LabelConsistency {
  key: string;
  promptId: string;
  model: string;
  strategy: string;
}

/** Consistency across the paraphrases of one request, per strategy x model. */
export interface ParaphraseRow extends ParaphraseConsistency {
  key: string;
  base: string;
  model: string;
  strategy: string;
  /** Prompt ids of the paraphrases, sorted. */
  promptIds: string[];
}

/** Mean consistency of one strategy x model. */
export interface SafetySummary {
  key: string;
  model: string;
  strategy: string;
  /** Groups with at least one label. */
  groups: number;
  /** Mean within-group consistency; null without labels. */
  meanConsistency: number | null;
  /** Share of groups whose modal label is refusal, safe completion or compliance. */
  modalShare: Record<SafetyLabel, number>;
  /** All labels of the strategy x model pooled. */
  pooled: LabelConsistency;
}

/** Everything the safety chart renders. */
export interface SafetyView {
  rows: SafetyGroupRow[];
  /** Only requests with at least two paraphrases in the run. */
  paraphrases: ParaphraseRow[];
  summaries: SafetySummary[];
  /** Groups without any label. */
  unmeasured: number;
}

/**
 * Computes label consistency per group, across paraphrases (prompts sharing a
 * {@link paraphraseBase}) and per strategy x model.
 * @param groups One entry per group.
 * @param base Maps a prompt id to the request it paraphrases (default {@link paraphraseBase}).
 * @returns Rows, paraphrase rows, summaries and the unmeasured count.
 */
export function safetyView(
  groups: readonly SafetyGroupInput[],
  base: (promptId: string) => string = paraphraseBase,
): SafetyView {
  const labelled = groups.filter((g) => g.labels.some((l) => l !== null));
  const strategies = orderStrategies(labelled.map((g) => g.strategy));
  const models = orderModels(labelled.map((g) => g.model));
  const order = (
    a: { model: string; strategy: string },
    b: { model: string; strategy: string },
  ): number =>
    strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) ||
    models.indexOf(a.model) - models.indexOf(b.model);
  const rows = labelled
    .map((g): SafetyGroupRow => ({
      key: groupKey(g.promptId, g.model, g.strategy),
      promptId: g.promptId,
      model: g.model,
      strategy: g.strategy,
      ...labelConsistency(g.labels),
    }))
    .sort(
      (a, b) => (a.promptId < b.promptId ? -1 : a.promptId > b.promptId ? 1 : 0) || order(a, b),
    );

  const requests = new Map<string, SafetyGroupInput[]>();
  for (const g of labelled) {
    const key = groupKey(base(g.promptId), g.model, g.strategy);
    const list = requests.get(key);
    if (list === undefined) requests.set(key, [g]);
    else list.push(g);
  }
  const paraphrases = [...requests.entries()]
    .filter(([, list]) => new Set(list.map((g) => g.promptId)).size >= 2)
    .map(([key, list]): ParaphraseRow => {
      const sorted = [...list].sort((a, b) =>
        a.promptId < b.promptId ? -1 : a.promptId > b.promptId ? 1 : 0,
      );
      const first = sorted[0] as SafetyGroupInput;
      return {
        key,
        base: base(first.promptId),
        model: first.model,
        strategy: first.strategy,
        promptIds: sorted.map((g) => g.promptId),
        ...paraphraseConsistency(sorted.map((g) => ({ id: g.promptId, labels: g.labels }))),
      };
    })
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0) || order(a, b));

  const cells = new Map<string, SafetyGroupRow[]>();
  for (const r of rows) {
    const key = [r.model, r.strategy].map(encodeURIComponent).join('/');
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [r]);
    else list.push(r);
  }
  const summaries = [...cells.entries()]
    .map(([key, list]): SafetySummary => {
      const first = list[0] as SafetyGroupRow;
      const withModal = list.filter((r) => r.consistency !== null);
      const modalShare: Record<SafetyLabel, number> = {
        refusal: 0,
        'safe-completion': 0,
        compliance: 0,
      };
      for (const r of withModal) if (r.modal !== null) modalShare[r.modal] += 1 / withModal.length;
      return {
        key,
        model: first.model,
        strategy: first.strategy,
        groups: list.length,
        meanConsistency:
          withModal.length === 0
            ? null
            : withModal.reduce((s, r) => s + (r.consistency ?? 0), 0) / withModal.length,
        modalShare,
        pooled: labelConsistency(
          groups
            .filter((g) => g.model === first.model && g.strategy === first.strategy)
            .flatMap((g) => g.labels),
        ),
      };
    })
    .sort(order);
  return { rows, paraphrases, summaries, unmeasured: groups.length - labelled.length };
}
