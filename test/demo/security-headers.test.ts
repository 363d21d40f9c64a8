// The demo partner site answers with the same baseline headers as the emulator's pages (issue 12,
// finding 12): no MIME sniffing, no framing by other sites (CSP frame-ancestors and X-Frame-Options),
// no plugins, no Referer — on its pages, its static files, its /api/* answers (also errors) and 404s.
// The real demo app on a real socket; its BFF is unreachable, so /api/* answers with its error path.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoApp } from '../../demo/server/app.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createDemoApp({
    bffUrl: 'http://127.0.0.1:9',
    emulatorUrl: null,
    partnerApiKey: 'demo-headers-test-partner-key',
    bundleFile: '/nonexistent/ess-elements.js',
  });
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the demo site', () => {
  it('sends the baseline security headers on every kind of answer', async () => {
    const paths = [
      '/',
      '/events',
      '/assets/demo.css',
      '/assets/demo.js',
      '/api/contracts',
      '/api/templates',
      '/nope',
    ];
    const statuses: number[] = [];
    for (const path of paths) {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      statuses.push(res.status);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).toMatch(/object-src 'none'/);
      expect(csp, path).toMatch(/base-uri 'self'/);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    // Pages and files served, an /api/* error (its BFF is unreachable) and a 404 were all covered.
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses[statuses.length - 1]).toBe(404);
    expect(statuses.slice(4, 6).some((s) => s >= 400)).toBe(true);
  });
});
