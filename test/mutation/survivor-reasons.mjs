// The reasons each surviving mutant of the promise modules is kept (issue 15), read from
// docs/testing.md, one place for `npm run mutation` (which prints each survivor with its reason) and
// test/docs/mutation-survivors.test.ts (which fails when a committed survivor has none).
//
// The section "### Surviving mutants, each with its reason" holds bullets of one shape:
//   - `packages/<path>.ts` 12:5, 40:9 — the reason, in as many lines as it needs.
// A bullet names one file and the `line:column` of every mutant it explains (all the mutators at
// that position); the reason follows the em dash. Line numbers are those of the committed results, so
// a survivor that moves (the code above it changed) shows up as unexplained until the docs follow.
import { readFileSync } from 'node:fs';

export const SURVIVOR_SECTION = '### Surviving mutants, each with its reason';

/**
 * @param {string} markdown docs/testing.md
 * @returns {{ file: string, positions: string[], reason: string }[]}
 */
export function readSurvivorReasons(markdown) {
  const start = markdown.indexOf(SURVIVOR_SECTION);
  if (start < 0) throw new Error(`docs/testing.md has no "${SURVIVOR_SECTION}" section`);
  const rest = markdown.slice(start + SURVIVOR_SECTION.length);
  const end = rest.search(/\n##{1,2} /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const bullets = section.split(/\n(?=- )/).filter((b) => b.startsWith('- '));
  return bullets.map((bullet) => {
    // A bullet ends at the first blank line (a heading or a paragraph may follow it).
    const text = (bullet.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ').trim();
    const match = /^- `(packages\/[^`]+\.ts)` ([^—]+?) — (.+)$/.exec(text);
    if (!match)
      throw new Error(
        `a survivor bullet in docs/testing.md does not read "- \`file\` L:C — reason": ${text.slice(0, 120)}`,
      );
    const positions = match[2].match(/\b\d+:\d+\b/g) ?? [];
    if (positions.length === 0)
      throw new Error(`a survivor bullet names no line:column: ${text.slice(0, 120)}`);
    return { file: match[1], positions, reason: match[3] };
  });
}

/**
 * Reads docs/testing.md under `root`.
 * @param {string} root
 * @returns {ReturnType<typeof readSurvivorReasons>}
 */
export function loadSurvivorReasons(root) {
  return readSurvivorReasons(readFileSync(`${root}/docs/testing.md`, 'utf8'));
}

/**
 * Pairs each survivor with its reason (null when docs/testing.md gives none).
 * @template {{ file: string, line: number, column: number }} S
 * @param {S[]} survivors
 * @param {ReturnType<typeof readSurvivorReasons>} reasons
 * @returns {(S & { reason: ReturnType<typeof readSurvivorReasons>[number] | null })[]}
 */
export function explain(survivors, reasons) {
  const byKey = new Map();
  for (const reason of reasons) for (const at of reason.positions) byKey.set(`${reason.file}:${at}`, reason);
  return survivors.map((s) => ({ ...s, reason: byKey.get(`${s.file}:${s.line}:${s.column}`) ?? null }));
}
