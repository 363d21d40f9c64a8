import { EssKitError } from './errors.js';

/** Where a component gets its short-lived BFF token from. */
export interface TokenOptions {
  /** A fixed token (cannot be refreshed: when it expires, components show an error). */
  token?: string;
  /** A partner endpoint returning `{ "token": string }`, fetched with credentials (cookies). */
  tokenUrl?: string;
  /** A function returning a fresh token (or `{ token, expiresAt }`). */
  getToken?: () => Promise<string | TokenResult> | string | TokenResult;
}

/** What a token endpoint or `getToken()` may return. */
export interface TokenResult {
  token: string;
  /** ISO 8601; when absent, the JWT `exp` claim is used if the token is a JWT. */
  expiresAt?: string;
}

/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * Reads the `exp` claim (unix seconds) of a JWT without verifying it: the browser only needs to
 * know when to ask for a new one. Returns null for anything that is not a JWT with `exp`.
 */
export function jwtExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const claims = JSON.parse(atob(padded)) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Hands out a valid token, fetching a new one before the current one expires and whenever the BFF
 * answered 401 ({@link TokenSource.invalidate}). Concurrent callers share one refresh.
 */
export class TokenSource {
  private current: { token: string; refreshAtMs: number | null } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly options: TokenOptions) {
    if (options.token) {
      this.current = { token: options.token, refreshAtMs: jwtExpiry(options.token) };
    }
  }

  /** True when the source can produce a new token (token-url or getToken). */
  get refreshable(): boolean {
    return Boolean(this.options.tokenUrl || this.options.getToken);
  }

  /** A token that is not about to expire. */
  async get(): Promise<string> {
    const now = Date.now();
    if (this.current && !this.isStale(now)) return this.current.token;
    if (!this.refreshable) {
      if (this.current) return this.current.token; // let the BFF say 401: the page must supply a new one
      throw new EssKitError('TOKEN_MISSING', 'No token: set token, token-url or getToken.');
    }
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forget the current token (after a 401) so the next {@link get} fetches a new one. */
  invalidate(rejected?: string): void {
    if (!this.refreshable) return;
    if (!rejected || this.current?.token === rejected) this.current = null;
  }

  private isStale(now: number): boolean {
    const refreshAt = this.current?.refreshAtMs;
    return refreshAt != null && now >= refreshAt;
  }

  private async fetchToken(): Promise<string> {
    let result: string | TokenResult;
    if (this.options.getToken) {
      result = await this.options.getToken();
    } else {
      let response: Response;
      try {
        response = await fetch(this.options.tokenUrl as string, {
          credentials: 'include',
          headers: { Accept: 'application/json' },
        });
      } catch {
        throw new EssKitError('TOKEN_FETCH_FAILED', 'Could not reach token-url.');
      }
      if (!response.ok) {
        throw new EssKitError(
          'TOKEN_FETCH_FAILED',
          `token-url answered HTTP ${response.status}.`,
          response.status,
        );
      }
      result = (await response.json().catch(() => null)) as TokenResult;
    }
    const token = typeof result === 'string' ? result : result?.token;
    if (typeof token !== 'string' || token === '') {
      throw new EssKitError('TOKEN_INVALID', 'No token from the token source: expected { "token": "..." }.');
    }
    const declared =
      typeof result === 'object' && result.expiresAt ? Date.parse(result.expiresAt) : Number.NaN;
    const expiresAt = Number.isFinite(declared) ? declared : jwtExpiry(token);
    // Refresh a little early: 30 s before expiry, or a fifth of the lifetime for short-lived tokens.
    const margin = expiresAt == null ? 0 : Math.min(REFRESH_MARGIN_MS, (expiresAt - Date.now()) / 5);
    this.current = { token, refreshAtMs: expiresAt == null ? null : expiresAt - margin };
    return token;
  }
}
