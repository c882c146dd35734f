// Live metric buckets over the WebSocket at /ws/v1/metrics: one subscription per LiveMetrics.
// Protocol: docs/live-metrics.md and the Javadoc of app/.../metrics/ws/MetricsSocket.java.
//   -> {"type":"subscribe","id","scope","metric","bucket"}    <- {"type":"snapshot","id","seq",...,"items"}
//   -> {"type":"resume", ...the subscribe fields, "after":seq} <- an update (from history) or a fresh snapshot
//   <- {"type":"update","id","seq","items"}: only the buckets that changed, each with its current totals
//   <- {"type":"error","id"?,"code","detail"}   <- {"type":"ping"} -> {"type":"pong"}
// No framework code here: the page passes `onChange` and renders the state it gets.

/** One bucket of one metric with its current totals, as REST and the live socket carry it (BucketItem.java). */
export interface BucketItem {
  metric: string;
  start: string;
  count: number;
  sum: number;
  mean: number | null;
  min: number;
  max: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export type BucketSize = 'hour' | 'day' | 'week';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'error' | 'closed';

export interface LiveState {
  status: LiveStatus;
  /** Why the state is not plainly live: the server's error detail, or why and when it reconnects. */
  detail: string | null;
  /** The subscription's buckets, oldest first. */
  buckets: BucketItem[];
  /** The last sequence number applied. */
  seq: number | null;
}

/** The part of the browser's WebSocket this client uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveOptions {
  url: string;
  scope: string;
  metric: string;
  bucket?: BucketSize;
  /** The subscription's name on the connection. */
  id?: string;
  onChange: (state: LiveState) => void;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; it doubles on each failed attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;

/** ws:// or wss:// URL of the live endpoint on the page's own host. */
export function liveUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/v1/metrics`;
}

/** Reconnect delay after `attempt` failed attempts (0 based): base, 2 x base, 4 x base, ... up to max. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
}

/** Replaces the buckets `items` carry (by metric and start) and keeps the rest; the result is sorted by start. */
export function mergeBuckets(current: readonly BucketItem[], items: readonly BucketItem[]): BucketItem[] {
  const byKey = new Map<string, BucketItem>();
  for (const b of current) byKey.set(key(b), b);
  for (const b of items) byKey.set(key(b), b);
  return sortByStart([...byKey.values()]);
}

function key(b: BucketItem): string {
  return `${b.metric}\u0000${b.start}`;
}

function sortByStart(items: BucketItem[]): BucketItem[] {
  const time = (b: BucketItem) => {
    const t = Date.parse(b.start);
    return Number.isNaN(t) ? 0 : t;
  };
  return items.sort((a, b) => time(a) - time(b) || a.metric.localeCompare(b.metric));
}

type ServerMessage = { type?: unknown; id?: unknown; seq?: unknown; items?: unknown; code?: unknown; detail?: unknown };

/**
 * A live subscription to one metric of one scope. Starts connecting at once; `close()` unsubscribes and closes
 * the connection (call it when the page is left or the metric changes).
 */
export class LiveMetrics {
  private readonly options: Required<Omit<LiveOptions, 'createSocket'>> & Pick<LiveOptions, 'createSocket'>;
  private socket: SocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  /** Whether the current connection has answered our subscribe or resume. */
  private answered = false;
  private closed = false;
  private current: LiveState = { status: 'connecting', detail: null, buckets: [], seq: null };

  constructor(options: LiveOptions) {
    this.options = {
      bucket: 'hour',
      id: 'live',
      backoffMs: 500,
      maxBackoffMs: 15_000,
      ...options,
    };
    this.connect();
  }

  get state(): LiveState {
    return this.current;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detach(socket);
      if (socket.readyState === OPEN) {
        if (this.answered) this.sendOn(socket, { type: 'unsubscribe', id: this.options.id });
        socket.close(NORMAL_CLOSURE, 'done');
      } else {
        try {
          socket.close(NORMAL_CLOSURE, 'done');
        } catch {
          // not open yet: nothing to close cleanly
        }
      }
    }
    this.set({ status: 'closed', detail: null });
  }

  private connect(): void {
    this.answered = false;
    let socket: SocketLike;
    try {
      socket = this.options.createSocket ? this.options.createSocket(this.options.url) : new WebSocket(this.options.url);
    } catch (e) {
      this.dropped(`could not connect: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const subscription = {
        id: this.options.id,
        scope: this.options.scope,
        metric: this.options.metric,
        bucket: this.options.bucket,
      };
      if (this.current.seq === null) {
        this.sendOn(socket, { type: 'subscribe', ...subscription });
      } else {
        this.sendOn(socket, { type: 'resume', ...subscription, after: this.current.seq });
      }
    };
    socket.onmessage = (event) => {
      if (socket === this.socket) this.receive(socket, event.data);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      const why = event.reason ? `${event.code} ${event.reason}` : `${event.code}`;
      this.dropped(`connection closed (${why})`);
    };
    socket.onerror = () => {
      // a close event follows; it carries the code
    };
  }

  private receive(socket: SocketLike, data: unknown): void {
    if (typeof data !== 'string') return;
    let m: ServerMessage;
    try {
      const parsed: unknown = JSON.parse(data);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return;
      m = parsed as ServerMessage;
    } catch {
      return;
    }
    switch (m.type) {
      case 'ping':
        this.sendOn(socket, { type: 'pong' });
        return;
      case 'snapshot':
      case 'update':
        if (m.id === this.options.id) this.apply(m.type, m);
        return;
      case 'error':
        if (m.id === undefined || m.id === null || m.id === this.options.id) this.failed(socket, m);
        return;
      default:
        // pong, unsubscribed and anything newer: nothing to do
        return;
    }
  }

  private apply(type: 'snapshot' | 'update', m: ServerMessage): void {
    const seq = typeof m.seq === 'number' ? m.seq : null;
    const items = Array.isArray(m.items) ? (m.items as BucketItem[]) : [];
    const last = this.current.seq;
    const first = !this.answered;
    this.answered = true;
    if (first) this.attempts = 0;
    // The snapshot that answers our own subscribe or resume is the current state whatever its number (a server
    // that restarted with its clock behind would number lower); after it, only a higher seq is news.
    const stale = !(first && type === 'snapshot') && seq !== null && last !== null && seq <= last;
    if (stale) {
      // a resume answered with nothing new still means the subscription is live again
      if (first) this.set({ status: 'live', detail: null });
      return;
    }
    this.set({
      status: 'live',
      detail: null,
      buckets: type === 'snapshot' ? sortByStart([...items]) : mergeBuckets(this.current.buckets, items),
      seq: seq ?? last,
    });
  }

  private failed(socket: SocketLike, m: ServerMessage): void {
    const detail = typeof m.detail === 'string' && m.detail ? m.detail : 'the server refused the request';
    const code = typeof m.code === 'string' ? m.code : null;
    const text = code ? `${detail} (${code})` : detail;
    if (this.answered) {
      // the subscription still stands (the server never closes on an error): show it, keep the figures coming
      this.set({ detail: text });
      return;
    }
    // our subscribe or resume was refused: retrying the same request would be refused again
    this.socket = null;
    detach(socket);
    socket.close(NORMAL_CLOSURE, 'subscription refused');
    this.set({ status: 'error', detail: text });
  }

  private dropped(why: string): void {
    this.socket = null;
    if (this.closed) return;
    const delay = backoffDelay(this.attempts++, this.options.backoffMs, this.options.maxBackoffMs);
    this.set({ status: 'reconnecting', detail: `${why}; reconnecting in ${formatDelay(delay)}` });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.connect();
    }, delay);
  }

  private sendOn(socket: SocketLike, message: object): void {
    if (socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  private set(patch: Partial<LiveState>): void {
    this.current = { ...this.current, ...patch };
    this.options.onChange(this.current);
  }
}

function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
