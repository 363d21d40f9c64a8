// Builds the package when dist/ess-elements.js or custom-elements.json is missing or older than
// any source file (tests and `npm start` use the self-contained bundle).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['dist/ess-elements.js', 'custom-elements.json', 'dist/types/index.d.ts'].map((file) =>
  join(root, file),
);
const inputs = [
  join(root, 'src'),
  join(root, '../shared/src'),
  join(root, 'vite.config.ts'),
  join(root, 'scripts/build.ts'),
];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const built = outputs.every(existsSync) ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
const changed = Math.max(...inputs.filter(existsSync).map(newest));
if (built >= changed) {
  console.log('elements: dist is up to date');
} else {
  console.log(built ? 'elements: sources changed, rebuilding' : 'elements: no build yet, building');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
