// Ready-made scripts for the scripted engine: a whole pipeline whose every reply is a function
// of the request, so tests and benchmarks know exactly which numbers a run must produce.

import type { ChatRequest } from '../../engines/types';
import {
  gradedResponse,
  judgedPair,
  multiResponse,
  regenerationTurn,
  requestPrompt,
  type ScriptContext,
  type ScriptedReply,
} from './scripted-engine';

/** The class label of a scripted response: the text before the first '#'. */
export function labelOf(response: string): string {
  const hash = response.indexOf('#');
  return (hash < 0 ? response : response.slice(0, hash)).trim();
}

/** What each kind of call answers; every field has a default. */
export interface PipelineScript {
  /** Category letter answered for a prompt (default 'B'). */
  classify?: (prompt: string) => string;
  /** Temperature sample (and first regeneration turn): default `A#<seed>-<choice>` (one class). */
  sample?: (prompt: string, request: ChatRequest, choice: number) => string;
  /** The k responses of system-prompt sampling; default `S<i>#<i>` (k classes). */
  multi?: (prompt: string, k: number, request: ChatRequest) => string;
  /** Regeneration turn t >= 1; default `R<t>#<t>` (every turn a new class). */
  regenerate?: (prompt: string, turn: number, request: ChatRequest) => string;
  /** Judge verdict text for two responses; default compares `labelOf`. */
  judge?: (a: string, b: string, prompt: string) => string;
  checklist?: (prompt: string) => string;
  /** Grade text for a response; default 'Score: 4'. */
  grade?: (response: string, prompt: string) => string;
  /** Correctness text for a response; default CORRECT when the response contains "right". */
  correctness?: (response: string, prompt: string) => string;
}

/** Reads k from a system-prompt sampling request ("Generate 5 responses ..."). */
function requestedK(request: ChatRequest): number {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const m = /exactly (\d+) responses/.exec(system);
  return m === null ? 5 : Number(m[1]);
}

/**
 * A script for the whole pipeline: pass it to `new ScriptedEngine(pipelineScript({...}))`.
 * Defaults give, per group of k: temperature 1 class, system prompt k classes, regeneration
 * k classes (turn 0 answers like temperature sampling, label A).
 */
export function pipelineScript(
  script: PipelineScript = {},
): (request: ChatRequest, ctx: ScriptContext) => ScriptedReply {
  return (request, ctx) => {
    const prompt = requestPrompt(request);
    switch (ctx.kind) {
      case 'classify':
        return script.classify?.(prompt) ?? 'B';
      case 'sample':
        return (
          script.sample?.(prompt, request, ctx.choice) ?? `A#${request.seed ?? 0}-${ctx.choice}`
        );
      case 'sample-multi': {
        const k = requestedK(request);
        if (script.multi !== undefined) return script.multi(prompt, k, request);
        return multiResponse(Array.from({ length: k }, (_, i) => `S${i}#${i}`));
      }
      case 'sample-regeneration': {
        const turn = regenerationTurn(request);
        return script.regenerate?.(prompt, turn, request) ?? `R${turn}#${turn}`;
      }
      case 'judge': {
        const { a, b } = judgedPair(request);
        if (script.judge !== undefined) return script.judge(a, b, prompt);
        return labelOf(a) === labelOf(b) ? 'Same idea.\nVerdict: EQUIVALENT' : 'Verdict: DIFFERENT';
      }
      case 'checklist':
        return script.checklist?.(prompt) ?? '1. Is correct\n2. Is clear\n3. Is complete';
      case 'grade':
        return script.grade?.(gradedResponse(request), prompt) ?? 'Score: 4';
      case 'correctness': {
        const response = gradedResponse(request);
        if (script.correctness !== undefined) return script.correctness(response, prompt);
        return response.includes('right') ? 'CORRECT' : 'INCORRECT';
      }
    }
  };
}
