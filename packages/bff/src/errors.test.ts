import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

const PARTNER_API = readFileSync(new URL('../../../docs/partner-api.md', import.meta.url), 'utf8');

describe('error codes in docs/partner-api.md', () => {
  it('lists only codes a route can return (every one is in ERROR_CODES)', () => {
    const table = PARTNER_API.slice(PARTNER_API.indexOf('## Errors'));
    const rows = table.split('\n').filter((line) => /^\| \d{3}/.test(line));
    const documented = rows.flatMap((row) =>
      [...row.split('|')[2].matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]),
    );
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });
});
