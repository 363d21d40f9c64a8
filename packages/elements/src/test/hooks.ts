import { cleanup } from './support.js';

/** Registers the per-test cleanup (elements, configuration, stores). */
export function afterEachCleanup(): void {
  afterEach(() => cleanup());
}
