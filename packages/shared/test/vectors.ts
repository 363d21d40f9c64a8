// Golden vectors, copied into the repository (see ./vectors/README.md for where each came from).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Root of the git checkout (packages/shared/test → ../../..). */
export const repoRoot = path.resolve(here, '../../..');

/** Folder of the vendored golden vectors (`packages/shared/test/vectors`). */
export const vectorsDir = path.join(here, 'vectors');

/** Folder of the vendored API reference (`packages/shared/test/reference`). */
export const referenceDir = path.join(here, 'reference');

/** Parses `packages/shared/test/vectors/<name>`. */
export function readVector<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(vectorsDir, name), 'utf8')) as T;
}
