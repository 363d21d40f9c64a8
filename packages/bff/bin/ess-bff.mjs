#!/usr/bin/env node
// `ess-bff [--check | --help]`: starts the ess-kit BFF on 127.0.0.1:${PORT:-8787}, configured from the environment
// (see the package README). Uses the built files when present, else the TypeScript sources via tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/server.js', import.meta.url);
if (existsSync(dist)) {
  const { runServer } = await import(dist.href);
  await runServer();
} else {
  const source = fileURLToPath(new URL('../src/server.ts', import.meta.url));
  // Resolve tsx from this package, not from wherever the command was typed.
  const tsx = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    ['--import', tsx, '--conditions=source', source, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}
