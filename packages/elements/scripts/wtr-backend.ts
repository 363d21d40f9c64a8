// A web-test-runner plugin that starts a REAL emulator and a REAL BFF (random ports) before the
// browser tests, wires the emulator's callbacks into the BFF, and serves a few test-only routes
// on the dev server so tests can act as the partner backend and as the signers:
//   GET  /__ess/config             → { bffUrl, emulatorUrl, seed, refusingBffUrl }
//        (refusingBffUrl: a second BFF that allows only another origin, for CORS refusal tests)
//   ANY  /__ess/bff/<path>         → the BFF, authenticated with the dev partner key
//   ANY  /__ess/emulator/<path>    → the emulator's control API (/_emulator/<path>)
//   GET  /__ess/raw/<path>         → any emulator URL (files, sign pages), which has no CORS
//   GET  /__ess/fixtures/geometry.pdf → the coordinate test PDF of @ess-kit/shared's test fixtures
// The partner key never reaches the browser: the dev server adds it.
import type { IncomingMessage } from 'node:http';
import { DEV_DEFAULTS } from '@ess-kit/shared';

interface Closable {
  url: string;
  close(): Promise<void>;
}

interface Running {
  emulator: Closable;
  bff: Closable;
  refusingBff: Closable;
  seed: unknown;
}

/** The policy of the CSP test page: nothing inline, nothing evaluated. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'";
const CSP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP</title>
<script type="module" src="/packages/elements/src/test/csp-page.js"></script></head><body></body></html>`;

/** Requests from the tests never wait longer than this. */
const FORWARD_TIMEOUT_MS = 15_000;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Minimal Koa context shape (the dev server is Koa; its types are not a dependency here).
interface KoaContext {
  path: string;
  method: string;
  querystring: string;
  req: IncomingMessage;
  status: number;
  body: unknown;
  type: string;
}

/** The plugin. */
export function essBackend() {
  let running: Running | null = null;
  let starting: Promise<Running> | null = null;
  let failure = '';

  async function start(port: number): Promise<Running> {
    const { startEmulator } = await import('@ess-kit/emulator');
    const { loadConfig, startBff } = await import('@ess-kit/bff');
    const emulator = await startEmulator({ port: 0, host: '127.0.0.1', composeDelayMs: 20 });
    const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`].join(',');
    const config = loadConfig({
      ESS_ENV: 'emulator',
      ESS_ENDPOINT: emulator.url,
      ESS_FILE_ENDPOINT: emulator.url,
      BFF_ALLOWED_ORIGINS: origins,
      STORE_URL: ':memory:',
      LOG_LEVEL: 'error',
    });
    const bff = await startBff({ ...config, port: 0 });
    const refusingBff = await startBff({
      ...loadConfig({
        ESS_ENV: 'emulator',
        ESS_ENDPOINT: emulator.url,
        BFF_ALLOWED_ORIGINS: 'https://shop.example',
        STORE_URL: ':memory:',
        LOG_LEVEL: 'error',
      }),
      port: 0,
    });
    await fetch(`${emulator.url}/_emulator/callback-targets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          url: `${bff.url}/v1/callbacks/ess`,
          key: DEV_DEFAULTS.callbackKey,
          token: DEV_DEFAULTS.callbackToken,
          format: 'v2',
        },
      ]),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`callback-targets: HTTP ${response.status} ${await response.text()}`);
    });
    const seed = await (await fetch(`${emulator.url}/_emulator/seed`)).json();
    return { emulator, bff, refusingBff, seed };
  }

  async function forward(ctx: KoaContext, target: string, headers: Record<string, string>): Promise<void> {
    const body = ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await readBody(ctx.req);
    const response = await fetch(target + (ctx.querystring ? `?${ctx.querystring}` : ''), {
      method: ctx.method,
      headers: { ...headers, 'content-type': ctx.req.headers['content-type'] ?? 'application/json' },
      body,
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    ctx.status = response.status;
    ctx.type = response.headers.get('content-type') ?? 'application/json';
    ctx.body = Buffer.from(await response.arrayBuffer());
  }

  return {
    name: 'ess-backend',
    async serverStart({ config }: { config: { port: number } }) {
      starting = start(config.port);
      starting.catch((error: unknown) => {
        failure = String((error as Error).stack ?? error)
          .split('\n')
          .slice(0, 3)
          .join(' | ');
        console.error(
          `[ess-backend] could not start the emulator and BFF: ${(error as Error).stack ?? error}`,
        );
      });
      running = await starting.catch(() => null);
    },
    async serverStop() {
      const current = running ?? (await starting?.catch(() => null));
      running = null;
      await current?.bff.close();
      await current?.refusingBff.close();
      await current?.emulator.close();
    },
    /** Koa middleware for the test-only routes. */
    middleware: async (
      ctx: KoaContext & { set(name: string, value: string): void },
      next: () => Promise<void>,
    ) => {
      if (ctx.path === '/__ess/csp.html') {
        // A page under a strict Content-Security-Policy (no inline script or style, no eval)
        // that loads the self-contained bundle: src/test/csp-page.js reports what happened.
        ctx.set('Content-Security-Policy', STRICT_CSP);
        ctx.type = 'text/html';
        ctx.body = CSP_PAGE;
        return;
      }
      if (ctx.path === '/__ess/fixtures/geometry.pdf') {
        // The coordinate test PDF (A4, Letter, landscape, /Rotate 90, CropBox and MediaBox offsets).
        const { geometryFixture } = await import('../../shared/test/pdf-fixtures.js');
        ctx.type = 'application/pdf';
        ctx.body = Buffer.from(await geometryFixture());
        return;
      }
      if (!ctx.path.startsWith('/__ess/')) return next();
      const live = running ?? (await starting?.catch(() => null));
      if (!live) {
        ctx.status = 503;
        ctx.body = { error: { code: 'NOT_STARTED', message: `The test backend is not running: ${failure}` } };
        return;
      }
      if (ctx.path === '/__ess/config') {
        ctx.type = 'application/json';
        ctx.body = JSON.stringify({
          bffUrl: live.bff.url,
          emulatorUrl: live.emulator.url,
          refusingBffUrl: live.refusingBff.url,
          seed: live.seed,
        });
        return;
      }
      if (ctx.path.startsWith('/__ess/bff/')) {
        return forward(ctx, live.bff.url + ctx.path.slice('/__ess/bff'.length), {
          authorization: `Bearer ${DEV_DEFAULTS.partnerApiKey}`,
        });
      }
      if (ctx.path.startsWith('/__ess/emulator/')) {
        return forward(ctx, `${live.emulator.url}/_emulator${ctx.path.slice('/__ess/emulator'.length)}`, {});
      }
      if (ctx.path.startsWith('/__ess/raw/')) {
        return forward(ctx, live.emulator.url + ctx.path.slice('/__ess/raw'.length), {});
      }
      ctx.status = 404;
      ctx.body = { error: { code: 'NOT_FOUND', message: `No test route ${ctx.path}.` } };
    },
  };
}
