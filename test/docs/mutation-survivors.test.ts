/**
 * Issue 15's rule: every mutant of the promise modules that the committed mutation results show as
 * undetected has its reason in docs/testing.md § "Surviving mutants, each with its reason", and that
 * section names no mutant the results no longer show (a killed survivor leaves the list). Reads the
 * committed results (test/mutation/incremental/), as a fresh clone has them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROMISE_MODULES } from '../mutation/modules.mjs';
import { readResults } from '../mutation/results.mjs';
import { explain, loadSurvivorReasons, readSurvivorReasons } from '../mutation/survivor-reasons.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('docs/testing.md gives a reason for every surviving mutant', () => {
  const { rows, survivors } = readResults(root, PROMISE_MODULES, { committedOnly: true });
  const reasons = loadSurvivorReasons(root);

  it('has committed results for every promise module', () => {
    expect(rows.map((r) => r.name)).toEqual(PROMISE_MODULES.map((m) => m.name));
  });

  it('explains each survivor of the committed results', () => {
    const unexplained = explain(survivors, reasons)
      .filter((s) => !s.reason)
      .map((s) => `${s.file}:${s.line}:${s.column} ${s.mutatorName} → ${s.replacement.slice(0, 50)}`);
    expect(unexplained).toEqual([]);
  });

  it('lists no position that is not a survivor any more', () => {
    const surviving = new Set(survivors.map((s) => `${s.file}:${s.line}:${s.column}`));
    const stale = reasons.flatMap((r) =>
      r.positions.map((at) => `${r.file}:${at}`).filter((key) => !surviving.has(key)),
    );
    expect(stale).toEqual([]);
  });
});

describe('the survivor section parser', () => {
  const section = (body: string) =>
    `# T\n### Surviving mutants, each with its reason\n\n${body}\n## Next\n- x`;

  it('reads a bullet over several lines, with every line:column before the dash', () => {
    expect(
      readSurvivorReasons(section('- `packages/a/b.ts` 12:5, 40:9 (3 mutants) — because\n  of this.')),
    ).toEqual([{ file: 'packages/a/b.ts', positions: ['12:5', '40:9'], reason: 'because of this.' }]);
  });

  it('refuses a bullet without a file, a position or a reason, and a missing section', () => {
    expect(() => readSurvivorReasons(section('- `b.ts` 12:5 — why'))).toThrow(/does not read/);
    expect(() => readSurvivorReasons(section('- `packages/b.ts` always — why'))).toThrow(/no line:column/);
    expect(() => readSurvivorReasons(section('- `packages/b.ts` 12:5 why'))).toThrow(/does not read/);
    expect(() => readSurvivorReasons('# nothing')).toThrow(/has no/);
  });
});
