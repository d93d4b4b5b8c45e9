// Flat exports for spreadsheets and other tools: a run as CSV (one row per response, or per
// prompt, model and strategy) and prompt collections as JSONL that the importers read back.
import Papa from 'papaparse';
import { resolveCategory } from '../core/run-model';
import { summarizeRun, type RunSummary } from '../pipeline/results';
import {
  comparedStrategy,
  parseExperiment,
  type ExperimentDefinition,
  type ExperimentPrompt,
} from '../pipeline/experiment';
import type { PersistedRun } from '../pipeline/store';
import type { FunctionalMetricRecord } from '../storage/schema';

/** A CSV cell: text, a number, or empty. */
type Cell = string | number | null;

/**
 * CSV text of rows under a header. Cells starting with = + - @ are escaped so spreadsheets show
 * them as text instead of running them as formulas (the texts come from models and files).
 */
function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return Papa.unparse(
    { fields: [...header], data: rows.map((r) => r.map((c) => (c === null ? '' : c))) },
    // papaparse's own `true` pattern ends in `.*$` and so misses multi-line cells.
    { escapeFormulae: /^[=+\-@\t\r]/, newline: '\r\n' },
  );
}

function round(value: number | null | undefined, digits = 4): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function definitionOf(persisted: PersistedRun): ExperimentDefinition | undefined {
  const parsed = parseExperiment(persisted.spec?.definition);
  return parsed.ok ? parsed.value : undefined;
}

function promptsOf(persisted: PersistedRun): Map<string, ExperimentPrompt> {
  return new Map((definitionOf(persisted)?.prompts ?? []).map((p) => [p.id, p]));
}

function judgesOf(persisted: PersistedRun): string[] {
  const judges = new Set<string>();
  for (const m of persisted.metrics) if (m.kind === 'functional') judges.add(m.judgeModel);
  for (const j of persisted.judgements) if (j.kind === 'quality') judges.add(j.judgeModel);
  return [...judges].sort();
}

const groupKey = (promptId: string, model: string, strategy: string): string =>
  JSON.stringify([promptId, model, strategy]);

/** The columns that name a group of responses: run, prompt, model and strategy. */
const GROUP_COLUMNS = ['run_id', 'prompt_id', 'prompt', 'category', 'model', 'strategy'];

/**
 * One row per response: prompt, model, strategy, sample index and text, its functional class
 * under each judge (1-based, classes numbered in order of first member), its grade per judge and
 * their mean, whether it got the gold answer, and its group's general metrics and mean classes.
 */
export function responsesCsv(persisted: PersistedRun, summary?: RunSummary): string {
  const sum = summary ?? summarizeRun(persisted);
  const def = definitionOf(persisted);
  const prompts = promptsOf(persisted);
  const judges = judgesOf(persisted);
  const groups = new Map(sum.groups.map((g) => [groupKey(g.promptId, g.model, g.strategy), g]));
  const classOf = new Map<string, number>();
  for (const m of persisted.metrics) {
    if (m.kind !== 'functional') continue;
    const fm: FunctionalMetricRecord = m;
    fm.classes.forEach((members, c) => {
      for (const i of members) {
        const responseId = fm.responseIds[i];
        if (responseId !== undefined) classOf.set(`${fm.judgeModel}\u0000${responseId}`, c + 1);
      }
    });
  }
  const grades = new Map<string, number>();
  for (const j of persisted.judgements) {
    if (j.kind !== 'quality' || j.score === undefined) continue;
    grades.set(`${j.judgeModel}\u0000${j.responseIds[0] ?? ''}`, j.score);
  }
  const correct = new Map<string, boolean | null>();
  for (const m of persisted.metrics)
    if (m.kind === 'accuracy') correct.set(m.responseId, m.correct);

  const header = [
    ...GROUP_COLUMNS,
    'index',
    'response',
    'error',
    ...judges.map((j) => `class:${j}`),
    ...judges.map((j) => `quality:${j}`),
    'quality_mean',
    'correct',
    'group_classes_mean',
    'group_vocabulary',
    'group_embedding',
    'group_compression',
  ];
  const responses = [...persisted.responses].sort(
    (a, b) =>
      a.promptId.localeCompare(b.promptId) ||
      a.model.localeCompare(b.model) ||
      a.strategy.localeCompare(b.strategy) ||
      a.index - b.index,
  );
  const rows = responses.map((r): Cell[] => {
    const g = groups.get(groupKey(r.promptId, r.model, r.strategy));
    const own = judges.map((j) => grades.get(`${j}\u0000${r.id}`));
    const present = own.filter((v): v is number => v !== undefined);
    const ok = correct.get(r.id);
    return [
      r.runId,
      r.promptId,
      prompts.get(r.promptId)?.text ?? '',
      resolveCategory({ judged: g?.category, known: prompts.get(r.promptId)?.category }) ?? '',
      r.model,
      comparedStrategy(def, r.model, r.strategy),
      r.index,
      r.text,
      r.error ?? '',
      ...judges.map((j) => classOf.get(`${j}\u0000${r.id}`) ?? null),
      ...own.map((v) => v ?? null),
      present.length === 0 ? null : round(present.reduce((a, b) => a + b, 0) / present.length),
      ok === undefined || ok === null ? '' : ok ? 'true' : 'false',
      round(g?.meanClassCount),
      round(g?.general?.vocabulary),
      round(g?.general?.embedding),
      round(g?.general?.compression),
    ];
  });
  return toCsv(header, rows);
}

