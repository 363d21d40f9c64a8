// Test files in order of their last duration, fastest first (vitest's default runs the slowest first).
// Stryker stops a mutant's run at the first failing test (bail), so when a quick unit test kills a
// mutant, the slow in-process suites that also cover it (a whole BFF per file) never start.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class FastestFirst extends BaseSequencer {
  /** Longest duration seen per file: a run cut short by bail records a skipped file as 0 ms. */
  readonly #seen = new Map<string, number>();

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const cost = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${spec.moduleId.slice(this.ctx.config.root.length + 1)}`;
      const duration = Math.max(cache.getFileTestResults(key)?.duration ?? 0, this.#seen.get(key) ?? 0);
      if (duration > 0) {
        this.#seen.set(key, duration);
        return duration;
      }
      // Not run yet: after the known ones, smaller files first.
      return 1e9 + (cache.getFileStats(key)?.size ?? 0);
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
