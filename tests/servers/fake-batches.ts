// The batch wire formats of the fake providers: OpenAI files + batches, Anthropic Message Batches
// and Gemini batch mode, with status that advances over polls and expired/partly failed batches.

/** The batch routes the fake server answers. */
export type BatchRouteId =
  | 'openai.files.create'
  | 'openai.files.content'
  | 'openai.batches.create'
  | 'openai.batches.get'
  | 'openai.batches.cancel'
  | 'openai.batches.list'
  | 'anthropic.batches.list'
  | 'gemini.batches.list'
  | 'anthropic.batches.create'
  | 'anthropic.batches.get'
  | 'anthropic.batches.results'
  | 'anthropic.batches.cancel'
  | 'gemini.batches.create'
  | 'gemini.batches.get'
  | 'gemini.batches.cancel';

/** What happens to a batch when it is created with a batch fault. */
export type BatchFaultKind = 'batch-expired' | 'batch-partial';

type Json = Record<string, unknown>;
type Provider = 'openai' | 'anthropic' | 'gemini';

/** One item's reply as a non-streamed chat endpoint would have sent it. */
export interface ItemReply {
  status: number;
  body: Json;
}

/** Answers one batch item: provider, model and the item's request body in that provider's shape. */
export type AnswerItem = (provider: Provider, model: string, body: Json) => ItemReply;

interface Item {
  customId: string;
  body: Json;
}

type ItemOutcome = { kind: 'done'; reply: ItemReply } | { kind: 'expired' } | { kind: 'cancelled' };

interface FakeBatch {
  id: string;
  provider: Provider;
  model: string;
  items: Item[];
  /** Status reads so far. */
  polls: number;
  fault?: { kind: BatchFaultKind; items?: (body: unknown) => boolean };
  cancelled: boolean;
  /** Set when processing ended (completed, expired or cancelled). */
  outcomes?: ItemOutcome[];
  expired: boolean;
  createdAt: number;
  endedAt?: number;
  /** OpenAI `metadata` / Gemini `displayName` sent with the create request. */
  metadata?: Json;
  displayName?: string;
}

/** A batch as tests may inspect it. */
export interface BatchView {
  id: string;
  provider: Provider;
  model: string;
  customIds: string[];
  /** The items' request bodies in the provider's shape, in order. */
  bodies: unknown[];
  /** Custom ids of the items that were answered (also in a cancelled batch). */
  answered: string[];
  polls: number;
  ended: boolean;
  cancelled: boolean;
}

const ROUTES: [RegExp, string, BatchRouteId][] = [
  [/^\/openai\/v1\/files$/, 'POST', 'openai.files.create'],
  [/^\/openai\/v1\/files\/([^/]+)\/content$/, 'GET', 'openai.files.content'],
  [/^\/openai\/v1\/batches$/, 'POST', 'openai.batches.create'],
  [/^\/openai\/v1\/batches$/, 'GET', 'openai.batches.list'],
  [/^\/anthropic\/v1\/messages\/batches$/, 'GET', 'anthropic.batches.list'],
  [/^\/gemini\/v1beta\/batches$/, 'GET', 'gemini.batches.list'],
  [/^\/openai\/v1\/batches\/([^/]+)$/, 'GET', 'openai.batches.get'],
  [/^\/openai\/v1\/batches\/([^/]+)\/cancel$/, 'POST', 'openai.batches.cancel'],
  [/^\/anthropic\/v1\/messages\/batches$/, 'POST', 'anthropic.batches.create'],
  [/^\/anthropic\/v1\/messages\/batches\/([^/]+)$/, 'GET', 'anthropic.batches.get'],
  [/^\/anthropic\/v1\/messages\/batches\/([^/]+)\/results$/, 'GET', 'anthropic.batches.results'],
  [/^\/anthropic\/v1\/messages\/batches\/([^/]+)\/cancel$/, 'POST', 'anthropic.batches.cancel'],
  [/^\/gemini\/v1beta\/models\/([^/:]+):batchGenerateContent$/, 'POST', 'gemini.batches.create'],
  [/^\/gemini\/v1beta\/batches\/([^/:]+)$/, 'GET', 'gemini.batches.get'],
  [/^\/gemini\/v1beta\/batches\/([^/:]+):cancel$/, 'POST', 'gemini.batches.cancel'],
];

