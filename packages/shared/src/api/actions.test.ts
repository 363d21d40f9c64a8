// Cross-checks the action lists against ess-api.md itself (vendored in test/reference/, see its README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { referenceDir } from '../../test/vectors.js';
import { ALL_ESS_ACTIONS, ESS_ACTION_ERROR_CODES, ESS_ACTIONS, ESS_ERROR_CODES } from './index.js';

describe('action lists match ess-api.md', () => {
  const text = readFileSync(path.join(referenceDir, 'ess-api.md'), 'utf8');

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
