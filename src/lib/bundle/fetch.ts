// Downloads shared run bundles from links: which addresses are allowed, and a streamed fetch that
// stops at the size limit, after a silent server's timeout, or on Cancel, explaining each case.
import { formatBytes } from '../core/importers/text';

/** Hosts that may serve bundles over plain http (the machine itself). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A URL that cannot be fetched, with the reason in the user's terms. */
export class BundleFetchError extends Error {
  override readonly name = 'BundleFetchError';
  readonly kind:
    | 'invalid-url'
    | 'insecure'
    | 'cors'
    | 'unreachable'
    | 'http'
    | 'too-large'
    | 'timeout'
    | 'cancelled';

  /**
   * @param kind what went wrong
   * @param message what happened and what to do
   */
  constructor(kind: BundleFetchError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** How long a bundle server may send nothing (no answer, or no bytes) before the download stops. */
export const BUNDLE_IDLE_TIMEOUT_MS = 30_000;

/** Bytes of a bundle download so far; `total` is null when the server does not say. */
export interface DownloadProgress {
  received: number;
  total: number | null;
}

/** Options of {@link fetchBundleBytes}. */
export interface FetchBundleOptions {
  /** Aborting it cancels the download (BundleFetchError 'cancelled'). */
  signal?: AbortSignal;
  /** Stop when the server sends nothing for this long (default BUNDLE_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** Told after the answer's headers and after every chunk of the body. */
  onProgress?: (progress: DownloadProgress) => void;
}

/**
 * Checks a bundle URL: https, or http to this machine (for local testing); never credentials.
 * @param pageProtocol the page's own protocol, for the mixed-content case
 */
export function checkBundleUrl(text: string, pageProtocol = 'https:'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BundleFetchError(
      'invalid-url',
      `"${text}" is not a web address. A shared bundle link looks like https://example.org/run.json.`,
    );
  }
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new BundleFetchError(
      'insecure',
      `Bundles are only loaded over https (the link uses ${url.protocol.replace(':', '')}). Ask for an https link, or download the file and open it here.`,
    );
  }
  if (pageProtocol === 'https:' && url.protocol === 'http:') {
    throw new BundleFetchError(
      'insecure',
      'This page is served over https, so the browser blocks a bundle from an http address. Download the file and open it here.',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new BundleFetchError(
      'invalid-url',
      'The link contains a user name or password; bundles are fetched without credentials. Remove them from the link.',
    );
  }
  return url;
}

/**
 * Fetches a bundle's bytes, streaming the body so a download past `maxBytes` stops there instead
 * of reading it all first. The download stops when the server sends nothing for `idleTimeoutMs`
 * (no answer, or a body that stalls) and when `signal` aborts. A failed request is retried once
 * in `no-cors` mode: an opaque answer means the host is up but does not allow this page to read
 * it (CORS); another failure means the host could not be reached.
 */
export async function fetchBundleBytes(
  url: URL,
  maxBytes: number,
  fetchImpl: typeof fetch = fetch,
  options: FetchBundleOptions = {},
): Promise<Uint8Array> {
  const idleMs = options.idleTimeoutMs ?? BUNDLE_IDLE_TIMEOUT_MS;
  const controller = new AbortController();
  let stopped: BundleFetchError | undefined;
  const stop = (error: BundleFetchError): void => {
    stopped ??= error;
    controller.abort(error);
  };
  const cancelled = (): void =>
    stop(
      new BundleFetchError(
        'cancelled',
        `Opening the bundle from ${url.host} was cancelled; nothing was stored. Open the link again to retry.`,
      ),
    );
  if (options.signal?.aborted === true) cancelled();
  options.signal?.addEventListener('abort', cancelled, { once: true });
  let received = 0;
  let total: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seconds = idleMs < 1000 ? `${idleMs} ms` : `${Math.round(idleMs / 1000)} s`;
  // Restarted whenever bytes arrive, so a slow but steady download is never cut off.
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stop(
        new BundleFetchError(
          'timeout',
          received === 0 && total === null
            ? `${url.host} did not answer within ${seconds}, so the download was stopped and nothing was stored. The server may be down or overloaded: try the link again later, or download the file and open it here.`
            : `${url.host} stopped sending the bundle after ${formatBytes(received)}${total === null ? '' : ` of ${formatBytes(total)}`} and sent nothing more for ${seconds}, so the download was stopped and nothing was stored. Try the link again, or download the file and open it here.`,
        ),
      );
    }, idleMs);
  };
  const init = { credentials: 'omit', cache: 'no-store', signal: controller.signal } as const;
  arm();
  try {
    let response: Response;
    try {
      response = await fetchImpl(url.href, init);
    } catch {
      if (stopped !== undefined) throw stopped;
      const failure = await unreachableOrCors(url, fetchImpl, init);
      throw stopped ?? failure;
    }
    if (!response.ok) {
      throw new BundleFetchError(
        'http',
        `${url.host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url.pathname}: the bundle is not there. Check the link.`,
      );
    }
    const length = Number(response.headers.get('content-length') ?? 'NaN');
    total = Number.isFinite(length) && length > 0 ? length : null;
    if (total !== null && total > maxBytes) {
      throw new BundleFetchError(
        'too-large',
        `The bundle at ${url.host} is ${formatBytes(total)}, more than the ${formatBytes(maxBytes)} this page accepts, so it was not downloaded. Export fewer runs per bundle, or share it gzipped (.json.gz).`,
      );
    }
    options.onProgress?.({ received, total });
    return await readBody(response, controller.signal, {
      onChunk: (bytes) => {
        received += bytes;
        arm();
        if (received > maxBytes) {
          stop(
            new BundleFetchError(
              'too-large',
              `The bundle at ${url.host} is larger than the ${formatBytes(maxBytes)} this page accepts: the download was stopped after ${formatBytes(received)} and nothing was stored. Export fewer runs per bundle, or share it gzipped (.json.gz).`,
            ),
          );
        } else options.onProgress?.({ received, total });
      },
      stopped: () => stopped,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancelled);
    controller.abort();
  }
}

