// The SSE set-up in-process (issue 15): the resume cursor (header or ?since=, trimmed, blank = none)
// and a stream whose start fails — logged with the route's message, and the stream ended.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import { createLogger } from '../logger.js';
import { readCursor, streamSse } from './sse.js';

const cursorApp = new Hono();
cursorApp.get('/', (c) => {
  try {
    return c.json({ cursor: readCursor(c) });
  } catch (err) {
    if (!(err instanceof BffError)) throw err;
    return c.json({ code: err.code, message: err.message }, 400);
  }
});
async function cursor(query: string, headers: Record<string, string> = {}) {
  return (await cursorApp.request(`/${query}`, { headers })).json();
}

describe('readCursor', () => {
  it('reads ?since= or Last-Event-ID, trimmed; blank or absent is no cursor', async () => {
    expect(await cursor('')).toEqual({ cursor: null });
    expect(await cursor('?since=%20%20')).toEqual({ cursor: null });
    expect(await cursor('?since=%205%20')).toEqual({ cursor: '5' });
    expect(await cursor('', { 'last-event-id': '7' })).toEqual({ cursor: '7' });
    expect(await cursor('?since=x%20')).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Last-Event-ID / since must be an event id this server sent',
    });
  });
});

describe('streamSse', () => {
  it('logs a start that fails with the given message and its cause, and ends the stream', async () => {
    const lines: string[] = [];
    const deps = {
      config: loadConfig({ ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' }, {}),
      logger: createLogger({ level: 'info', sink: (l) => lines.push(l) }),
    } as unknown as BffDeps;
    const app = new Hono<BffEnv>();
    app.get('/', (c) =>
      streamSse(c, deps, 'test stream failed', async (sink) => {
        sink.write(new TextEncoder().encode('data: first\n\n'));
        throw new Error('replay broke');
      }),
    );
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // The body ends (the stream is closed) rather than hanging.
    expect(await res.text()).toContain('data: first');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'test stream failed', error: 'replay broke' }),
    ]);
  });
});
