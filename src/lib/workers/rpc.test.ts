// The one worker RPC helper: ids, answers routed per request, start message first, transfer
// lists, fire-and-forget messages, crash and terminate failing what is pending, wire errors.
import { describe, expect, it } from 'vitest';
import {
  fromWireError,
  RpcChannel,
  toWireError,
  type RpcPortHandlers,
  type WireError,
} from './rpc';

type Req = { id: number; type: string; target?: number };
type Res = { id: number; type: 'event' | 'done'; value?: number };

/** A port double: records what was posted and lets the test answer or crash. */
function fakePort() {
  const posted: { message: Req; transfer?: Transferable[] }[] = [];
  let handlers: RpcPortHandlers<Res> | undefined;
  let opened = 0;
  let terminated = 0;
  const factory = (h: RpcPortHandlers<Res>) => {
    handlers = h;
    opened += 1;
    return {
      post: (message: Req, transfer?: Transferable[]) => posted.push({ message, transfer }),
      terminate: () => (terminated += 1),
    };
  };
  return {
    factory,
    posted,
    answer: (message: Res) => handlers?.onMessage(message),
    crash: (detail: string) => handlers?.onCrash(detail),
    get opened() {
      return opened;
    },
    get terminated() {
      return terminated;
    },
  };
}

function collector() {
  const taken: Res[] = [];
  const failed: Error[] = [];
  return {
    taken,
    failed,
    receiver: {
      take: (m: Res) => {
        taken.push(m);
        return m.type === 'done';
      },
      fail: (e: Error) => failed.push(e),
    },
  };
}

describe('RpcChannel', () => {
  it('starts lazily, sends the start message first, and numbers requests', () => {
    const port = fakePort();
    const channel = new RpcChannel<Req, Res>(port.factory, {
      crashError: (d) => new Error(d),
      onStart: (post) => post({ type: 'configure' }),
    });
    expect(channel.running).toBe(false);
    const buffer = new ArrayBuffer(4);
    const id = channel.send({ type: 'work' }, collector().receiver, [buffer]);
    expect(port.opened).toBe(1);
    expect(port.posted.map((p) => p.message)).toEqual([
      { type: 'configure', id: 1 },
      { type: 'work', id: 2 },
    ]);
    expect(id).toBe(2);
    expect(port.posted[1]?.transfer).toEqual([buffer]);
    expect(channel.pendingCount).toBe(1);
  });

  it('routes answers by id until the receiver says it is settled', () => {
    const port = fakePort();
    const channel = new RpcChannel<Req, Res>(port.factory, { crashError: (d) => new Error(d) });
    const a = collector();
    const b = collector();
    const idA = channel.send({ type: 'a' }, a.receiver);
    const idB = channel.send({ type: 'b' }, b.receiver);
    port.answer({ id: idA, type: 'event', value: 1 });
    port.answer({ id: idB, type: 'done' });
    port.answer({ id: idA, type: 'done' });
    port.answer({ id: idA, type: 'event', value: 2 }); // after settling: ignored
    port.answer({ id: 99, type: 'done' }); // unknown id: ignored
    expect(a.taken.map((m) => m.type)).toEqual(['event', 'done']);
    expect(b.taken.map((m) => m.type)).toEqual(['done']);
    expect(channel.pendingCount).toBe(0);
  });

  it('forgets a cancelled request and sends fire-and-forget messages with fresh ids', () => {
    const port = fakePort();
    const channel = new RpcChannel<Req, Res>(port.factory, { crashError: (d) => new Error(d) });
    channel.notify({ type: 'abort', target: 1 }); // no worker yet: nothing is sent
    expect(port.posted).toEqual([]);
    const c = collector();
    const id = channel.send({ type: 'a' }, c.receiver);
    expect(channel.forget(id)).toBe(true);
    expect(channel.forget(id)).toBe(false);
    channel.notify({ type: 'abort', target: id });
    channel.notify({ type: 'next', id });
    expect(port.posted.slice(1).map((p) => p.message)).toEqual([
      { type: 'abort', target: id, id: id + 1 },
      { type: 'next', id },
    ]);
    port.answer({ id, type: 'done' });
    expect(c.taken).toEqual([]);
  });

  it.each([
    [
      'a crash',
      (p: ReturnType<typeof fakePort>, _c: RpcChannel<Req, Res>) => p.crash('boom'),
      'crashed: boom',
    ],
    [
      'terminate',
      (_p: ReturnType<typeof fakePort>, c: RpcChannel<Req, Res>) =>
        c.terminate(new Error('stopped')),
      'stopped',
    ],
  ])(
    '%s fails every pending request, and the next request starts a new worker',
    (_label, stop, message) => {
      const port = fakePort();
      const channel = new RpcChannel<Req, Res>(port.factory, {
        crashError: (d) => new Error(`crashed: ${d}`),
      });
      const a = collector();
      const b = collector();
      channel.send({ type: 'a' }, a.receiver);
      channel.send({ type: 'b' }, b.receiver);
      stop(port, channel);
      expect([...a.failed, ...b.failed].map((e) => e.message)).toEqual([message, message]);
      expect(port.terminated).toBe(1);
      expect(channel.running).toBe(false);
      channel.send({ type: 'c' }, collector().receiver);
      expect(port.opened).toBe(2);
    },
  );

  it('throws from send when the worker cannot start, leaving nothing pending', () => {
    const channel = new RpcChannel<Req, Res>(
      () => {
        throw new Error('no workers here');
      },
      { crashError: (d) => new Error(d) },
    );
    expect(() => channel.send({ type: 'a' }, collector().receiver)).toThrow('no workers here');
    expect(channel.pendingCount).toBe(0);
    expect(channel.running).toBe(false);
  });
});

describe('wire errors', () => {
  it.each<[string, unknown, WireError]>([
    ['an Error', new TypeError('bad'), { name: 'TypeError', message: 'bad' }],
    [
      'an error-like object',
      { name: 'GPUError', message: 'lost' },
      { name: 'GPUError', message: 'lost' },
    ],
    ['a nameless object', { message: 'x' }, { name: 'Error', message: 'x' }],
    ['a string', 'plain', { name: 'Error', message: 'plain' }],
  ])('%s', (_label, thrown, wire) => {
    expect(toWireError(thrown)).toEqual(wire);
    const back = fromWireError(wire);
    expect([back.name, back.message]).toEqual([wire.name, wire.message]);
  });
});
