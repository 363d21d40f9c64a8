import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The same histogram twice: prom-client's and ours, each in a registry of its own. */
function pair() {
  const options = { name: 'x_duration_seconds', help: 'A "latency" \\ help', buckets: BUCKETS };
  const theirs = new Registry();
  const ours = new Registry();
  return {
    theirs,
    ours,
    prom: new Histogram({ ...options, labelNames: ['method', 'route', 'status'], registers: [theirs] }),
    latency: new LatencyHistogram({
      ...options,
      labelNames: ['method', 'route', 'status'] as const,
      registers: [ours],
    }),
  };
}

describe('LatencyHistogram', () => {
  it('exposes and lists exactly what prom-client does for the same observations', async () => {
    const { theirs, ours, prom, latency } = pair();
    expect(await ours.metrics()).toBe(await theirs.metrics()); // nothing observed yet
    const observations: [Record<'method' | 'route' | 'status', string | number>, number][] = [
      [{ method: 'GET', route: '/v1/flows/:flowId', status: 200 }, 0.0004],
      [{ method: 'GET', route: '/v1/flows/:flowId', status: 200 }, 0.001], // on a bound
      [{ method: 'GET', route: '/v1/flows/:flowId', status: '200' }, 0.3], // '200' is 200's series
      [{ method: 'GET', route: '/v1/flows/:flowId', status: 404 }, 11], // above every bound
      [{ method: 'POST', route: '/v1/ess/:action', status: 200 }, 0],
      [{ method: 'GET', route: 'a "quoted" \\ route\n', status: 500 }, 2.5],
      [{ method: 'POST', route: '/v1/ess/:action', status: 200 }, 0.07],
    ];
    for (const [labels, value] of observations) {
      prom.observe(labels, value);
      latency.observe(labels, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
    expect(await latency.get()).toEqual(await prom.get());

    prom.reset();
    latency.reset();
    prom.observe({ method: 'GET', route: '/r', status: 201 }, 0.2);
    latency.observe({ method: 'GET', route: '/r', status: 201 }, 0.2);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('refuses a value that is not a finite number, as prom-client does', () => {
    const { latency } = pair();
    expect(() => latency.observe({ method: 'GET', route: '/', status: 200 }, Number.NaN)).toThrow(TypeError);
    expect(() =>
      latency.observe({ method: 'GET', route: '/', status: 200 }, Number.POSITIVE_INFINITY),
    ).toThrow(/not a valid number/);
  });
});
