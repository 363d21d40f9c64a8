// Test files in order of their duration, fastest first (vitest's default runs the slowest first).
// Stryker stops a mutant's run at the first failing test (bail), so when a quick unit test kills a
// mutant, the slow in-process suites that also cover it (a whole BFF per file) never start.
//
// The first run of a process (Stryker's initial test run, which decides per-test coverage and which
// mutants are static) goes by file size alone, never by durations left in vitest's cache by earlier
// runs: a module-level constant first reached inside a test counts as covered, first reached while a
// file is imported counts as static, so the order must be the same in every clone (fresh, or one that
// ran `npm test` first) for a committed incremental result to be read back instead of re-tested.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class FastestFirst extends BaseSequencer {
  /** Longest duration seen per file: a run cut short by bail records a skipped file as 0 ms. */
  readonly #seen = new Map<string, number>();
  #first = true;

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const keyOf = (spec: TestSpecification) =>
      `${spec.project.name}:${spec.moduleId.slice(this.ctx.config.root.length + 1)}`;
    const bySize = (spec: TestSpecification) => cache.getFileStats(keyOf(spec))?.size ?? 0;
    if (this.#first) {
      this.#first = false;
      return [...files].sort((a, b) => bySize(a) - bySize(b) || a.moduleId.localeCompare(b.moduleId));
    }
    const cost = (spec: TestSpecification): number => {
      const key = keyOf(spec);
      const duration = Math.max(cache.getFileTestResults(key)?.duration ?? 0, this.#seen.get(key) ?? 0);
      if (duration > 0) {
        this.#seen.set(key, duration);
        return duration;
      }
      // Not run yet: after the known ones, smaller files first.
      return 1e9 + bySize(spec);
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
