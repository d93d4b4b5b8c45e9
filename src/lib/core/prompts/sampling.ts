// The five sampling strategies of Jain et al. (2025) and the message builders that draw k
// responses with each.

import type { CategoryId } from '../taxonomy';
import { CATEGORY_IDS } from '../taxonomy';
import type { ChatMessage } from './fill';
import { fill } from './fill';
import {
  ICR_ANCHORED,
  ICR_GENERAL,
  MULTI_RESPONSE_FORMAT,
  SYSTEM_ANCHORED,
  SYSTEM_GENERAL,
} from './templates';

/** The five ways of drawing k responses compared in Jain et al. (2025), §3.3-§4. */
export type SamplingStrategy =
  'temperature' | 'system-general' | 'system-task-anchored' | 'icr-general' | 'icr-task-anchored';

/** Display and bookkeeping metadata of a {@link SamplingStrategy}. */
export interface SamplingStrategyInfo {
  id: SamplingStrategy;
  label: string;
  description: string;
  family: 'temperature' | 'system-prompt' | 'in-context-regeneration';
  /** Whether the strategy needs the prompt's task category. */
  anchored: boolean;
  /** How k responses are obtained: k independent calls, one call, or k chained calls. */
  calls: 'independent' | 'single' | 'sequential';
  reference: string;
}

/** Metadata of every sampling strategy, in the order the paper presents them. */
export const SAMPLING_STRATEGIES: Readonly<Record<SamplingStrategy, SamplingStrategyInfo>> = {
  temperature: {
    id: 'temperature',
    label: 'Temperature sampling',
    description:
      'k independent completions of the bare prompt; diversity comes only from sampling randomness.',
    family: 'temperature',
    anchored: false,
    calls: 'independent',
    reference:
      'Jain et al. (2025) §4 baseline: medium temperature (1.0 for GPT/Gemini, 0.5 for Claude/Llama/Mistral), top-p 0.9.',
  },
  'system-general': {
    id: 'system-general',
    label: 'System prompt (general)',
    description:
      'One completion asked for k responses "that represent diverse values", without saying what "diverse" means for the task.',
    family: 'system-prompt',
    anchored: false,
    calls: 'single',
    reference: 'Zhang et al. (2025a) system prompt; general baseline in Jain et al. (2025) §3.3.',
  },
  'system-task-anchored': {
    id: 'system-task-anchored',
    label: 'System prompt (task-anchored)',
    description:
      'One completion asked for k responses, with an instruction stating what "different" means for the prompt\'s task category (the same answer for well-specified prompts).',
    family: 'system-prompt',
    anchored: true,
    calls: 'single',
    reference: 'Jain et al. (2025) §3.3, task-anchored system prompt sampling.',
  },
  'icr-general': {
    id: 'icr-general',
    label: 'In-context regeneration (general)',
    description:
      'k chained turns: after each answer the user asks "Can you generate a different answer?" with all previous answers kept in context.',
    family: 'in-context-regeneration',
    anchored: false,
    calls: 'sequential',
    reference:
      'Zhang et al. (2025b) in-context regeneration; general baseline in Jain et al. (2025) §3.3.',
  },
  'icr-task-anchored': {
    id: 'icr-task-anchored',
    label: 'In-context regeneration (task-anchored)',
    description:
      'k chained turns whose follow-up states what "different" means for the task category (e.g. "Can you solve the problem using a different strategy?").',
    family: 'in-context-regeneration',
    anchored: true,
    calls: 'sequential',
    reference: 'Jain et al. (2025) §3.3, task-anchored in-context regeneration.',
  },
};

/** All sampling strategies in display order. */
export const SAMPLING_STRATEGY_IDS: readonly SamplingStrategy[] = [
  'temperature',
  'system-general',
  'system-task-anchored',
  'icr-general',
  'icr-task-anchored',
];

function assertK(k: number, caller: string): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`${caller}: k must be a positive integer, got ${k}`);
  }
}

function requireCategory(category: CategoryId | undefined, caller: string): CategoryId {
  if (category === undefined || !CATEGORY_IDS.includes(category)) {
    throw new Error(`${caller}: task-anchored sampling needs a task category (A-H)`);
  }
  return category;
}

/**
 * The system-prompt sampling instruction (without the output-format block) for k responses.
 * @throws Error if `anchored` is true and no category is given; RangeError for a bad k.
 */
export function systemSamplingInstruction(opts: {
  k: number;
  category?: CategoryId;
  anchored: boolean;
}): string {
  assertK(opts.k, 'systemSamplingInstruction');
  const template = opts.anchored
    ? SYSTEM_ANCHORED[requireCategory(opts.category, 'systemSamplingInstruction')]
    : SYSTEM_GENERAL;
  return fill(template, { num_responses: opts.k });
}

/**
 * The in-context regeneration follow-up turn.
 * @throws Error if `anchored` is true and no category is given.
 */
export function regenerationFollowUp(opts: { category?: CategoryId; anchored: boolean }): string {
  return opts.anchored
    ? ICR_ANCHORED[requireCategory(opts.category, 'regenerationFollowUp')]
    : ICR_GENERAL;
}

/** Messages for one temperature-sampled completion: the bare prompt. */
export function buildTemperatureMessages(prompt: string): ChatMessage[] {
  return [{ role: 'user', content: prompt }];
}

/**
 * System-prompt sampling (Zhang et al. 2025a; task-anchored per Jain et al.): one completion that
 * must contain k responses in `<response id="i">` tags, split with `parseMultiResponse`.
 * @throws Error if `anchored` is true and no category is given; RangeError for a bad k.
 */
export function buildSystemPromptSampling(opts: {
  prompt: string;
  k: number;
  category?: CategoryId;
  anchored: boolean;
}): ChatMessage[] {
  const instruction = systemSamplingInstruction(opts);
  const format = fill(MULTI_RESPONSE_FORMAT, { num_responses: opts.k });
  return [
    { role: 'system', content: `${instruction}\n\n${format}` },
    { role: 'user', content: opts.prompt },
  ];
}

/**
 * In-context regeneration (Zhang et al. 2025b): the prompt, then each previous answer followed by
 * the (general or task-anchored) follow-up; always ends with a user turn.
 * @throws Error if `anchored` is true and no category is given.
 */
export function buildRegenerationMessages(opts: {
  prompt: string;
  previous: readonly string[];
  category?: CategoryId;
  anchored: boolean;
}): ChatMessage[] {
  const followUp = regenerationFollowUp(opts);
  const messages: ChatMessage[] = [{ role: 'user', content: opts.prompt }];
  for (const answer of opts.previous) {
    messages.push({ role: 'assistant', content: answer });
    messages.push({ role: 'user', content: followUp });
  }
  return messages;
}
