import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import History from './History.svelte';
import { fakeFetch, json } from '../../test-support/fakeFetch';

afterEach(() => {
  vi.unstubAllGlobals();
  location.hash = '';
});

const id = (c: string) => c.repeat(64);
const entry = (c: string, parents: string[], message: string) => ({
  id: id(c),
  parents: parents.map(id),
  author: 'ann',
  message,
  committedAt: '2025-01-02T03:04:05Z',
  contentHash: id('f'),
});

describe('History', () => {
  it('lists commits newest first, marks merges and links the chosen pair to the diff', async () => {
    const { calls } = fakeFetch({
      [`GET /api/v1/prompts/a%2Fb/commits?ref=${id('c')}&limit=50`]: json({
        items: [entry('c', ['b', 'a'], 'merge dev'), entry('b', ['a'], 'second'), entry('a', [], 'first')],
        nextCursor: null,
      }),
    });
    render(History, { name: 'a/b', at: id('c') });
    await screen.findByText('second');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-commit'))).toEqual([id('c'), id('b'), id('a')]);
    expect(rows[0].textContent).toContain('merge');
    expect(rows[1].textContent).not.toContain('merge');
    expect(calls).toHaveLength(1);

    // defaults: from = the previous commit, to = the newest
    expect((screen.getByLabelText(`From ${id('b').slice(0, 12)}`) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(`To ${id('c').slice(0, 12)}`) as HTMLInputElement).checked).toBe(true);

    await fireEvent.click(screen.getByLabelText(`From ${id('a').slice(0, 12)}`));
    await fireEvent.click(screen.getByRole('button', { name: 'Show diff' }));
    expect(location.hash).toBe(`#/p/a%2Fb/diff?from=${id('a')}&to=${id('c')}`);
  });
});
