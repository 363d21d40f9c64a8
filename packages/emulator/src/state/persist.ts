/**
 * JSON persistence for `--data FILE`: file bytes become base64, writes are debounced and
 * atomic (temp file + rename) so a crash never leaves a half-written state file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StateData } from './data.js';
import type { StoredFile } from './types.js';

interface PersistedFile extends Omit<StoredFile, 'bytes'> {
  bytes: string;
}
interface PersistedState {
  format: 'ess-kit-emulator-state';
  clockOffset: number;
  data: Omit<StateData, 'files'> & { files: Record<string, PersistedFile> };
}

export function serializeState(data: StateData, clockOffset: number): string {
  const files: Record<string, PersistedFile> = {};
  for (const [id, file] of Object.entries(data.files))
    files[id] = { ...file, bytes: Buffer.from(file.bytes).toString('base64') };
  const persisted: PersistedState = {
    format: 'ess-kit-emulator-state',
    clockOffset,
    data: { ...data, files },
  };
  return JSON.stringify(persisted);
}

export function deserializeState(text: string): { data: StateData; clockOffset: number } {
  const parsed = JSON.parse(text) as PersistedState;
  if (parsed?.format !== 'ess-kit-emulator-state' || parsed.data?.version !== 1) {
    throw new Error('not an ess-kit emulator state file (format/version mismatch)');
  }
  const files: Record<string, StoredFile> = {};
  for (const [id, file] of Object.entries(parsed.data.files))
    files[id] = { ...file, bytes: new Uint8Array(Buffer.from(file.bytes, 'base64')) };
  return { data: { ...parsed.data, files }, clockOffset: parsed.clockOffset ?? 0 };
}

/** Loads a state file, or returns null when there is none yet. Throws with the path on a corrupt file. */
export function loadStateFile(path: string): { data: StateData; clockOffset: number } | null {
  if (!existsSync(path)) return null;
  try {
    return deserializeState(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `Cannot load emulator state from ${path}: ${(error as Error).message}. Delete the file to start from the seed.`,
    );
  }
}

export function writeStateFile(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
