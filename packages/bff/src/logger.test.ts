import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('logger', () => {
  it('redacts configured secrets anywhere in a line', () => {
    const lines: string[] = [];
    const log = createLogger({ secrets: ['s3cret-value', 'other-secret'], sink: (l) => lines.push(l) });
    log.info('calling with s3cret-value', {
      header: 'Bearer other-secret',
      nested: { v: 'xx s3cret-value' },
    });
    log.child({ k: 'other-secret' }).warn('x');
    log.debug('dropped below the level');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain('s3cret-value');
      expect(line).not.toContain('other-secret');
      expect(JSON.parse(line).time).toBeTruthy();
    }
    expect(lines[0]).toContain('[redacted]');
  });
});
