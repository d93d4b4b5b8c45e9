// Small steps of the transformers.js runner: progress reports in the wire shape, cooperative
// cancellation (abort checks, yielding to queued messages) and encoding a chat for a model.
import type { PreTrainedTokenizer, ProgressInfo, Tensor } from '@huggingface/transformers';
import type { ChatMessage } from '../types';
import { TransformersAbortError } from './errors';
import type { FileProgress } from './protocol';

/** Map a transformers.js progress report to the wire shape; `ready` carries nothing new. */
export function toFileProgress(info: ProgressInfo): FileProgress | undefined {
  switch (info.status) {
    case 'initiate':
    case 'download':
    case 'done':
      return { status: info.status, file: info.file };
    case 'progress':
      return {
        status: 'progress',
        file: info.file,
        loaded: info.loaded,
        total: info.total,
        percent: info.progress,
      };
    case 'progress_total':
      return { status: 'total', loaded: info.loaded, total: info.total, percent: info.progress };
    default:
      return undefined;
  }
}

export function abortIfNeeded(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TransformersAbortError();
}

export function asIdSet(value: unknown): Set<bigint> {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  return new Set(
    list
      .filter((v): v is number | bigint => typeof v === 'number' || typeof v === 'bigint')
      .map(BigInt),
  );
}

/** Resolves like `promise`, or rejects with TransformersAbortError as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new TransformersAbortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new TransformersAbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface ChatInputs {
  input_ids: Tensor;
  attention_mask: Tensor;
}

/**
 * Tokenise a conversation with the model's chat template. Base models without a template get
 * a plain "role: content" transcript ending in "assistant:", which such models continue.
 */
export function encodeChat(
  tokenizer: PreTrainedTokenizer,
  messages: readonly ChatMessage[],
): ChatInputs {
  const conversation = messages.map((m) => ({ role: m.role, content: m.content }));
  if (tokenizer.chat_template) {
    return tokenizer.apply_chat_template(conversation, {
      add_generation_prompt: true,
      return_dict: true,
    }) as unknown as ChatInputs;
  }
  const transcript = `${conversation.map((m) => `${m.role}: ${m.content}`).join('\n')}\nassistant:`;
  return tokenizer(transcript, { add_special_tokens: false }) as unknown as ChatInputs;
}
