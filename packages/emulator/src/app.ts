import { Hono } from 'hono';
import { apiRoutes } from './api/index.js';
import type { EmulatorContext } from './context.js';
import { controlRoutes } from './control/index.js';
import { essbasicApi } from './essbasic/api.js';
import { platformControlRoutes } from './essbasic/control.js';
import { platformPageRoutes } from './essbasic/pages.js';
import { baselineHeaders } from './exposure.js';
import { fileRoutes } from './files/routes.js';
import { pageRoutes } from './pages/index.js';

/**
 * Mounts every surface of the emulator on one Hono app (one port, any Host):
 * `POST /` the ESS API and, in platform mode, essbasic (fault injection first), `/files/...`
 * downloads, `/_emulator/...` the control API, the signing/scan pages at `/` and the platform's
 * console login pages at `/console`.
 */
export function createApp(ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.use('*', baselineHeaders());
  app.route('/_emulator/applications', platformControlRoutes(ctx));
  app.route('/_emulator', controlRoutes(ctx));
  app.route('/files', fileRoutes(ctx));
  app.use('/', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    return ctx.faults.apiMiddleware()(c, next);
  });
  // Platform mode: essbasic calls (X-TC-Version 2021-05-26) are answered here, ess ones pass on.
  app.use('/', essbasicApi(ctx));
  app.route('/', apiRoutes(ctx));
  app.route('/', pageRoutes(ctx));
  app.route('/console', platformPageRoutes(ctx));
  // Browsers ask for it on every signing and scan page; "no icon" instead of a 404 in their console.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.notFound((c) =>
    c.json(
      {
        error: { code: 'NOT_FOUND', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` },
      },
      404,
    ),
  );
  // Last line of defence: a bug must surface as a clear JSON error, never a stack trace.
  app.onError((error, c) => {
    console.error('[ess-emulator] unhandled error:', error);
    return c.json(
      { error: { code: 'INTERNAL_ERROR', message: 'The emulator hit an internal error; see its log.' } },
      500,
    );
  });
  return app;
}
