// The modules that carry ess-kit's promises (issue 15), one place for `npm run mutation` and its
// report. Each entry names a module (how the score is printed) and the globs Stryker mutates.
// Moving a file (e.g. a refactor) only means editing these globs.

/** @type {{ name: string, files: string[] }[]} */
export const PROMISE_MODULES = [
  { name: 'shared/signing', files: ['packages/shared/src/signing/**/*.ts'] },
  { name: 'shared/callbacks', files: ['packages/shared/src/callbacks/**/*.ts'] },
  { name: 'shared/webhooks', files: ['packages/shared/src/webhooks/**/*.ts'] },
  { name: 'shared/status', files: ['packages/shared/src/status.ts'] },
  { name: 'bff/auth', files: ['packages/bff/src/auth/**/*.ts'] },
  {
    name: 'bff/live',
    files: [
      'packages/bff/src/live/**/*.ts',
      'packages/bff/src/live-layer.ts',
      'packages/bff/src/ingest/intake.ts',
      'packages/bff/src/ingest/user-data.ts',
    ],
  },
  { name: 'bff/store', files: ['packages/bff/src/store/**/*.ts', 'packages/bff/src/ingest/snapshot.ts'] },
  { name: 'bff/relay', files: ['packages/bff/src/relay/**/*.ts', 'packages/bff/src/partner-layer.ts'] },
  { name: 'bff/policy', files: ['packages/bff/src/policy.ts'] },
  {
    name: 'bff/routes',
    files: [
      'packages/bff/src/routes/callbacks.ts',
      'packages/bff/src/routes/events.ts',
      'packages/bff/src/routes/scope.ts',
      'packages/bff/src/routes/sse.ts',
    ],
  },
];

/**
 * The wider set of `npm run mutation:full`: the promise modules and the rest of shared and the BFF,
 * each file in exactly one module (the `!` globs leave out what a promise module already mutates).
 */
export const FULL_MODULES = [
  ...PROMISE_MODULES,
  { name: 'shared/rules', files: ['packages/shared/src/rules/**/*.ts'] },
  { name: 'shared/api', files: ['packages/shared/src/api/**/*.ts'] },
  {
    name: 'shared/other',
    files: [
      'packages/shared/src/pdf/**/*.ts',
      'packages/shared/src/essbasic/**/*.ts',
      'packages/shared/src/*.ts',
      '!packages/shared/src/status.ts',
    ],
  },
  { name: 'bff/ess', files: ['packages/bff/src/ess/**/*.ts'] },
  {
    name: 'bff/http',
    files: [
      'packages/bff/src/http/**/*.ts',
      'packages/bff/src/platform/**/*.ts',
      'packages/bff/src/openapi/**/*.ts',
    ],
  },
  {
    name: 'bff/other',
    files: [
      'packages/bff/src/*.ts',
      'packages/bff/src/routes/*.ts',
      'packages/bff/src/ingest/*.ts',
      ...PROMISE_MODULES.flatMap((m) => m.files)
        .filter((f) => f.startsWith('packages/bff/src/') && !f.includes('**'))
        .map((f) => `!${f}`),
    ],
  },
];

/** Never mutated: tests and test helpers. */
export const NOT_MUTATED = ['!**/*.test.ts', '!**/test/**'];

/** File-name form of a module name (`bff/live` → `bff-live`). */
export const moduleSlug = (name) => name.replaceAll('/', '-');
