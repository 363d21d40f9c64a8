// Golden vectors live beside the repository in ../shared/vectors (CI has them there too).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the git checkout (packages/shared/test → ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Parses `../shared/vectors/<name>` relative to the repository root. */
export function readVector<T = unknown>(name: string): T {
  const file = path.resolve(repoRoot, '../shared/vectors', name);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
