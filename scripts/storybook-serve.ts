/**
 * `npm run storybook:serve`: serves the built Storybook (`npm run build-storybook` →
 * storybook-static/) on http://127.0.0.1:6007 (or `--port N`). Opening storybook-static/index.html
 * as a file shows a blank page: browsers block module scripts from `file://`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serveStatic } from '../test/stories/static-server.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dir = join(root, 'storybook-static');
const { values } = parseArgs({ options: { port: { type: 'string', default: '6007' } } });
if (!existsSync(join(dir, 'index.html'))) {
  console.error('storybook-static/ is missing: run `npm run build-storybook` first.');
  process.exit(1);
}
const { url } = await serveStatic(dir, Number(values.port));
console.log(`Storybook (static build) at ${url}  — Ctrl-C stops it`);
