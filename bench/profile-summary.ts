/**
 * Summarises a V8 CPU profile (`.cpuprofile`, from `node --cpu-prof` or bench/profile-bff.ts) by
 * self time: the functions whose own code the samples landed in, most first.
 *
 * Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One row: a function (name and place) and the time spent in its own code. */
export interface SelfTimeRow {
  name: string;
  where: string;
  selfMs: number;
  /** Share of the busy time (idle excluded). */
  percent: number;
}

const shortUrl = (url: string) => {
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
};

/** Self time per function, most first; `(idle)` is left out of the shares. */
export function summarise(profile: CpuProfile): { rows: SelfTimeRow[]; busyMs: number; idleMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let idleUs = 0;
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    // A sample's time is the delta to the next one (the last sample gets none).
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const row = self.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    row.us += us;
    self.set(key, row);
  }
  const rows = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .map((r) => ({ name: r.name, where: r.where, selfMs: r.us / 1000, percent: (100 * r.us) / busyUs }));
  return { rows, busyMs: busyUs / 1000, idleMs: idleUs / 1000 };
}

/** Where a row's code lives: a package, a file of this repository, Node's internals or native code. */
function areaOf(row: SelfTimeRow): string {
  if (!row.where) return row.name.startsWith('(') ? row.name : '(native: syscalls, bindings)';
  if (row.where.startsWith('node:')) return 'node: internals';
  const path = row.where.replace(/:\d+$/, '');
  const pkg = /^(@[^/]+\/[^/]+|[^/.][^/]*)\//.exec(path);
  if (pkg && !path.startsWith('packages/') && !path.startsWith('bench/')) return pkg[1];
  return path;
}

/** The summary as text: one line per function, then the self time per package or file. */
export function formatSummary(profile: CpuProfile, top = 25): string {
  const { rows, busyMs, idleMs } = summarise(profile);
  const line = (ms: number, percent: number, text: string) =>
    `${ms.toFixed(1).padStart(9)} ms ${percent.toFixed(1).padStart(5)} %  ${text}`;
  const lines = [`busy ${busyMs.toFixed(0)} ms, idle ${idleMs.toFixed(0)} ms; top ${top} by self time:`];
  for (const r of rows.slice(0, top)) lines.push(line(r.selfMs, r.percent, `${r.name}  ${r.where}`));
  const areas = new Map<string, number>();
  for (const r of rows) areas.set(areaOf(r), (areas.get(areaOf(r)) ?? 0) + r.selfMs);
  lines.push('by package / file:');
  for (const [area, ms] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 15))
    lines.push(line(ms, (100 * ms) / busyMs, area));
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]');
    process.exit(2);
  }
  console.log(formatSummary(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25)));
}
