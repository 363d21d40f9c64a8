/**
 * The demo backend's calls to the BFF with the partner API key, exactly as a partner backend makes
 * them. The key stays on this server: the browser only ever receives short-lived tokens.
 */
export class BffClient {
  constructor(
    readonly bffUrl: string,
    private readonly partnerApiKey: string,
  ) {}

  /**
   * Calls a BFF route and returns its status and parsed JSON body (BFF errors included, so the demo
   * can show the BFF's own `{ error: { code, message } }` to the person).
   */
  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.bffUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.partnerApiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      return {
        status: 502,
        body: {
          error: {
            code: 'BFF_UNREACHABLE',
            message: `The BFF at ${this.bffUrl} did not answer (${(error as Error).message}).`,
          },
        },
      };
    }
    const text = await response.text();
    try {
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch {
      return {
        status: 502,
        body: {
          error: {
            code: 'BFF_BAD_RESPONSE',
            message: `The BFF answered ${path} with HTTP ${response.status} and no JSON.`,
          },
        },
      };
    }
  }
}
