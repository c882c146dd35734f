import { describe, expect, it } from 'vitest';
import { diffHref, parseRoute, promptHref } from './router';

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

  it('reports unknown paths and broken encodings as not found', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('#/p/%E0%A4%A')).toEqual({ page: 'not-found', path: '/p/%E0%A4%A' });
  });
});
