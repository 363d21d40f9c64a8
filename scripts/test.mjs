// `npm test`: every suite, in order, stopping at the first failure.
// Node-side suites (vitest) first, then the browser suites that exist so far.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const steps = [['npm', ['run', 'test:node']]];
for (const ws of root.workspaces) {
  const pkg = JSON.parse(readFileSync(new URL(`../${ws}/package.json`, import.meta.url), 'utf8'));
  if (pkg.scripts?.['test:browser']) steps.push(['npm', ['run', 'test:browser', '-w', pkg.name]]);
}
for (const name of ['test:demo', 'test:stories']) {
  if (root.scripts?.[name]) steps.push(['npm', ['run', name]]);
}

for (const [cmd, args] of steps) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\n✔ all ${steps.length} suites passed`);
