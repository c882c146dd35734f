import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import Runs from './Runs.svelte';
import { fakeFetch, json, problem } from '../../test-support/fakeFetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

const run = (id: string, status: string, eventCount: number) => ({
  id, prompt: 'a/b', ref: 'main', commit: 'c'.repeat(64), dataset: 'golden',
  ci: { sourceCommit: null, branch: null, pipelineUrl: null }, baseline: { run: null, label: null },
  status, createdAt: '2026-01-01T10:00:00Z', completedAt: null, eventCount, verdict: null,
});

describe('Runs', () => {
  it('lists the prompt\'s runs in the order the API gives, each linking to its run page', async () => {
    const { calls } = fakeFetch({
      'GET /api/v1/runs?prompt=a%2Fb&limit=20': json({
        items: [run('run_2', 'open', 5), run('run_1', 'completed', 7)],
        nextCursor: null,
      }),
    });
    render(Runs, { name: 'a/b' });
    const link = await screen.findByRole('link', { name: 'run_2' });
    expect(link.getAttribute('href')).toBe('#/p/a%2Fb/runs/run_2');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-run'))).toEqual(['run_2', 'run_1']);
    expect(rows[1].textContent).toContain('completed');
    expect(calls).toHaveLength(1);
  });

  it('says when there are no runs, and shows a problem detail', async () => {
    fakeFetch({ 'GET /api/v1/runs?prompt=x&limit=20': json({ items: [], nextCursor: null }) });
    render(Runs, { name: 'x' });
    await screen.findByText(/No evaluation runs yet/);
    vi.unstubAllGlobals();

    fakeFetch({ 'GET /api/v1/runs?prompt=y&limit=20': problem(400, 'versioning.invalid-name', 'bad name') });
    render(Runs, { name: 'y' });
    expect((await screen.findByRole('alert')).textContent).toContain('bad name');
  });

  it('appends the next page with Load more and starts over with Refresh runs', async () => {
    const { calls } = fakeFetch({
      'GET /api/v1/runs?prompt=a%2Fb&limit=20': [
        json({ items: [run('run_3', 'open', 1)], nextCursor: 'c/2' }),
        json({ items: [run('run_4', 'open', 0), run('run_3', 'open', 2)], nextCursor: null }),
      ],
      'GET /api/v1/runs?prompt=a%2Fb&cursor=c%2F2&limit=20': json({ items: [run('run_2', 'completed', 9)], nextCursor: null }),
    });
    render(Runs, { name: 'a/b' });
    await fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByRole('link', { name: 'run_2' });
    const ids = () => screen.getAllByRole('row').slice(1).map((r) => r.getAttribute('data-run'));
    expect(ids()).toEqual(['run_3', 'run_2']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Refresh runs' }));
    await screen.findByRole('link', { name: 'run_4' });
    expect(ids()).toEqual(['run_4', 'run_3']);
    expect(calls).toHaveLength(3);
  });
});