/**
 * Reads a response body chunk by chunk. Once `signal` aborts (limit, timeout, Cancel) the body is
 * cancelled, which also tells the server to stop, and the read rejects with `stopped()`.
 */
async function readBody(
  response: Response,
  signal: AbortSignal,
  hooks: { onChunk: (bytes: number) => void; stopped: () => BundleFetchError | undefined },
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  // A body that stalls never settles read(); cancelling the reader settles it.
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await reader.read();
      } catch (err) {
        throw hooks.stopped() ?? err;
      }
      const reason = hooks.stopped();
      if (reason !== undefined) throw reason;
      if (part.done) break;
      chunks.push(part.value);
      size += part.value.byteLength;
      hooks.onChunk(part.value.byteLength);
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    cancel();
  }
  const reason = hooks.stopped();
  if (reason !== undefined) throw reason;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Why a request failed outright: the host is up but blocks this page (CORS), or unreachable. */
async function unreachableOrCors(
  url: URL,
  fetchImpl: typeof fetch,
  init: RequestInit,
): Promise<BundleFetchError> {
  let reachable = false;
  try {
    // The same signal: the idle timeout and Cancel stop this probe too.
    await fetchImpl(url.href, { ...init, mode: 'no-cors' });
    reachable = true;
  } catch {
    reachable = false;
  }
  return reachable
    ? new BundleFetchError(
        'cors',
        `${url.host} answered, but it does not allow other sites to read the file (CORS): the browser blocked the download. Ask whoever hosts it to send the header "Access-Control-Allow-Origin: *", or download the file and open it here.`,
      )
    : new BundleFetchError(
        'unreachable',
        `${url.host} could not be reached (the address is wrong, the server is down, or this device is offline). Check the link and your connection, or open a downloaded copy of the file.`,
      );
}
