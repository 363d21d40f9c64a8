/**
 * The BFF's router: Hono's default (RegExpRouter, else TrieRouter) with the answers it gave
 * remembered per method and path.
 *
 * Hono's RegExpRouter cannot hold the BFF's routes (a static `POST /v1/flows/by-file` beside
 * `POST /v1/flows/:flowId/cancel` is a shape it refuses), so Hono falls back to its TrieRouter,
 * which walks the tree and gathers the wildcard middleware on every request: the largest single
 * cost of the cached `GET /v1/flows/:flowId` in its profile (issue 17). A route table never changes
 * once the app serves, so the same method and path always match the same handlers: the result is
 * kept, up to {@link MEMO_ENTRIES} paths (oldest dropped first, so a scan of random paths costs
 * lookups, never memory).
 */
import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

/** Paths whose match is kept (a few status badges per partner page, many pages). */
export const MEMO_ENTRIES = 4096;

/** A router that remembers what its inner router matched. */
export class MemoRouter<T> implements Router<T> {
  readonly name: string;
  readonly #inner: Router<T>;
  readonly #memo = new Map<string, Result<T>>();
  readonly #entries: number;

  constructor(
    inner: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] }),
    entries = MEMO_ENTRIES,
  ) {
    this.#inner = inner;
    this.#entries = entries;
    this.name = `MemoRouter(${inner.name})`;
  }

  add(method: string, path: string, handler: T): void {
    this.#memo.clear();
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    let result = this.#memo.get(key);
    if (result === undefined) {
      result = this.#inner.match(method, path);
      if (this.#memo.size >= this.#entries) this.#memo.delete(this.#memo.keys().next().value as string);
      this.#memo.set(key, result);
    }
    return result;
  }
}
