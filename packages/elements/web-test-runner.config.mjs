// Browser tests: Debian's Chromium (CHROME_PATH, then /usr/bin/chromium — never a download),
// sources served through esbuild, and a real emulator + BFF started for the run (scripts/wtr-backend.ts).
// Run under tsx so the backend's TypeScript sources load: `npm run test:browser`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { essBackend } from './scripts/wtr-backend.ts';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find(
  (path) => path && existsSync(path),
);
if (!executablePath) {
  throw new Error(
    "No Chromium found: install Debian's chromium (/usr/bin/chromium) or set CHROME_PATH. Browsers are never downloaded.",
  );
}

const backend = essBackend();

// Deep modules of @ess-kit/shared (status model, QR rules), as in vite.config.ts.
const sharedAliases = {
  '@ess-kit/shared/status': '/packages/shared/src/status.ts',
  '@ess-kit/shared/rules': '/packages/shared/src/rules/index.ts',
  '@ess-kit/shared/pdf-layout': '/packages/shared/src/pdf/layout.ts',
};

// The picker loads pdf.js from pdfjs/ beside its module; from the sources that is pdfjs-dist itself.
const PDFJS_BESIDE_SOURCES = '/packages/elements/src/components/field-picker/pdfjs/';
function pdfjsFromNodeModules(ctx, next) {
  if (ctx.path.startsWith(PDFJS_BESIDE_SOURCES))
    ctx.url = `/node_modules/pdfjs-dist/${ctx.path.slice(PDFJS_BESIDE_SOURCES.length)}`;
  return next();
}

export default {
  rootDir: here('../..'),
  files: [here('src/**/*.test.ts')],
  nodeResolve: { exportConditions: ['source', 'browser'] },
  concurrency: 1,
  testsFinishTimeout: 240_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  middleware: [pdfjsFromNodeModules, backend.middleware],
  plugins: [
    {
      name: 'ess-shared-aliases',
      resolveImport({ source }) {
        return sharedAliases[source];
      },
    },
    esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json'), target: 'es2022' }),
    backend,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      },
    }),
  ],
};
