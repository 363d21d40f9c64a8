import { EssKitError } from './errors.js';
import type { TokenSource } from './token.js';

/** A `fetch`-compatible function; injectable so fixtures (Storybook, unit tests) can answer. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Requests to the BFF never wait longer than this. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Authenticated JSON requests to the BFF: bearer token, one retry with a fresh token after a 401,
 * a timeout, and the BFF's `{ error: { code, message, requestId } }` turned into {@link EssKitError}.
 */
export class BffHttp {
  constructor(
    readonly baseUrl: string,
    private readonly tokens: TokenSource,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {}

  /** Absolute URL of a BFF path (`/v1/...`) with query parameters (undefined/empty ones dropped). */
  url(path: string, query: Record<string, string | number | undefined | null> = {}): string {
    const base = this.baseUrl.endsWith('/') ? this.baseUrl.slice(0, -1) : this.baseUrl;
    const url = new URL(base + path, globalThis.location?.href);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url.href;
  }

  /** Sends a request and parses the JSON answer. */
  async json<T>(
    method: string,
    path: string,
    options: { query?: Record<string, string | number | undefined | null>; body?: unknown } = {},
  ): Promise<T> {
    const response = await this.request(method, path, options.query, options.body);
    const payload = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) throw errorFromResponse(response.status, payload);
    if (payload === null || typeof payload !== 'object') {
      throw new EssKitError(
        'BAD_RESPONSE',
        `The BFF answered ${method} ${path} with something that is not JSON.`,
        response.status,
      );
    }
    return payload as T;
  }

  /** GETs a binary answer (a PDF the BFF relays) as bytes; errors as for {@link json}. */
  async bytes(path: string, accept: string): Promise<Uint8Array> {
    const response = await this.request('GET', path, undefined, undefined, accept);
    if (!response.ok) throw errorFromResponse(response.status, await response.json().catch(() => null));
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Sends with the current token; after a 401, once more with a fresh one. */
  private async request(
    method: string,
    path: string,
    query: Record<string, string | number | undefined | null> | undefined,
    body: unknown,
    accept = 'application/json',
  ): Promise<Response> {
    if (!this.baseUrl) {
      throw new EssKitError('CONFIG_MISSING', 'No BFF URL: set bff-url.');
    }
    const url = this.url(path, query);
    let token = await this.tokens.get();
    let response = await this.send(method, url, token, body, accept);
    if (response.status === 401 && this.tokens.refreshable) {
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      response = await this.send(method, url, token, body, accept);
    }
    return response;
  }

  private async send(
    method: string,
    url: string,
    token: string,
    body: unknown,
    accept: string,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new EssKitError('TIMEOUT', 'The BFF did not answer in time.');
      }
      if (await this.answers()) {
        throw new EssKitError(
          'CORS_REFUSED',
          `Origin ${globalThis.location?.origin} is not in BFF_ALLOWED_ORIGINS.`,
        );
      }
      throw new EssKitError('NETWORK', 'Could not reach the BFF.');
    }
  }

  /**
   * A CORS refusal and an unreachable server fail `fetch` alike. A `no-cors` probe tells them
   * apart: it resolves (with an opaque answer) whenever the BFF answers at all.
   */
  private answers(): Promise<boolean> {
    return this.fetchImpl(this.url('/livez'), { mode: 'no-cors', signal: AbortSignal.timeout(5_000) }).then(
      () => true,
      () => false,
    );
  }
}

function errorFromResponse(status: number, payload: unknown): EssKitError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)
    ?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `The BFF answered HTTP ${status}.`;
  const requestId = typeof error?.requestId === 'string' ? error.requestId : null;
  return new EssKitError(code, message, status, requestId);
}
