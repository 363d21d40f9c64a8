import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `demo/server/`). */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The elements package and the outputs its `npm run build` produces. */
export const elementsDir = join(repoRoot, 'packages', 'elements');
export const elementsBundleFile = join(elementsDir, 'dist', 'ess-elements.js');
export const elementsManifestFile = join(elementsDir, 'custom-elements.json');

/** Newest modification time (ms) of any file under `path`, skipping build output and dependencies. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * Why the elements bundle must be (re)built, or `null` when it is up to date: missing outputs, or
 * sources (including the shared package they import) newer than the bundle.
 */
export function elementsBuildReason(): string | null {
  if (!existsSync(elementsBundleFile)) return 'packages/elements/dist/ess-elements.js is missing';
  if (!existsSync(elementsManifestFile)) return 'packages/elements/custom-elements.json is missing';
  if (!existsSync(join(elementsDir, 'dist', 'ess-error-text.js')))
    return 'packages/elements/dist/ess-error-text.js is missing';
  const built = statSync(elementsBundleFile).mtimeMs;
  const inputs = [
    join(elementsDir, 'src'),
    join(elementsDir, 'package.json'),
    join(elementsDir, 'scripts'),
    join(elementsDir, 'vite.config.ts'),
    join(repoRoot, 'packages', 'shared', 'src'),
  ];
  const newest = Math.max(...inputs.map(newestMtime));
  return newest > built ? 'the elements sources changed since the bundle was built' : null;
}

/**
 * Builds `@ess-kit/elements` (`npm run build -w @ess-kit/elements`) when its bundle is missing or
 * stale. Throws with the build's exit status when the build fails, so callers can say so and stop.
 */
export function ensureElementsBundle(log: (line: string) => void = console.log): void {
  const reason = elementsBuildReason();
  if (!reason) return;
  log(`Building the elements bundle (${reason}) …`);
  const result = spawnSync('npm', ['run', 'build', '-w', '@ess-kit/elements'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `building @ess-kit/elements failed (exit ${result.status ?? result.signal}); ` +
        'run "npm run build -w @ess-kit/elements" to see why',
    );
  }
}
