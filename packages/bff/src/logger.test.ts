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

  it('writes every line as the merged record serialised, whatever shape its fields have', () => {
    const lines: string[] = [];
    const root = createLogger({ sink: (l) => lines.push(l) });
    const cases: [Record<string, unknown>, Record<string, unknown> | undefined][] = [
      [{}, { requestId: 'a-1', method: 'GET', route: '/v1/flows/:flowId', status: 200, ms: 0 }],
      [{}, undefined],
      [{}, {}],
      [{ component: 'ess-client' }, { action: 'DescribeFlowBriefs', essRequestId: null, ms: 3 }],
      [{ component: 'x' }, { component: 'overridden', n: 1 }],
      [{}, { msg: 'shadowed', level: 'nope', time: 'then' }],
      [{}, { 2: 'index first', a: 'b' }],
      [{}, { nested: { deep: [1, 2] }, err: new Error('boom'), big: 10n }],
      [{}, { skipped: undefined, quote: 'a "quoted" \\ line\n', unicode: '合同' }],
      [{ nested: { k: 1 } }, { plain: true }],
    ];
    for (const [base, fields] of cases) {
      const log = Object.keys(base).length > 0 ? root.child(base) : root;
      log.info('access "x"', fields);
      const line = lines.at(-1) as string;
      const { time } = JSON.parse(line) as { time: string };
      const expected = JSON.stringify(
        { time, level: 'info', msg: 'access "x"', ...base, ...fields },
        (_k, v) =>
          v instanceof Error
            ? { name: v.name, message: v.message }
            : typeof v === 'bigint'
              ? v.toString()
              : v,
      );
      expect(JSON.parse(line)).toEqual(JSON.parse(expected));
      expect(line).toBe(expected);
    }
  });
});