/**
 * One row per prompt, model and strategy: category, responses, classes per judge and their
 * mean, the general metrics, mean quality and accuracy, and the group's judge calls (asked, sent,
 * cached, skipped; sent and cached are empty for runs stored before they were counted).
 */
export function groupsCsv(persisted: PersistedRun, summary?: RunSummary): string {
  const sum = summary ?? summarizeRun(persisted);
  const prompts = promptsOf(persisted);
  const judges = judgesOf(persisted);
  const header = [
    ...GROUP_COLUMNS,
    'responses',
    ...judges.map((j) => `classes:${j}`),
    'classes_mean',
    'vocabulary',
    'embedding',
    'compression',
    'quality_mean',
    'accuracy',
    'accuracy_graded',
    // Judge calls over all judges, kept apart: verdicts asked, requests sent to the judge
    // (re-asks included; HTTP retries stay inside the engine), answers from the app's cache, skipped by pair skipping.
    'judge_calls_asked',
    'judge_calls_sent',
    'judge_calls_cached',
    'judge_calls_skipped',
    'judge_calls_every_pair',
  ];
  const runId = persisted.run?.id ?? persisted.spec?.runId ?? '';
  const rows = sum.groups.map((g): Cell[] => [
    runId,
    g.promptId,
    prompts.get(g.promptId)?.text ?? '',
    resolveCategory({ judged: g.category, known: prompts.get(g.promptId)?.category }) ?? '',
    g.model,
    g.comparedAs,
    g.responses,
    ...judges.map((j) => g.classCounts.find((c) => c.judge === j)?.classCount ?? null),
    round(g.meanClassCount),
    round(g.general?.vocabulary),
    round(g.general?.embedding),
    round(g.general?.compression),
    round(g.quality),
    round(g.accuracy?.rate),
    g.accuracy?.graded ?? null,
    g.judgeCalls.calls,
    g.judgeCalls.sentCalls,
    g.judgeCalls.cachedCalls,
    g.judgeCalls.saved,
    g.judgeCalls.everyPairCalls,
  ]);
  return toCsv(header, rows);
}

/** One prompt of a collection as exported to JSONL. */
export interface ExportPrompt {
  id: string;
  text: string;
  category?: string;
  answer?: string;
  answerType?: string;
  /** Other plain fields kept as they are (contexts, note, probe, source, ...). */
  extra?: Record<string, string | number | boolean | readonly string[]>;
}

/**
 * JSONL with one prompt per line: `id`, `prompt`, `category`, `answer` (and `answer_type` and any
 * extra fields), which the generic JSONL importer maps back without a mapping step.
 */
export function promptsJsonl(prompts: readonly ExportPrompt[]): string {
  return prompts
    .map((p) => {
      const line: Record<string, unknown> = { id: p.id, prompt: p.text };
      if (p.category !== undefined) line.category = p.category;
      if (p.answer !== undefined) line.answer = p.answer;
      if (p.answerType !== undefined) line.answer_type = p.answerType;
      for (const [key, value] of Object.entries(p.extra ?? {})) {
        if (!Object.hasOwn(line, key)) line[key] = value;
      }
      return JSON.stringify(line);
    })
    .join('\n')
    .concat(prompts.length > 0 ? '\n' : '');
}
