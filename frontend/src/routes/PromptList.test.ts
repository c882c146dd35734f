import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import PromptList from './PromptList.svelte';
import { fakeFetch, json, problem } from '../test-support/fakeFetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

const item = (name: string, head = 'a'.repeat(64)) => ({ name, head, updatedAt: '2025-01-02T03:04:05Z' });

describe('PromptList', () => {
  it('renders the prompts as links to their pages', async () => {
    fakeFetch({
      'GET /api/v1/prompts?limit=50': json({ items: [item('support/triage'), item('welcome')], nextCursor: null }),
    });
    render(PromptList);
    const link = await screen.findByRole('link', { name: 'support/triage' });
    expect(link.getAttribute('href')).toBe('#/p/support%2Ftriage');
    expect(screen.getByRole('link', { name: 'welcome' })).toBeTruthy();
    expect(screen.getAllByText('aaaaaaaaaaaa')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('searches with q and replaces the list', async () => {
    const { calls } = fakeFetch({
      'GET /api/v1/prompts?limit=50': json({ items: [item('one'), item('two')], nextCursor: null }),
      'GET /api/v1/prompts?q=tw&limit=50': json({ items: [item('two')], nextCursor: null }),
    });
    render(PromptList);
    await screen.findByRole('link', { name: 'one' });
    await fireEvent.input(screen.getByLabelText('Search prompts'), { target: { value: ' tw ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await vi.waitFor(() => expect(screen.queryByRole('link', { name: 'one' })).toBeNull());
    expect(screen.getByRole('link', { name: 'two' })).toBeTruthy();
    expect(calls.map((c) => c.url)).toContain('/api/v1/prompts?q=tw&limit=50');
  });

  it('appends the next page with Load more and hides it at the end', async () => {
    fakeFetch({
      'GET /api/v1/prompts?limit=50': json({ items: [item('one')], nextCursor: 'c/2' }),
      'GET /api/v1/prompts?cursor=c%2F2&limit=50': json({ items: [item('two')], nextCursor: null }),
    });
    render(PromptList);
    await fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByRole('link', { name: 'two' });
    expect(screen.getByRole('link', { name: 'one' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows the problem detail when listing fails', async () => {
    fakeFetch({ 'GET /api/v1/prompts?limit=50': problem(503, 'store.unavailable', 'The store is offline.') });
    render(PromptList);
    expect((await screen.findByRole('alert')).textContent).toContain('The store is offline.');
  });
});
