/**
 * A minimal static file server for `storybook-static/` (what any CDN or file host does): used by
 * `npm run test:stories` and `npm run storybook:serve`. Browsers refuse module scripts from
 * `file://`, so the built Storybook needs some server, not necessarily this one.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** A minimal static server for storybook-static/ (what any CDN or file host does). */
export function serveStatic(staticDir: string, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (pathname === '/favicon.ico') {
      // Chromium asks for it on its own; a 404 would be logged as a console error.
      response.writeHead(204).end();
      return;
    }
    const file = normalize(join(staticDir, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(staticDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) =>
    server.listen(port, '127.0.0.1', () =>
      done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}