/** The batch route of a request and its path parameter (file id, batch id or model), if any. */
export function classifyBatchRoute(
  method: string,
  path: string,
): { route: BatchRouteId; param: string } | null {
  for (const [pattern, routeMethod, route] of ROUTES) {
    const match = pattern.exec(path);
    if (match && method === routeMethod) {
      return { route, param: decodeURIComponent(match[1] ?? '') };
    }
  }
  return null;
}

/** Whether a route creates a batch (where batch faults are taken). */
export function isBatchCreate(route: string): boolean {
  return route.endsWith('.batches.create');
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();
const DAY_MS = 24 * 3600 * 1000;

/** The in-memory batch service behind every provider's batch routes. */
export class FakeBatchService {
  private batches = new Map<string, FakeBatch>();
  private files = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly answer: AnswerItem,
    /** Status reads a batch stays in progress before it ends (read live, tests change it). */
    private readonly pollsBeforeDone: () => number,
    /** Items of a batch (its first ones) already answered when it is cancelled (read live). */
    private readonly answeredBeforeCancel: () => number = () => 0,
  ) {}

  /** Every batch created since the last reset, in order. */
  list(): BatchView[] {
    return [...this.batches.values()].map((b) => ({
      id: b.id,
      provider: b.provider,
      model: b.model,
      customIds: b.items.map((i) => i.customId),
      bodies: b.items.map((i) => i.body),
      answered: b.items
        .filter((_item, index) => b.outcomes?.[index]?.kind === 'done')
        .map((i) => i.customId),
      polls: b.polls,
      ended: b.outcomes !== undefined,
      cancelled: b.cancelled,
    }));
  }

  reset(): void {
    this.batches.clear();
    this.files.clear();
    this.counter = 0;
  }

  /**
   * Answers one batch route. `body` is the parsed JSON body (or, for the OpenAI upload, the raw
   * request); `origin` is used for Anthropic's absolute `results_url`.
   */
  async handle(
    route: BatchRouteId,
    param: string,
    body: unknown,
    raw: { contentType: string; data: Buffer },
    origin: string,
    fault?: { kind: BatchFaultKind; items?: (body: unknown) => boolean },
  ): Promise<{ status: number; body: unknown; contentType?: string }> {
    const json = isRecord(body) ? body : {};
    switch (route) {
      case 'openai.files.create':
        return this.openAIUpload(raw);
      case 'openai.files.content': {
        const text = this.files.get(param);
        if (text === undefined) return notFound('openai', `No such File object: ${param}`);
        return { status: 200, body: text, contentType: 'application/octet-stream' };
      }
      case 'openai.batches.create': {
        const text = this.files.get(String(json.input_file_id));
        if (text === undefined) {
          return notFound('openai', `No such File object: ${String(json.input_file_id)}`);
        }
        const items: Item[] = [];
        for (const line of text.split('\n').filter((l) => l.trim())) {
          const parsed = JSON.parse(line) as Json;
          items.push({
            customId: String(parsed.custom_id),
            body: isRecord(parsed.body) ? parsed.body : {},
          });
        }
        const model = String(items[0]?.body.model ?? '');
        const batch = this.create('openai', model, items, fault);
        if (isRecord(json.metadata)) batch.metadata = json.metadata;
        return { status: 200, body: this.openAIBatch(batch) };
      }
      case 'anthropic.batches.create': {
        const requests = Array.isArray(json.requests) ? json.requests.filter(isRecord) : [];
        const items = requests.map((r) => ({
          customId: String(r.custom_id),
          body: isRecord(r.params) ? r.params : {},
        }));
        const model = String(items[0]?.body.model ?? '');
        const batch = this.create('anthropic', model, items, fault);
        return { status: 200, body: this.anthropicBatch(batch, origin) };
      }
      case 'gemini.batches.create': {
        const batchBody = isRecord(json.batch) ? json.batch : {};
        const input = isRecord(batchBody.inputConfig) ? batchBody.inputConfig : {};
        const wrapper = isRecord(input.requests) ? input.requests : {};
        const requests = Array.isArray(wrapper.requests) ? wrapper.requests.filter(isRecord) : [];
        const items = requests.map((r, index) => ({
          customId: isRecord(r.metadata) ? String(r.metadata.key) : String(index),
          body: isRecord(r.request) ? r.request : {},
        }));
        const batch = this.create('gemini', param, items, fault);
        batch.displayName = String(batchBody.displayName ?? '');
        return { status: 200, body: this.geminiBatch(batch) };
      }
      case 'openai.batches.list':
      case 'anthropic.batches.list':
      case 'gemini.batches.list':
        return { status: 200, body: this.listPage(route, origin) };
      default:
        return this.existing(route, param, origin);
    }
  }

  private existing(
    route: BatchRouteId,
    param: string,
    origin: string,
  ): { status: number; body: unknown; contentType?: string } {
    const provider = route.split('.')[0] as Provider;
    const batch = this.batches.get(param);
    if (!batch || batch.provider !== provider) {
      return notFound(provider, `No batch with id ${param}`);
    }
    if (route.endsWith('.cancel')) {
      if (batch.outcomes === undefined) batch.cancelled = true;
    } else if (route !== 'anthropic.batches.results') {
      batch.polls += 1;
      this.advance(batch);
    }
    if (provider === 'openai') return { status: 200, body: this.openAIBatch(batch) };
    if (provider === 'gemini') return { status: 200, body: this.geminiBatch(batch) };
    if (route === 'anthropic.batches.results') {
      if (!batch.outcomes) {
        return {
          status: 400,
          body: anthropicError('invalid_request_error', 'Batch is still processing.'),
        };
      }
      const lines = batch.items.map((item, index) => ({
        custom_id: item.customId,
        result: anthropicResult(batch.outcomes![index]!),
      }));
      return {
        status: 200,
        body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
        contentType: 'application/binary',
      };
    }
    return { status: 200, body: this.anthropicBatch(batch, origin) };
  }

  private async openAIUpload(raw: {
    contentType: string;
    data: Buffer;
  }): Promise<{ status: number; body: unknown }> {
    const form = await new Request('http://fake/upload', {
      method: 'POST',
      headers: { 'content-type': raw.contentType },
      body: new Uint8Array(raw.data),
    }).formData();
    const purpose = form.get('purpose');
    const file = form.get('file');
    if (purpose !== 'batch' || typeof file === 'string' || file === null) {
      return {
        status: 400,
        body: {
          error: {
            message: "A file and purpose 'batch' are required.",
            type: 'invalid_request_error',
            param: 'purpose',
            code: null,
          },
        },
      };
    }
    const text = await file.text();
    const id = `file-fake${++this.counter}`;
    this.files.set(id, text);
    return {
      status: 200,
      body: {
        id,
        object: 'file',
        bytes: Buffer.byteLength(text),
        created_at: seconds(Date.now()),
        filename: file.name,
        purpose: 'batch',
        status: 'processed',
        expires_at: null,
      },
    };
  }

  private create(
    provider: Provider,
    model: string,
    items: Item[],
    fault?: FakeBatch['fault'],
  ): FakeBatch {
    const prefix = { openai: 'batch_fake', anthropic: 'msgbatch_fake', gemini: 'fakebatch' }[
      provider
    ];
    const batch: FakeBatch = {
      id: `${prefix}${++this.counter}`,
      provider,
      model,
      items,
      polls: 0,
      fault,
      cancelled: false,
      expired: false,
      createdAt: Date.now(),
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** Ends the batch once it was read often enough (or was cancelled), generating its replies. */
  private advance(batch: FakeBatch): void {
    if (batch.outcomes !== undefined) return;
    if (batch.cancelled) {
      // The provider ran some requests before the cancel took effect: those keep their answers.
      const answered = this.answeredBeforeCancel();
      batch.outcomes = batch.items.map((item, index): ItemOutcome =>
        index < answered
          ? { kind: 'done', reply: this.answer(batch.provider, batch.model, item.body) }
          : { kind: 'cancelled' },
      );
      batch.endedAt = Date.now();
      return;
    }
    if (batch.polls <= this.pollsBeforeDone()) return;
    const fault = batch.fault;
    const hit = (item: Item, index: number): boolean =>
      fault?.items ? fault.items(item.body) : index % 2 === 1;
    batch.expired = fault?.kind === 'batch-expired';
    batch.outcomes = batch.items.map((item, index): ItemOutcome => {
      if (fault && hit(item, index)) {
        if (fault.kind === 'batch-expired') return { kind: 'expired' };
        return { kind: 'done', reply: itemError(batch.provider) };
      }
      return { kind: 'done', reply: this.answer(batch.provider, batch.model, item.body) };
    });
    batch.endedAt = Date.now();
  }

  private counts(batch: FakeBatch): { total: number; ok: number; failed: number } {
    const outcomes = batch.outcomes ?? [];
    const ok = outcomes.filter((o) => o.kind === 'done' && o.reply.status === 200).length;
    return { total: batch.items.length, ok, failed: outcomes.length - ok };
  }

  private openAIBatch(batch: FakeBatch): Json {
    const ended = batch.outcomes !== undefined;
    let status = batch.polls === 0 ? 'validating' : 'in_progress';
    if (batch.cancelled) status = ended ? 'cancelled' : 'cancelling';
    else if (ended) status = batch.expired ? 'expired' : 'completed';
    let outputFileId: string | null = null;
    let errorFileId: string | null = null;
    if (ended) {
      const ok: string[] = [];
      const bad: string[] = [];
      batch.outcomes!.forEach((outcome, index) => {
        const customId = batch.items[index]!.customId;
        const id = `batch_req_fake${index}`;
        if (outcome.kind === 'done') {
          const line = JSON.stringify({
            id,
            custom_id: customId,
            response: {
              status_code: outcome.reply.status,
              request_id: `req_${index}`,
              body: outcome.reply.body,
            },
            error: null,
          });
          (outcome.reply.status === 200 ? ok : bad).push(line);
          // Expired requests go to the error file; requests a cancel stopped, to neither.
        } else if (outcome.kind === 'expired') {
          bad.push(
            JSON.stringify({
              id,
              custom_id: customId,
              response: null,
              error: {
                code: 'batch_expired',
                message: 'This request could not be executed before the completion window expired.',
              },
            }),
          );
        }
      });
      if (ok.length > 0) {
        outputFileId = `file-fake${++this.counter}`;
        this.files.set(outputFileId, ok.join('\n') + '\n');
      }
      if (bad.length > 0) {
        errorFileId = `file-fake${++this.counter}`;
        this.files.set(errorFileId, bad.join('\n') + '\n');
      }
    }
    const counts = this.counts(batch);
    return {
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: null,
      input_file_id: 'file-input',
      completion_window: '24h',
      status,
      output_file_id: outputFileId,
      error_file_id: errorFileId,
      created_at: seconds(batch.createdAt),
      expires_at: seconds(batch.createdAt + DAY_MS),
      completed_at: ended && !batch.expired && !batch.cancelled ? seconds(batch.endedAt!) : null,
      expired_at: batch.expired ? seconds(batch.endedAt!) : null,
      cancelled_at: batch.cancelled && ended ? seconds(batch.endedAt!) : null,
      request_counts: { total: counts.total, completed: counts.ok, failed: counts.failed },
      metadata: batch.metadata ?? null,
    };
  }

  private anthropicBatch(batch: FakeBatch, origin: string): Json {
    const ended = batch.outcomes !== undefined;
    const outcomes = batch.outcomes ?? [];
    const count = (test: (o: ItemOutcome) => boolean): number => outcomes.filter(test).length;
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.cancelled ? 'canceling' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : batch.items.length,
        succeeded: count((o) => o.kind === 'done' && o.reply.status === 200),
        errored: count((o) => o.kind === 'done' && o.reply.status !== 200),
        canceled: count((o) => o.kind === 'cancelled'),
        expired: count((o) => o.kind === 'expired'),
      },
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.createdAt + DAY_MS),
      ended_at: iso(batch.endedAt),
      archived_at: null,
      cancel_initiated_at: batch.cancelled ? iso(batch.createdAt) : null,
      results_url: ended ? `${origin}/anthropic/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  /** One page (the only one) of a provider's batch list, newest first. */
  private listPage(route: BatchRouteId, origin: string): Json {
    const provider = route.split('.')[0] as Provider;
    const mine = [...this.batches.values()].filter((b) => b.provider === provider).reverse();
    if (provider === 'gemini') return { operations: mine.map((b) => this.geminiBatch(b)) };
    const data = mine.map((b) =>
      provider === 'openai' ? this.openAIBatch(b) : this.anthropicBatch(b, origin),
    );
    const ends = { first_id: mine[0]?.id ?? null, last_id: mine.at(-1)?.id ?? null };
    return { ...(provider === 'openai' && { object: 'list' }), data, ...ends, has_more: false };
  }

  private geminiBatch(batch: FakeBatch): Json {
    const displayName = batch.displayName ?? '';
    const ended = batch.outcomes !== undefined;
    let state = batch.polls === 0 ? 'BATCH_STATE_PENDING' : 'BATCH_STATE_RUNNING';
    if (batch.cancelled && ended) state = 'BATCH_STATE_CANCELLED';
    else if (ended) state = batch.expired ? 'BATCH_STATE_EXPIRED' : 'BATCH_STATE_SUCCEEDED';
    const name = `batches/${batch.id}`;
    const responses: Json[] = [];
    if (ended) {
      batch.outcomes!.forEach((outcome, index) => {
        const metadata = { key: batch.items[index]!.customId };
        if (outcome.kind !== 'done') return;
        responses.push(
          outcome.reply.status === 200
            ? { response: outcome.reply.body, metadata }
            : { error: (outcome.reply.body as { error?: unknown }).error, metadata },
        );
      });
    }
    const counts = this.counts(batch);
    const metadata: Json = {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
      model: `models/${batch.model}`,
      displayName,
      name,
      state,
      createTime: iso(batch.createdAt),
      updateTime: iso(batch.endedAt ?? batch.createdAt),
      ...(ended && { endTime: iso(batch.endedAt) }),
      batchStats: {
        requestCount: String(counts.total),
        ...(ended && {
          successfulRequestCount: String(counts.ok),
          failedRequestCount: String(counts.failed),
        }),
        pendingRequestCount: String(ended ? 0 : counts.total),
      },
      ...(responses.length > 0 && {
        output: { inlinedResponses: { inlinedResponses: responses } },
      }),
    };
    return { name, metadata, ...(ended && { done: true, response: metadata }) };
  }
}

function anthropicError(type: string, message: string): Json {
  return { type: 'error', error: { type, message } };
}

function anthropicResult(outcome: ItemOutcome): Json {
  if (outcome.kind === 'expired') return { type: 'expired' };
  if (outcome.kind === 'cancelled') return { type: 'canceled' };
  if (outcome.reply.status === 200) return { type: 'succeeded', message: outcome.reply.body };
  return { type: 'errored', error: outcome.reply.body };
}

/** The per-item failure of a partly failed batch, in each provider's error shape. */
function itemError(provider: Provider): ItemReply {
  const message = 'The model produced invalid content for this request.';
  if (provider === 'anthropic') {
    return { status: 500, body: anthropicError('api_error', message) };
  }
  if (provider === 'gemini') {
    return { status: 500, body: { error: { code: 500, message, status: 'INTERNAL' } } };
  }
  return {
    status: 500,
    body: { error: { message, type: 'server_error', param: null, code: null } },
  };
}

function notFound(provider: Provider, message: string): { status: number; body: unknown } {
  if (provider === 'anthropic') {
    return { status: 404, body: anthropicError('not_found_error', message) };
  }
  if (provider === 'gemini') {
    return { status: 404, body: { error: { code: 404, message, status: 'NOT_FOUND' } } };
  }
  return {
    status: 404,
    body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
  };
}
