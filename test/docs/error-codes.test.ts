/**
 * The docs list every stable error code a caller can receive, and no other (issue 13, item 9):
 * docs/partner-api.md's error table against the BFF's `ERROR_CODES`, docs/callbacks.md's intake
 * table against the callback intake's codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../packages/bff/src/errors.js';
import { CALLBACK_INTAKE_STATUS } from '../../packages/bff/src/routes/callbacks.js';

const doc = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** The `CODE`s in the markdown table that follows `heading`, with the status of each row. */
function tableCodes(markdown: string, heading: string): Map<string, string> {
  const start = markdown.indexOf(heading);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const rows = markdown.slice(start).split('\n').slice(1);
  const table = rows.slice(rows.findIndex((line) => line.startsWith('|')));
  const codes = new Map<string, string>();
  for (const line of table) {
    if (!line.startsWith('|')) break;
    const [status = '', codeCell = ''] = line.split('|').slice(1);
    for (const [, code] of codeCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) codes.set(code!, status.trim());
  }
  return codes;
}

describe('error code tables', () => {
  it('docs/partner-api.md lists exactly the BFF’s codes, each under its status', () => {
    const listed = tableCodes(doc('partner-api.md'), '## Errors');
    expect([...listed.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, status] of listed)
      expect(status, code).toContain(String(ERROR_CODES[code as keyof typeof ERROR_CODES]));
  });

  it('docs/callbacks.md lists exactly the callback intake’s codes, each under its status', () => {
    const listed = tableCodes(doc('callbacks.md'), '## Errors of the BFF’s callback intake');
    expect([...listed.keys()].sort()).toEqual(Object.keys(CALLBACK_INTAKE_STATUS).sort());
    for (const [code, status] of listed)
      expect(status, code).toContain(
        String(CALLBACK_INTAKE_STATUS[code as keyof typeof CALLBACK_INTAKE_STATUS]),
      );
  });
});
