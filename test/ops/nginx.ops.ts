// docs/production.md's nginx configuration, as written: `nginx -t` accepts it (nginx is installed
// with apt-get when missing), and nginx running it in front of a real BFF serves readiness and an
// event stream over TLS while its access log keeps the path and drops the `?token=` query.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BffProcess, spawnBff, tokenFrom } from '../live/process.js';
import { freePort, selfSignedCertificate } from '../support/local.js';
import { snippet } from './snippets.js';

const dir = mkdtempSync(join(tmpdir(), 'ess-kit-nginx-'));
let nginx: ChildProcess | undefined;
let bff: BffProcess | undefined;

function which(command: string): string | null {
  for (const candidate of [command, `/usr/sbin/${command}`, `/sbin/${command}`]) {
    const run = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (!run.error) return candidate;
  }
  return null;
}

/** nginx, installed with apt-get when missing (the suite's own dependency). */
function ensureNginx(): string {
  const found = which('nginx');
  if (found) return found;
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', '--no-install-recommends', 'nginx-light'],
  ]) {
    const run = spawnSync('apt-get', args, {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${run.stderr}`);
  }
  const installed = which('nginx');
  if (!installed) throw new Error('nginx is still missing after apt-get install nginx-light');
  return installed;
}

/** The doc's server blocks with this machine's ports, certificate and log paths. */
function localized(ports: { http: number; https: number; bff: number }): string {
  return snippet('nginx.conf')
    .replace('listen 80;', `listen 127.0.0.1:${ports.http};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`)
    .replace('server 127.0.0.1:8787;', `server 127.0.0.1:${ports.bff};`)
    .replace(/ *server 127\.0\.0\.1:8797;[^\n]*\n/, '')
    .replaceAll('/etc/ssl/ess-bff/', `${dir}/tls/`)
    .replaceAll('/var/log/nginx/', `${dir}/logs/`);
}

function mainConfig(serverBlocks: string): string {
  const conf = join(dir, 'ess-bff.conf');
  writeFileSync(conf, serverBlocks);
  const main = join(dir, 'nginx.conf');
  writeFileSync(
    main,
    [
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log;`,
      'events { worker_connections 64; }',
      'http {',
      `  client_body_temp_path ${dir}/tmp/body;`,
      `  proxy_temp_path ${dir}/tmp/proxy;`,
      `  fastcgi_temp_path ${dir}/tmp/fastcgi;`,
      `  uwsgi_temp_path ${dir}/tmp/uwsgi;`,
      `  scgi_temp_path ${dir}/tmp/scgi;`,
      `  include ${conf};`,
      '}',
      '',
    ].join('\n'),
  );
  return main;
}

function httpsGet(
  url: string,
  onData?: (text: string) => boolean,
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      url,
      { rejectUnauthorized: false, headers: { host: 'ess-bff.example.com' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (onData?.(body)) {
            req.destroy();
            done({ status: res.statusCode ?? 0, body });
          }
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.end();
  });
}

describe('nginx in front of the BFF (docs/production.md)', () => {
  let binary = '';
  let ports = { http: 0, https: 0, bff: 0 };
  beforeAll(async () => {
    binary = ensureNginx();
    for (const sub of ['tls', 'logs', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
    const { key, cert } = selfSignedCertificate(join(dir, 'tls'), 'ess-bff.example.com');
    renameSync(key, join(dir, 'tls/privkey.pem'));
    renameSync(cert, join(dir, 'tls/fullchain.pem'));
    bff = await spawnBff({ STORE_URL: join(dir, 'bff.sqlite'), ESS_PROBE_INTERVAL_MS: '0' });
    ports = { http: await freePort(), https: await freePort(), bff: Number(new URL(bff.url).port) };
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const gone = new Promise((r) => nginx?.once('exit', r));
      nginx.kill('SIGQUIT');
      await gone;
    }
    await bff?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes nginx -t as written (with this machine’s ports, certificate and log paths)', () => {
    const main = mainConfig(localized(ports));
    const run = spawnSync(binary, ['-t', '-c', main, '-p', dir], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/syntax is ok/);
    expect(run.stderr).toMatch(/test is successful/);
    expect(run.status).toBe(0);
  });

  it('proxies readiness and an event stream over TLS, and logs paths without queries', async () => {
    const main = mainConfig(localized(ports));
    nginx = spawn(binary, ['-c', main, '-p', dir, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const base = `https://127.0.0.1:${ports.https}`;
    let ready: { status: number; body: string } | undefined;
    for (let i = 0; i < 100 && !ready; i++) {
      ready = await httpsGet(`${base}/readyz`).catch(() => undefined);
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready?.status).toBe(200);
    expect(JSON.parse(ready?.body ?? '{}').checks.store.ok).toBe(true);

    const token = await tokenFrom((bff as BffProcess).url, { flowIds: ['yDnginxflow000000000000000000001'] });
    const stream = await httpsGet(
      `${base}/v1/events?flowIds=yDnginxflow000000000000000000001&token=${token}`,
      (text) => text.includes(': open'),
    );
    expect(stream.status).toBe(200);
    expect(stream.body).toMatch(/^retry: 3000\n: open/);
    // Plain HTTP is sent to HTTPS.
    const redirect = await new Promise<number>((done, fail) => {
      get(`http://127.0.0.1:${ports.http}/readyz`, { headers: { host: 'ess-bff.example.com' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      }).on('error', fail);
    });
    expect(redirect).toBe(301);

    const logFile = join(dir, 'logs/ess-bff.access.log');
    for (
      let i = 0;
      i < 50 && !(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('/v1/events'));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    const log = readFileSync(logFile, 'utf8');
    expect(log).toMatch(/"GET \/v1\/events HTTP\/[12]\.[01]" 200/);
    expect(log).not.toContain(token);
    expect(log).not.toContain('token=');
  });
});
