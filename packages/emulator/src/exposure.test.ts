import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator } from './index.js';

describe('development servers on the network', () => {
  afterEach(() => vi.restoreAllMocks());

  it('warns loudly when the emulator binds beyond loopback, and stays quiet on 127.0.0.1', async () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
    const local = await startEmulator({ port: 0 });
    await local.close();
    expect(warnings.join('\n')).not.toMatch(/WARNING/);
    const exposed = await startEmulator({ port: 0, host: '0.0.0.0' });
    await exposed.close();
    expect(warnings.join('\n')).toMatch(
      /WARNING: the ESS emulator .* listens on 0\.0\.0\.0[\s\S]*NO authentication/,
    );
  });

  it('answers with the baseline headers: nosniff and no framing by other sites', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      for (const path of ['/_emulator/seed', '/no-such-page']) {
        const res = await fetch(`${emulator.url}${path}`);
        await res.body?.cancel();
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      }
    } finally {
      await emulator.close();
    }
  });
});
