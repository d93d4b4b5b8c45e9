// Hands the thread back to the event loop between slices of long work, so a page (or a worker
// waiting for an abort) stays responsive.

/**
 * Resolves in a later task, after queued input, messages and rendering have run. A
 * MessageChannel task avoids the 4 ms clamp nested setTimeouts get; Node has setImmediate.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
