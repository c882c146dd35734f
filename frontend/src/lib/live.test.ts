import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, liveUrl, LiveMetrics, mergeBuckets, type BucketItem, type LiveState, type SocketLike } from './live';

/** A WebSocket stand-in: records what the client sends and lets the test play the server. */
class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(message: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
}

const bucket = (start: string, count: number, mean: number): BucketItem => ({
  metric: 'accuracy',
  start,
  count,
  sum: count * mean,
  mean,
  min: 0,
  max: 1,
  p50: mean,
  p90: mean,
  p99: mean,
});

const H1 = '2026-01-01T10:00:00Z';
const H2 = '2026-01-01T11:00:00Z';
const H3 = '2026-01-01T12:00:00Z';

let sockets: FakeSocket[];
let states: LiveState[];
let live: LiveMetrics | null;

function start(extra: { backoffMs?: number; maxBackoffMs?: number } = {}): LiveMetrics {
  live = new LiveMetrics({
    url: 'ws://host/ws/v1/metrics',
    scope: 'run:run_X',
    metric: 'accuracy',
    id: 'chart',
    onChange: (s) => states.push(s),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    ...extra,
  });
  return live;
}

const last = () => states[states.length - 1];
const counts = () => last().buckets.map((b) => [b.start, b.count, b.mean]);

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
  states = [];
  live = null;
});

afterEach(() => {
  live?.close();
  vi.useRealTimers();
});

