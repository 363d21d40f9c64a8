// Reading mutation results: a module's last report, else its committed incremental file (the same
// mutation-testing-report schema), so a fresh clone can print the table without running anything.
// Used by scripts/mutation.mjs and test/docs/mutation-survivors.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { moduleSlug } from './modules.mjs';

export const DETECTED = new Set(['Killed', 'Timeout']);
export const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Score in percent with one decimal: (killed + timeout) / (killed + timeout + survived + no coverage). */
export const percent = (detected, undetected) =>
  detected + undetected === 0 ? 100 : Math.round((1000 * detected) / (detected + undetected)) / 10;

/**
 * @param {string} root the repository
 * @param {{ name: string }} module
 * @param {{ committedOnly?: boolean }} [options] skip reports/mutation (what a clone of main holds)
 */
export function lastResult(root, module, { committedOnly = false } = {}) {
  const slug = moduleSlug(module.name);
  const files = [path.join(root, 'test/mutation/incremental', `${slug}.json`)];
  if (!committedOnly) files.unshift(path.join(root, 'reports/mutation', `${slug}.json`));
  for (const file of files) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  return null;
}

/**
 * Per-module counts and every undetected mutant of the modules that have a result.
 * @returns {{ rows: { name: string, detected: number, undetected: number, ignored: number }[],
 *   survivors: { module: string, file: string, line: number, column: number, status: string,
 *   mutatorName: string, replacement: string }[] }}
 */
export function readResults(root, modules, options) {
  const rows = [];
  const survivors = [];
  for (const module of modules) {
    const report = lastResult(root, module, options);
    if (!report) continue;
    const row = { name: module.name, detected: 0, undetected: 0, ignored: 0 };
    for (const [name, { mutants }] of Object.entries(report.files)) {
      const file = path.isAbsolute(name) ? path.relative(root, name) : name;
      for (const mutant of mutants) {
        if (DETECTED.has(mutant.status)) row.detected++;
        else if (UNDETECTED.has(mutant.status)) {
          row.undetected++;
          survivors.push({
            module: module.name,
            file,
            line: mutant.location.start.line,
            column: mutant.location.start.column,
            status: mutant.status,
            mutatorName: mutant.mutatorName,
            replacement: (mutant.replacement ?? '').replace(/\s+/g, ' '),
          });
        } else if (mutant.status === 'Ignored') row.ignored++;
      }
    }
    rows.push(row);
  }
  return { rows, survivors };
}
