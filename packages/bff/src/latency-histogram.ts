/**
 * A Prometheus histogram for the instruments observed on every request (request latency, store
 * operations): the same series, exposition and JSON as prom-client's `Histogram`, at a fraction of
 * the cost per observation. prom-client validates the label names and builds a string key from the
 * label values on every `observe`; on the cached `GET /v1/flows/:flowId` (issue 17) its two
 * observations per request cost about 2 µs of the ~30 µs CPU an answer takes. Here a series is
 * found through one map per label (label values are few and repeat: methods, route patterns,
 * statuses, operation names), and an observation is a bucket search and three additions.
 *
 * It registers itself in a prom-client `Registry` as any metric does (`get`, `getForPromString`,
 * `reset`), so `/metrics` and the registry's JSON see no difference (latency-histogram.test.ts
 * compares both with prom-client's own).
 */
import type { Registry } from 'prom-client';

type LabelValue = string | number;

/** One value of a {@link Collected} (prom-client's `MetricValueWithName`). */
interface CollectedValue {
  labels: Record<string, LabelValue>;
  sharedLabels?: Record<string, LabelValue>;
  value: number;
  metricName: string;
  exemplar?: null;
}

/** What a registry reads from a metric: prom-client's shapes (`MetricObjectWithValues`). */
interface Collected {
  name: string;
  help: string;
  type: 'histogram';
  values: CollectedValue[];
  aggregator: 'sum';
}

/** One label set's counts. */
interface Series {
  labels: Record<string, LabelValue>;
  /** Observations per bucket (not cumulative); values above the largest bound are only in `count`. */
  counts: number[];
  sum: number;
  count: number;
}

/** What a {@link LatencyHistogram} is made of (as prom-client's `Histogram` options). */
export interface LatencyHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending. */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/** A histogram with labels, observed per request (see the module comment). */
export class LatencyHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  /** Label value → (next label's map | the series), one level per label name. */
  private byValues = new Map<LabelValue, unknown>();
  /** The series by their exposed label values (200 and '200' are one series, as in prom-client). */
  private byKey = new Map<string, Series>();

  constructor(options: LatencyHistogramOptions<L>) {
    if (options.labelNames.length === 0) throw new Error(`${options.name}: a LatencyHistogram needs labels`);
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = [...options.buckets];
    for (const registry of options.registers) registry.registerMetric(this as never);
  }

  /** Counts `value` (seconds) in the series of `labels`. */
  observe(labels: Record<L, LabelValue>, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const series = this.seriesOf(labels);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    if (i < bounds.length) series.counts[i] += 1;
    series.sum += value;
    series.count += 1;
  }

  private seriesOf(labels: Record<L, LabelValue>): Series {
    const names = this.labelNames;
    const last = names.length - 1;
    let level = this.byValues;
    for (let i = 0; i < last; i++) {
      const value = labels[names[i]];
      let next = level.get(value) as Map<LabelValue, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const found = level.get(labels[names[last]]) as Series | undefined;
    if (found !== undefined) return found;
    const key = names.map((name) => String(labels[name])).join('\u0000');
    let series = this.byKey.get(key);
    if (series === undefined) {
      const own: Record<string, LabelValue> = {};
      for (const name of names) if (labels[name] !== undefined) own[name] = labels[name];
      series = { labels: own, counts: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.byKey.set(key, series);
    }
    level.set(labels[names[last]], series);
    return series;
  }

  /** The values as prom-client's `Histogram.get` gives them (the registry's JSON). */
  async get(): Promise<Collected> {
    return this.collected(true);
  }

  /** The values as prom-client's `Histogram.getForPromString` gives them (the exposition). */
  async getForPromString(): Promise<Collected> {
    return this.collected(false);
  }

  reset(): void {
    this.byValues = new Map();
    this.byKey = new Map();
  }

  /**
   * prom-client's two shapes: for JSON each value's labels hold `le` and the series' labels (and an
   * `exemplar`, null on buckets); for the exposition the series' labels are `sharedLabels`.
   */
  private collected(json: boolean): Collected {
    const bucket = `${this.name}_bucket`;
    const values: CollectedValue[] = [];
    const value = (
      labels: Record<string, LabelValue>,
      le: LabelValue | undefined,
      v: number,
      metricName: string,
    ): CollectedValue =>
      json
        ? {
            labels: le === undefined ? { ...labels } : { le, ...labels },
            value: v,
            metricName,
            exemplar: le === undefined ? undefined : null,
          }
        : { labels: le === undefined ? {} : { le }, sharedLabels: labels, value: v, metricName };
    for (const series of this.byKey.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.bounds.length; i++) {
        cumulative += series.counts[i];
        values.push(value(series.labels, this.bounds[i], cumulative, bucket));
      }
      values.push(
        value(series.labels, '+Inf', series.count, bucket),
        value(series.labels, undefined, series.sum, `${this.name}_sum`),
        value(series.labels, undefined, series.count, `${this.name}_count`),
      );
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values,
      aggregator: this.aggregator,
    };
  }
}
