import { describe, expect, it } from 'vitest';
import { Pager } from './pager.svelte';
import type { Page } from './api';

/** A page fetcher whose answers the test gives out by hand, in any order. */
function manual<T>() {
  const pending: { cursor: string | null; resolve: (page: Page<T>) => void; reject: (e: unknown) => void }[] = [];
  const fetchPage = (cursor: string | null) =>
    new Promise<Page<T>>((resolve, reject) => pending.push({ cursor, resolve, reject }));
  return { fetchPage, pending };
}

describe('Pager', () => {
  it('loads the first page, appends the next from its cursor and stops at the end', async () => {
    const { fetchPage, pending } = manual<string>();
    const pager = new Pager(fetchPage);
    expect(pager.loaded).toBe(false);

    const first = pager.load();
    expect(pager.loading).toBe(true);
    expect(pending[0].cursor).toBeNull();
    pending[0].resolve({ items: ['a', 'b'], nextCursor: 'c2' });
    expect(await first).toBe(true);
    expect(pager.items).toEqual(['a', 'b']);
    expect(pager.nextCursor).toBe('c2');
    expect(pager.loaded).toBe(true);
    expect(pager.loading).toBe(false);

    const more = pager.load(true);
    expect(pending[1].cursor).toBe('c2');
    pending[1].resolve({ items: ['c'], nextCursor: null });
    expect(await more).toBe(true);
    expect(pager.items).toEqual(['a', 'b', 'c']);
    expect(pager.nextCursor).toBeNull();

    const again = pager.load();
    expect(pending[2].cursor).toBeNull();
    pending[2].resolve({ items: ['z'], nextCursor: null });
    await again;
    expect(pager.items).toEqual(['z']);
  });

  it('keeps the error of a failed load and clears it on the next', async () => {
    const { fetchPage, pending } = manual<string>();
    const pager = new Pager(fetchPage);
    const failing = pager.load();
    const problem = new Error('offline');
    pending[0].reject(problem);
    expect(await failing).toBe(false);
    expect(pager.error).toBe(problem);
    expect(pager.loading).toBe(false);
    expect(pager.loaded).toBe(false);

    const retry = pager.load();
    expect(pager.error).toBeNull();
    pending[1].resolve({ items: [], nextCursor: null });
    expect(await retry).toBe(true);
    expect(pager.loaded).toBe(true);
    expect(pager.items).toEqual([]);
  });

  it('drops the answer and the failure of a load that a later one superseded', async () => {
    const { fetchPage, pending } = manual<string>();
    const pager = new Pager(fetchPage);
    const stale = pager.load();
    const staleFailure = pager.load();
    const current = pager.load();
    pending[2].resolve({ items: ['new'], nextCursor: null });
    expect(await current).toBe(true);
    pending[0].resolve({ items: ['old'], nextCursor: 'c9' });
    pending[1].reject(new Error('late'));
    expect(await stale).toBe(false);
    expect(await staleFailure).toBe(false);
    expect(pager.items).toEqual(['new']);
    expect(pager.nextCursor).toBeNull();
    expect(pager.error).toBeNull();
    expect(pager.loading).toBe(false);
  });

  it('stays loading while a superseding load is still in flight', async () => {
    const { fetchPage, pending } = manual<string>();
    const pager = new Pager(fetchPage);
    const stale = pager.load();
    void pager.load();
    pending[0].resolve({ items: ['old'], nextCursor: null });
    await stale;
    expect(pager.loading).toBe(true);
    expect(pager.items).toEqual([]);
  });
});