describe('live metrics client', () => {
  it('subscribes on open and applies the snapshot, then merges updates by bucket start', () => {
    start();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe('ws://host/ws/v1/metrics');
    sockets[0].open();
    expect(sockets[0].sent).toEqual([
      { type: 'subscribe', id: 'chart', scope: 'run:run_X', metric: 'accuracy', bucket: 'hour' },
    ]);
    expect(live!.state.status).toBe('connecting');

    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 100, scope: 'run:run_X', metric: 'accuracy',
      bucket: 'hour', from: H1, to: null, items: [bucket(H2, 2, 0.5), bucket(H1, 4, 0.25)] });
    expect(last().status).toBe('live');
    expect(counts()).toEqual([[H1, 4, 0.25], [H2, 2, 0.5]]);

    // an update carries current totals of the buckets it names; others stay as they were
    sockets[0].receive({ type: 'update', id: 'chart', seq: 101, items: [bucket(H2, 5, 0.6), bucket(H3, 1, 1)] });
    expect(counts()).toEqual([[H1, 4, 0.25], [H2, 5, 0.6], [H3, 1, 1]]);
    expect(last().seq).toBe(101);

    // a later snapshot replaces everything
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 102, items: [bucket(H3, 7, 0.5)] });
    expect(counts()).toEqual([[H3, 7, 0.5]]);
  });

  it('ignores messages whose seq is not above the last one seen, and other subscriptions', () => {
    start();
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 10, items: [bucket(H1, 1, 1)] });
    sockets[0].receive({ type: 'update', id: 'chart', seq: 12, items: [bucket(H1, 3, 0.5)] });
    sockets[0].receive({ type: 'update', id: 'chart', seq: 11, items: [bucket(H1, 2, 0.75)] });
    sockets[0].receive({ type: 'update', id: 'chart', seq: 12, items: [bucket(H1, 9, 0.1)] });
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 12, items: [] });
    sockets[0].receive({ type: 'update', id: 'other', seq: 13, items: [bucket(H1, 8, 0.2)] });
    expect(counts()).toEqual([[H1, 3, 0.5]]);
    expect(last().seq).toBe(12);
  });

  it('answers the server ping with pong', () => {
    start();
    sockets[0].open();
    sockets[0].receive({ type: 'ping' });
    expect(sockets[0].sent.at(-1)).toEqual({ type: 'pong' });
  });

  it('reconnects with backoff after a drop and resumes from the last seq with the subscription fields', () => {
    start({ backoffMs: 100, maxBackoffMs: 1000 });
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 50, items: [bucket(H1, 2, 0.5)] });
    sockets[0].receive({ type: 'update', id: 'chart', seq: 55, items: [bucket(H1, 3, 0.5)] });

    sockets[0].drop(4008, 'too slow; reconnect and resume');
    expect(last().status).toBe('reconnecting');
    expect(last().detail).toContain('4008 too slow');
    expect(last().buckets).toHaveLength(1); // the figures stay on screen meanwhile

    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);

    // the second attempt fails before opening: the next wait is twice as long
    sockets[1].drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    sockets[2].open();
    expect(sockets[2].sent).toEqual([
      { type: 'resume', id: 'chart', scope: 'run:run_X', metric: 'accuracy', bucket: 'hour', after: 55 },
    ]);
    // the answer from history: only the buckets that changed since
    sockets[2].receive({ type: 'update', id: 'chart', seq: 60, items: [bucket(H2, 1, 1)] });
    expect(last().status).toBe('live');
    expect(counts()).toEqual([[H1, 3, 0.5], [H2, 1, 1]]);

    // a message from the dead socket changes nothing
    sockets[0].receive({ type: 'update', id: 'chart', seq: 99, items: [bucket(H1, 99, 0)] });
    expect(counts()).toEqual([[H1, 3, 0.5], [H2, 1, 1]]);

    // after a successful answer the backoff starts over
    sockets[2].drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  it('is live again when a resume finds nothing new', () => {
    start({ backoffMs: 10 });
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 50, items: [bucket(H1, 2, 0.5)] });
    sockets[0].drop();
    vi.advanceTimersByTime(10);
    sockets[1].open();
    sockets[1].receive({ type: 'update', id: 'chart', seq: 50, items: [] });
    expect(last().status).toBe('live');
    expect(counts()).toEqual([[H1, 2, 0.5]]);
  });

  it('takes a fresh snapshot in answer to a resume even when its seq is lower (a restarted server)', () => {
    start({ backoffMs: 10 });
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 500, items: [bucket(H1, 2, 0.5)] });
    sockets[0].drop();
    vi.advanceTimersByTime(10);
    sockets[1].open();
    sockets[1].receive({ type: 'snapshot', id: 'chart', seq: 400, items: [bucket(H1, 6, 0.4)] });
    expect(counts()).toEqual([[H1, 6, 0.4]]);
    expect(last().seq).toBe(400);
  });

  it('shows the detail of a refused subscription and stops', () => {
    start({ backoffMs: 10 });
    sockets[0].open();
    sockets[0].receive({ type: 'error', id: 'chart', code: 'evaluation.run-not-found', detail: 'no run run_X' });
    expect(last().status).toBe('error');
    expect(last().detail).toBe('no run run_X (evaluation.run-not-found)');
    expect(sockets[0].closedWith?.code).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('shows an error that does not end the subscription and keeps applying updates', () => {
    start();
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 1, items: [] });
    sockets[0].receive({ type: 'error', id: null, code: 'live.busy', detail: 'over 64 messages are waiting' });
    expect(last().status).toBe('live');
    expect(last().detail).toBe('over 64 messages are waiting (live.busy)');
    sockets[0].receive({ type: 'update', id: 'chart', seq: 2, items: [bucket(H1, 1, 1)] });
    expect(counts()).toEqual([[H1, 1, 1]]);
  });

  it('unsubscribes and closes cleanly, and never reconnects after close', () => {
    const client = start({ backoffMs: 10 });
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 'chart', seq: 1, items: [] });
    client.close();
    expect(sockets[0].sent.at(-1)).toEqual({ type: 'unsubscribe', id: 'chart' });
    expect(sockets[0].closedWith?.code).toBe(1000);
    expect(last().status).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('cancels a pending reconnect on close', () => {
    const client = start({ backoffMs: 10 });
    sockets[0].drop();
    client.close();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('live helpers', () => {
  it('builds the socket URL from the page location', () => {
    expect(liveUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/v1/metrics');
    expect(liveUrl({ protocol: 'https:', host: 'pf.example.com' })).toBe('wss://pf.example.com/ws/v1/metrics');
  });

  it('doubles the backoff up to the maximum', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, 500, 5000))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('merges by metric and start and sorts by time', () => {
    const merged = mergeBuckets([bucket(H2, 1, 1)], [bucket(H1, 2, 0.5), { ...bucket(H2, 3, 0.3) }]);
    expect(merged.map((b) => [b.start, b.count])).toEqual([[H1, 2], [H2, 3]]);
  });
});
