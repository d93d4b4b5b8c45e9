// A ChatCall straight to an engine, without the cache or the concurrency limit: the stage tests
// drive their scripted engines through it.
import type { ChatEngine } from '../../engines/types';
import type { ChatCall } from '../call';

/** A ChatCall straight to an engine: no cache or limit (stage tests). */
export function directCall(engine: ChatEngine, signal?: AbortSignal): ChatCall {
  return (request, options) => {
    options?.tally?.('sent');
    return engine.chat(signal === undefined ? request : { ...request, signal });
  };
}
