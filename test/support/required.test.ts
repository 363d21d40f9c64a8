import { afterEach, describe, expect, it, vi } from 'vitest';
import { suiteAvailable } from './required.js';

describe('suiteAvailable', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('runs a suite whose needs are met', () => {
    expect(suiteAvailable('s', true, 'x')).toBe(true);
  });

  it('skips loudly on a developer machine', () => {
    vi.stubEnv('REQUIRE_ALL_SUITES', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(suiteAvailable('s', false, 'the file is not there')).toBe(false);
    expect(warn.mock.calls[0]?.[0]).toContain('SKIPPED — the file is not there');
  });

  it('fails under REQUIRE_ALL_SUITES=1 (CI)', () => {
    vi.stubEnv('REQUIRE_ALL_SUITES', '1');
    expect(() => suiteAvailable('s', false, 'the file is not there')).toThrow(
      's: REQUIRE_ALL_SUITES=1 but the file is not there',
    );
  });
});
