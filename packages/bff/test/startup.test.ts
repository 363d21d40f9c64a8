/**
 * `npm run bff` with a bad configuration must stop with a clear message naming the setting — no
 * stack trace, no secret — and exit non-zero.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './start-server.js';

describe('start-up with invalid configuration', () => {
  it('production without a callback key names ESS_CALLBACK_KEY and exits 78', async () => {
    const secret = 'prod-secret-key-should-never-print';
    const { code, stderr } = await startServer({
      ESS_ENV: 'production',
      ESS_SECRET_ID: 'AKIDx',
      ESS_SECRET_KEY: secret,
      ESS_OPERATOR_USER_ID: 'yDop',
      BFF_API_KEYS: 'prod-partner-key-0123456789abcdef0123456789',
      BFF_TOKEN_SECRET: 'prod-token-secret-0123456789abcdef0123',
    });
    expect(code).toBe(78);
    expect(stderr).toMatch(
      /Invalid BFF configuration: ESS_CALLBACK_KEY: is required when ESS_ENV=production/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(secret);
  }, 90_000);

  it('a callback key of the wrong length is refused even in development', async () => {
    const { code, stderr } = await startServer({ ESS_CALLBACK_KEY: 'tooshort-secret-key' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/ESS_CALLBACK_KEY: must be exactly 32 bytes/);
    expect(stderr).not.toContain('tooshort-secret-key');
  }, 90_000);
});

describe('start-up with a store that cannot be opened', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-store-'));
  const notADatabase = path.join(dir, 'notes.txt');
  writeFileSync(notADatabase, 'these are not the pages you are looking for\n'.repeat(200));
  const cases = [
    { name: 'a directory', url: dir, says: /is a directory/ },
    { name: 'a file that is no database', url: notADatabase, says: /not a SQLite database/ },
    {
      name: 'an impossible path',
      url: path.join(notADatabase, 'sub', 'ess.sqlite'),
      says: /is a file, not a folder/,
    },
    {
      name: 'an unreachable Redis (password not printed)',
      url: 'redis://:store-password-never-printed@127.0.0.1:1/0',
      says: /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0/,
    },
  ];
  it.concurrent.each(cases)(
    'STORE_URL naming $name exits 78 with a message naming STORE_URL',
    async ({ url, says }) => {
      const { code, stderr } = await startServer({ STORE_URL: url, PORT: '0' });
      expect(code, stderr).toBe(78);
      expect(stderr).toMatch(/Invalid BFF configuration: STORE_URL: /);
      expect(stderr).toMatch(says);
      expect(stderr).not.toContain('store-password-never-printed');
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    90_000,
  );
});
