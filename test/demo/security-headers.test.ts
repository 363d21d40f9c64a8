// The demo partner site answers with the same baseline headers as the emulator's pages (issue 12,
// finding 12): no MIME sniffing, no framing by other sites (CSP frame-ancestors and X-Frame-Options),
// no plugins, no Referer — on its pages, its static files, its /api/* answers (also errors) and 404s.
// The real demo app on a real socket; its BFF is unreachable, so /api/* answers with its error path.
// And `npm start` on a non-loopback interface warns loudly for the demo site and the emulator.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDemoApp } from '../../demo/server/app.js';
import { claimPort } from '../../demo/server/ports.js';
import { startStack } from '../../demo/server/stack.js';

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

describe('npm start beyond loopback', () => {
  it('warns loudly that the demo site and the emulator have no authentication, and still sends the headers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ess-kit-demo-exposed-'));
    const warnings: string[] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
    const host = '0.0.0.0';
    const ports = {
      bff: await claimPort(0, host, 'bff', 'test'),
      emulator: await claimPort(0, host, 'emulator', 'test'),
      demo: await claimPort(0, host, 'demo', 'test'),
    };
    const stack = await startStack({
      env: { STORE_URL: join(dir, 'ess-kit.sqlite'), ESS_PROBE_INTERVAL_MS: '0', LOG_LEVEL: 'error' },
      host,
      ports,
    });
    try {
      const text = warnings.join('\n');
      expect(text).toMatch(/WARNING: the demo site .* listens on 0\.0\.0\.0[\s\S]*NO authentication/);
      expect(text).toMatch(/WARNING: the ESS emulator .* listens on 0\.0\.0\.0/);
      const page = await fetch(`${stack.urls.demo}/`, { signal: AbortSignal.timeout(10_000) });
      await page.arrayBuffer();
      expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      spy.mockRestore();
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
