import { describe, expect, it } from 'vitest';
import { diffHref, parseRoute, promptHref, runHref } from './router';

describe('hash routes', () => {
  it('parses the list and new pages', () => {
    expect(parseRoute('')).toEqual({ page: 'list' });
    expect(parseRoute('#/')).toEqual({ page: 'list' });
    expect(parseRoute('#/new')).toEqual({ page: 'new' });
  });

  it('round-trips a prompt name with slashes and a ref', () => {
    const href = promptHref('support/triage', 'prod');
    expect(href).toBe('#/p/support%2Ftriage?ref=prod');
    expect(parseRoute(href)).toEqual({ page: 'prompt', name: 'support/triage', ref: 'prod' });
    expect(parseRoute(promptHref('a/b'))).toEqual({ page: 'prompt', name: 'a/b', ref: null });
  });

  it('round-trips a diff route', () => {
    const href = diffHref('e2e/x y', 'c1', 'c2');
    expect(parseRoute(href)).toEqual({ page: 'diff', name: 'e2e/x y', from: 'c1', to: 'c2' });
  });

  it('round-trips a run route with and without a metric', () => {
    const href = runHref('support/triage', 'run_01J0000000000000000000000', '_latency_ms');
    expect(href).toBe('#/p/support%2Ftriage/runs/run_01J0000000000000000000000?metric=_latency_ms');
    expect(parseRoute(href)).toEqual({
      page: 'run',
      name: 'support/triage',
      runId: 'run_01J0000000000000000000000',
      metric: '_latency_ms',
    });
    expect(parseRoute(runHref('a b', 'run_1'))).toEqual({ page: 'run', name: 'a b', runId: 'run_1', metric: null });
    expect(parseRoute('#/p/x/runs/run_1?metric=')).toEqual({ page: 'run', name: 'x', runId: 'run_1', metric: null });
  });

  it('reports a runs path without one run id as not found', () => {
    expect(parseRoute('#/p/x/runs')).toEqual({ page: 'not-found', path: '/p/x/runs' });
    expect(parseRoute('#/p/x/runs/a/b')).toEqual({ page: 'not-found', path: '/p/x/runs/a/b' });
    expect(parseRoute('#/p/x/runs/%E0%A4%A')).toEqual({ page: 'not-found', path: '/p/x/runs/%E0%A4%A' });
  });

  it('reports unknown paths and broken encodings as not found', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('#/p/%E0%A4%A')).toEqual({ page: 'not-found', path: '/p/%E0%A4%A' });
  });
});
