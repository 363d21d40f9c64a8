// Cross-checks the action lists against ess-api.md itself when the reference sits beside the
// repository (../shared/ess-api.md); elsewhere this suite is skipped with a note, and fails under
// REQUIRE_ALL_SUITES=1 (CI) so that it cannot stop running unnoticed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { suiteAvailable } from '../../../../test/support/required.js';
import { ALL_ESS_ACTIONS, ESS_ACTION_ERROR_CODES, ESS_ACTIONS, ESS_ERROR_CODES } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const reference = path.resolve(repoRoot, '../shared/ess-api.md');
const present = suiteAvailable(
  'api/actions.test (cross-check against ess-api.md)',
  existsSync(reference),
  `${reference} is not there`,
);

describe.skipIf(!present)('action lists match ess-api.md', () => {
  const text = present ? readFileSync(reference, 'utf8') : '';

  it('ESS_ACTIONS are exactly the actions of §7, in order', () => {
    const headings = [...text.matchAll(/^### 7\.\d+ (\w+)/gm)].map((m) => m[1]);
    expect(headings).toEqual([...ESS_ACTIONS]);
  });

  it('ALL_ESS_ACTIONS names every action mentioned, and each is in the text', () => {
    for (const action of ALL_ESS_ACTIONS) expect(text, action).toContain(action);
    // Action names mentioned in running text: "needs X first", "until X approves", and the §3.4 headings.
    const mentioned = new Set([...text.matchAll(/\* \*\*(\w+)\*\* \(\d+\):/g)].map((m) => m[1]));
    for (const m of text.matchAll(/(?:need|until) (\w+?(?:Api|Review)) (?:first|approves)/g))
      mentioned.add(m[1]);
    expect([...mentioned].filter((name) => !(ALL_ESS_ACTIONS as readonly string[]).includes(name))).toEqual(
      [],
    );
    expect(mentioned).toContain('CreateConvertTaskApi');
    expect(mentioned).toContain('CreateFlowSignReview');
  });

  it('every code of the §3.2 and §3.5 tables is in ESS_ERROR_CODES', () => {
    const section = text.slice(text.indexOf('## 3. Response envelope'), text.indexOf('## 4. Rate limits'));
    const codes = [...section.matchAll(/^\| `([\w.]+)`(?: \/ `([\w.]+)`)*/gm)].flatMap((m) =>
      m[0].match(/`[\w.]+`/g)!.map((c) => c.slice(1, -1)),
    );
    expect(codes.length).toBeGreaterThan(200);
    for (const code of codes) expect(ESS_ERROR_CODES, code).toHaveProperty([code]);
    expect(Object.keys(ESS_ACTION_ERROR_CODES)).toHaveLength(15);
  });
});
