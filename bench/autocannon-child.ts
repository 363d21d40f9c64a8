/**
 * autocannon in a child process: the process that runs the servers then spends its CPU time on them
 * alone, so CPU per request (process.cpuUsage) is the servers' own — a figure that holds up while
 * other work shares the machine, unlike requests per second.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type autocannon from 'autocannon';

/** A load target, as autocannon takes it. */
export interface LoadTarget {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** What a run measured: autocannon's figures and this process's CPU time per request (µs). */
export interface ChildLoadResult {
  rps: number;
  requests: number;
  failed: number;
  userUs: number;
  systemUs: number;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** Runs autocannon (16 connections) against `target` for `seconds`. */
export async function autocannonChild(target: LoadTarget, seconds: number): Promise<ChildLoadResult> {
  const args = ['-c', '16', '-d', String(seconds), '-j', '-m', target.method ?? 'GET'];
  for (const [name, value] of Object.entries(target.headers ?? {})) args.push('-H', `${name}=${value}`);
  if (target.body) args.push('-b', target.body);
  args.push(target.url);
  const child = spawn(process.execPath, [AUTOCANNON, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const before = process.cpuUsage();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const used = process.cpuUsage(before);
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const result = JSON.parse(out) as autocannon.Result;
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    requests,
    failed: result.errors + result.non2xx + result.timeouts,
    userUs: used.user / requests,
    systemUs: used.system / requests,
  };
}
