// The one builder of the chat messages every engine sends: the caller's messages plus, when JSON
// is asked for, one structured-output instruction worded the same for every engine kind.

import type { ChatMessage } from './prompts';

/** A JSON schema for structured output (judge, classifier, checklist calls). */
export interface JsonSchemaSpec {
  /** Short identifier, e.g. `judge_verdict` (OpenAI requires one). */
  name: string;
  schema: Record<string, unknown>;
}

/** The part of a chat request that decides the text a model is sent. */
export interface MessageRequest {
  messages: readonly ChatMessage[];
  jsonSchema?: JsonSchemaSpec;
}

/**
 * The instruction that asks for JSON of a schema. Every engine states it in the prompt, even one
 * that also enforces the schema through its API: WebLLM's JSON mode needs the prompt to ask for
 * JSON, engines without constrained decoding need it to produce JSON at all, and one wording
 * for all keeps the judge's request text identical whichever engine answers it.
 */
export function jsonInstruction(spec: JsonSchemaSpec): string {
  return (
    'Reply with one JSON value only, with no prose and no code fences, that matches this JSON ' +
    `schema (${spec.name}):\n${JSON.stringify(spec.schema)}`
  );
}

/**
 * The final messages of a request, as every engine adapter must send them: the caller's
 * messages, with the JSON instruction appended to the first system message (or added as a
 * system message in front) when a schema is asked for. Never changes the caller's array.
 */
export function buildRequestMessages(request: MessageRequest): ChatMessage[] {
  const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
  if (request.jsonSchema === undefined) return messages;
  const instruction = jsonInstruction(request.jsonSchema);
  const [first, ...rest] = messages;
  if (first?.role === 'system') {
    return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  }
  return [{ role: 'system', content: instruction }, ...messages];
}

/** Messages split for APIs that take the system text apart from the turns (Anthropic, Gemini). */
export interface SystemAndTurns {
  /** System messages joined by a blank line; undefined when there are none. */
  system: string | undefined;
  /** The user and assistant turns, in order. */
  turns: ChatMessage[];
}

/**
 * {@link buildRequestMessages}, split into the system text and the turns, for providers whose
 * API has a separate system field. The text is the same as for every other engine.
 */
export function buildSystemAndTurns(request: MessageRequest): SystemAndTurns {
  const messages = buildRequestMessages(request);
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  return {
    system: system === '' ? undefined : system,
    turns: messages.filter((m) => m.role !== 'system'),
  };
}
