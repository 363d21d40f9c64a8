// The relay section's refusals that an operator acts on: which setting (path) and why.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';

const env = { ESS_ENV: 'emulator', STORE_URL: ':memory:' };
const target = { name: 'erp', url: 'https://erp.example/hooks/ess', secret: 'a-long-enough-secret' };

function refusal(relay: unknown): string {
  try {
    loadConfig(env, { relay } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the config was accepted');
}

describe('relay config refusals', () => {
  it('names the second of two targets with one name', () => {
    const message = refusal({ targets: [target, { ...target, url: 'https://crm.example/x' }] });
    expect(message).toContain('relay.targets.1.name');
    expect(message).toContain('is used by two targets');
    expect(message).not.toContain('relay.targets.0.name');
  });

  it('refuses a secret with whitespace inside or around it, without echoing it', () => {
    for (const secret of ['a-long-enough secret', ' a-long-enough-secret', 'a-long-enough-secret\n']) {
      const message = refusal({ targets: [{ ...target, secret }] });
      expect(message).toContain('relay.targets.0.secret');
      expect(message).toContain('must not contain whitespace');
      expect(message).not.toContain('enough');
    }
  });

  it('accepts http and https targets only', () => {
    for (const url of ['http://erp.example/x', 'https://erp.example/x'])
      expect(
        loadConfig(env, { relay: { targets: [{ ...target, url }] } } as never).relay.targets[0]?.url,
      ).toBe(url);
    for (const url of ['ftp://erp.example/x', 'file:///etc/passwd', 'mailto:a@erp.example'])
      expect(refusal({ targets: [{ ...target, url }] })).toContain(
        'must be an absolute http:// or https:// URL',
      );
  });
});
