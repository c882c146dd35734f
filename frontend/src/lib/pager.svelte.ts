import type { Page } from './api';

/**
 * A cursor-paginated list with "Load more": the items so far, the next page's cursor, and the loading and error
 * state of the last load. An answer that a later load superseded while in flight is dropped.
 */
export class Pager<T> {
  items = $state.raw<T[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  /** Whether a page has arrived, so "none" can be told apart from "not loaded yet". */
  loaded = $state(false);
  error = $state<unknown>(null);
  #generation = 0;
  readonly #fetchPage: (cursor: string | null) => Promise<Page<T>>;

  /** `fetchPage` asks the API for the page at `cursor` (`null`: the first). */
  constructor(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
    this.#fetchPage = fetchPage;
  }

  /**
   * Loads the first page, replacing the items, or with `append` the next page after them. Resolves to whether its
   * answer was taken (not when it failed, the error is then in `error`, nor when a later load superseded it).
   */
  async load(append = false): Promise<boolean> {
    const mine = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#fetchPage(append ? this.nextCursor : null);
      if (mine !== this.#generation) return false;
      this.items = append ? [...this.items, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.loaded = true;
      return true;
    } catch (e) {
      if (mine === this.#generation) this.error = e;
      return false;
    } finally {
      if (mine === this.#generation) this.loading = false;
    }
  }
}
