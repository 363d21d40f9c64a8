import { describe, expect, it } from 'vitest';
import { EssRateLimiter } from './rate-limiter.js';

describe('EssRateLimiter', () => {
  it('uses the documented limits', () => {
    const limiter = new EssRateLimiter();
    expect(limiter.limitFor('DescribeFlowBriefs')).toBe(20);
    expect(limiter.limitFor('DescribeFlowTemplates')).toBe(300);
    expect(limiter.limitFor('CreateFlowByFiles')).toBe(20);
  });

  it('never starts more than the limit within any one-second window', async () => {
    const limiter = new EssRateLimiter({ rates: { Test: 10 } });
    const starts: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 25 }, () =>
        limiter.acquire('Test').then(() => starts.push(performance.now() - t0)),
      ),
    );
    starts.sort((a, b) => a - b);
    for (let i = 10; i < starts.length; i++) expect(starts[i] - starts[i - 10]).toBeGreaterThanOrEqual(995);
    expect(starts[24]).toBeGreaterThanOrEqual(1995);
    limiter.close();
  });

  it('fails fast when the queue would wait too long', async () => {
    const limiter = new EssRateLimiter({ rates: { Slow: 1 }, maxWaitMs: 1000 });
    const first = [limiter.acquire('Slow'), limiter.acquire('Slow'), limiter.acquire('Slow')];
    await expect(limiter.acquire('Slow')).rejects.toThrow(/Too many Slow calls/);
    await first[0];
    limiter.close();
  });
});
