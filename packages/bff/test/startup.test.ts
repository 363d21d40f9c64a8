/**
 * `npm run bff` with a bad configuration must stop with a clear message naming the setting — no
 * stack trace, no secret — and exit non-zero.
 */
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
