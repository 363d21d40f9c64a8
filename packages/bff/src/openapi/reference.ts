/**
 * `GET /docs`: the API reference rendered by Scalar from `GET /openapi.json`, entirely served by the
 * BFF itself — the reference's script comes from the `@scalar/api-reference` package through
 * `GET /docs/scalar.js` (never a CDN), its default web fonts are off (system fonts), so the page
 * works offline and no request leaves the BFF.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';

/** Where the page loads the reference's script from (a route of this app). */
export const REFERENCE_SCRIPT_PATH = '/docs/scalar.js';

const require = createRequire(import.meta.url);
let script: Promise<string> | null = null;
/** The standalone browser bundle of `@scalar/api-reference`, read once. */
function referenceScript(): Promise<string> {
  // The package does not export its browser build; it sits beside the entry point (dist/browser/).
  const entry = require.resolve('@scalar/api-reference');
  script ??= readFile(join(dirname(entry), 'browser', 'standalone.js'), 'utf8');
  return script;
}

/** `/docs` and its script. */
export function referenceRoutes(): Hono {
  const app = new Hono();
  app.get(REFERENCE_SCRIPT_PATH, async (c) =>
    c.body(await referenceScript(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  // Browsers ask for it on every page; a 404 would be a console error on the reference.
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get(
    '/docs',
    Scalar({
      url: '/openapi.json',
      cdn: REFERENCE_SCRIPT_PATH,
      pageTitle: 'ess-kit BFF API',
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      showDeveloperTools: 'never',
      mcp: { disabled: true },
    }),
  );
  return app;
}
