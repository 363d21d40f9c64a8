import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import { backoffMs } from './relay.js';

const env = { ESS_ENV: 'emulator', STORE_URL: ':memory:' };
const target = { name: 'erp', url: 'https://erp.example/hooks/ess', secret: 'a-long-enough-secret' };

function refusal(relay: unknown): ConfigError {
  try {
    loadConfig(env, { relay } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('the config was accepted');
}

describe('relay config', () => {
  it('defaults to no targets and a bounded schedule of hours', () => {
    const config = loadConfig(env, {});
    expect(config.relay.targets).toEqual([]);
    expect(config.relay.retry).toEqual({ attempts: 12, baseMs: 10_000, maxMs: 3_600_000 });
    // Worst case without jitter: the sum of the waits between the 12 attempts.
    let total = 0;
    for (let n = 1; n < 12; n++) total += backoffMs(config.relay, n, () => 1);
    expect(total / 3_600_000).toBeGreaterThan(2);
    expect(total / 3_600_000).toBeLessThan(6);
  });

  it('jitters the backoff between half and all of the exponential step, capped', () => {
    const relay = loadConfig(env, {}).relay;
    expect(backoffMs(relay, 1, () => 0)).toBe(5_000);
    expect(backoffMs(relay, 3, () => 1)).toBe(40_000);
    expect(backoffMs(relay, 30, () => 1)).toBe(3_600_000);
  });

  it('refuses a bad target URL or secret at start-up, naming the setting and not the value', () => {
    const badUrl = refusal({ targets: [{ ...target, url: 'ftp://erp.example/x' }] });
    expect(badUrl.message).toMatch(/relay\.targets\.0\.url/);
    expect(badUrl.message).toMatch(/http/);
    const notUrl = refusal({ targets: [{ ...target, url: 'erp' }] });
    expect(notUrl.message).toMatch(/relay\.targets\.0\.url/);
    const shortSecret = refusal({ targets: [target, { ...target, name: 'crm', secret: 'short' }] });
    expect(shortSecret.message).toMatch(/relay\.targets\.1\.secret/);
    expect(shortSecret.message).not.toContain('short"');
    expect(refusal({ targets: [target], retry: { attempts: 0 } }).message).toMatch(/relay\.retry\.attempts/);
    expect(refusal({ targets: [target, target] }).message).toMatch(/used by two targets/);
    expect(refusal({ targets: [{ ...target, filter: 'x' }] }).message).toMatch(/relay\.targets\.0/);
  });

  it('redacts target secrets from logs', async () => {
    const { secretValues } = await import('../config.js');
    expect(secretValues(loadConfig(env, { relay: { targets: [target] } }))).toContain(target.secret);
  });
});
