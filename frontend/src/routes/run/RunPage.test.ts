import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import RunPage from './RunPage.svelte';
import { fakeFetch, json } from '../../test-support/fakeFetch';

/** Stands in for the browser's WebSocket: the test plays the server. */
class FakeWebSocket {
  static made: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.made.push(this);
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number) {
    this.closedWith = code ?? null;
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(message: object) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }
}

const RUN = 'run_01J0000000000000000000000';
const H1 = '2026-01-01T10:00:00Z';
const item = (count: number, sum: number) => ({
  metric: 'accuracy', start: H1, count, sum, mean: sum / count, min: 0, max: 1, p50: 0.5, p90: 0.9, p99: 0.9,
});
const run = {
  id: RUN, prompt: 'a/b', ref: 'main', commit: 'c'.repeat(64), dataset: 'golden',
  ci: { sourceCommit: null, branch: null, pipelineUrl: null }, baseline: { run: null, label: null },
  status: 'open', createdAt: '2026-01-01T10:00:00Z', completedAt: null, eventCount: 3, verdict: null,
};

beforeEach(() => {
  FakeWebSocket.made = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  fakeFetch({
    [`GET /api/v1/runs/${RUN}`]: json(run),
    [`GET /api/v1/metrics?scope=run%3A${RUN}&bucket=hour`]: json({
      scope: `run:${RUN}`, bucket: 'hour', from: H1, to: H1, relativeAccuracy: 0.01, items: [item(3, 1.8)],
    }),
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const text = (id: string) => screen.getByTestId(id).textContent?.trim();

describe('RunPage', () => {
  it('shows the run and follows the live buckets of the chosen metric', async () => {
    const page = render(RunPage, { name: 'a/b', runId: RUN, metric: 'accuracy' });
    await screen.findByTestId('run-facts');
    expect(text('event-count')).toBe('3');
    expect(text('live-status')).toBe('Connecting…');

    const socket = FakeWebSocket.made[0];
    expect(socket.url).toBe(`ws://${location.host}/ws/v1/metrics`);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', id: 'live', scope: `run:${RUN}`, metric: 'accuracy', bucket: 'hour' }]);

    socket.receive({ type: 'snapshot', id: 'live', seq: 10, items: [item(3, 1.8)] });
    await waitFor(() => expect(text('total-count')).toBe('3'));
    expect(text('total-mean')).toBe('0.6');
    expect(text('live-status')).toBe('Live');

    socket.receive({ type: 'update', id: 'live', seq: 11, items: [item(5, 3.3)] });
    await waitFor(() => expect(text('latest-count')).toBe('5'));
    expect(text('latest-mean')).toBe('0.66');
    expect(screen.getByTestId('chart').getAttribute('aria-label')).toContain('count 5, mean 0.66');

    page.unmount();
    expect(socket.sent.at(-1)).toEqual({ type: 'unsubscribe', id: 'live' });
    expect(socket.closedWith).toBe(1000);
  });

  it('shows the server error detail of a refused subscription', async () => {
    render(RunPage, { name: 'a/b', runId: RUN, metric: 'nope' });
    await screen.findByTestId('run-facts');
    const socket = FakeWebSocket.made[0];
    socket.open();
    socket.receive({ type: 'error', id: 'live', code: 'evaluation.run-not-found', detail: 'no such run' });
    expect((await screen.findByTestId('live-error')).textContent).toContain('no such run');
    expect(text('live-status')).toBe('Error');
  });

  it('picks the run\'s own metric when the route names none', async () => {
    render(RunPage, { name: 'a/b', runId: RUN, metric: null });
    await waitFor(() => expect(FakeWebSocket.made).toHaveLength(1));
    FakeWebSocket.made[0].open();
    expect(FakeWebSocket.made[0].sent[0]).toMatchObject({ type: 'subscribe', metric: 'accuracy' });
    const options = Array.from((screen.getByLabelText('Metric') as HTMLSelectElement).options).map((o) => o.value);
    expect(options).toEqual(['accuracy', '_passed', '_latency_ms', '_cost', '_tokens_in', '_tokens_out']);
  });

  it('keeps the default metric when the run\'s metrics are read again', async () => {
    vi.unstubAllGlobals();
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const empty = { scope: `run:${RUN}`, bucket: 'hour', from: H1, to: H1, relativeAccuracy: 0.01, items: [] };
    fakeFetch({
      [`GET /api/v1/runs/${RUN}`]: json(run),
      [`GET /api/v1/metrics?scope=run%3A${RUN}&bucket=hour`]: [json(empty), json({ ...empty, items: [item(3, 1.8)] })],
    });
    render(RunPage, { name: 'a/b', runId: RUN, metric: null });
    await waitFor(() => expect(FakeWebSocket.made).toHaveLength(1));
    const socket = FakeWebSocket.made[0];
    socket.open();
    expect(socket.sent[0]).toMatchObject({ type: 'subscribe', metric: '_passed' });
    // live figures changed: the run and its metrics are read again about a second later
    socket.receive({ type: 'snapshot', id: 'live', seq: 10, items: [] });
    const select = screen.getByLabelText('Metric') as HTMLSelectElement;
    await waitFor(() => expect(Array.from(select.options).map((o) => o.value)).toContain('accuracy'), { timeout: 3000 });
    expect(select.value).toBe('_passed');
    expect(FakeWebSocket.made).toHaveLength(1);
    expect(socket.closedWith).toBeNull();
  });
});
