import { describe, expect, it } from 'vitest';
import { createLogger, type LineValue } from './logger.js';

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

  it('writes with a line writer the very line the level method writes, whatever the values', () => {
    const lines: string[] = [];
    const root = createLogger({ sink: (l) => lines.push(l) });
    const names = ['requestId', 'method', 'route', 'status', 'ms'];
    const values: LineValue[][] = [
      ['a-1', 'GET', '/v1/flows/:flowId', 200, 0],
      ['a-2', 'GET', '/v1/flows/:flowId', 200, -0], // repeated values (kept texts)
      ['q"uote\\', 'tab\t', 'nl\n\u0001', -0, 1.5],
      ['合同', '\u{1F600}', 'lone \ud800', Number.NaN, Number.POSITIVE_INFINITY],
      ['skipped', undefined, null, true, false],
      ['', '', '', 1e21, -12],
      ['', '', '', 1e21, Number.NaN],
    ];
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, names],
      [{ component: 'x' }, names],
      [{}, []],
      [{ requestId: 'base' }, names], // a base field the line repeats: written as info would
      [{}, ['msg', 'a', 'b', 'c', 'd']],
      [{}, ['2', 'a', 'b', 'c', 'd']],
      [{}, ['a', 'a', 'b', 'c', 'd']],
      [{ nested: { k: 1 } }, names],
    ];
    for (const [base, fieldNames] of cases) {
      const log = Object.keys(base).length > 0 ? root.child(base) : root;
      const write = log.lineWriter('info', 'access "x"', fieldNames);
      for (const row of values) {
        write(row);
        const written = lines.at(-1) as string;
        const fields: Record<string, unknown> = {};
        fieldNames.forEach((name, i) => {
          fields[name] = row[i];
        });
        log.info('access "x"', fields);
        const { time } = JSON.parse(written) as { time: string };
        expect(written).toBe((lines.at(-1) as string).replace(/"time":"[^"]*"/, `"time":"${time}"`));
      }
    }
    // Below the logger's level: nothing.
    createLogger({ level: 'warn', sink: (l) => lines.push(l) }).lineWriter('info', 'x', ['a'])(['b']);
    expect(lines.at(-1)).not.toContain('"msg":"x"');
  });

  it("redacts secrets in a line writer's lines, in any value and across values", () => {
    const lines: string[] = [];
    const log = createLogger({
      secrets: ['s3cret-value', '4711', 'GET","ms":1'],
      sink: (l) => lines.push(l),
    });
    const write = log.lineWriter('info', 'access', ['requestId', 'method', 'ms']);
    write(['s3cret-value', 'GET', 3]);
    write(['x-s3cret-value-y', 'GET', 4711]);
    write(['plain', 'GET', 1]);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain('s3cret-value');
      expect(line).not.toContain('4711');
      expect(line).toContain('[redacted]');
    }
  });
});
