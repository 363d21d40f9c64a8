/**
 * The four packages as their users get them. `npm pack` (whose prepack builds each package) makes
 * four tarballs; an empty project outside the repository installs them, and nothing else of ours;
 * a TypeScript consumer type-checks with `skipLibCheck: false` and runs shared, the BFF and the
 * emulator as libraries in Node ESM; Vite builds pages with the elements (ESM build, React wrappers,
 * single-file bundle); `ess-emulator` and `ess-bff` start from the installed bins; and one flow goes
 * from creation to a live status change in Chromium on all three pages.
 */

import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimPort } from '../../demo/server/ports.js';
import { launchChromium, watchErrors } from '../support/chromium.js';
import { type RunningBin, run, startBin } from './support.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PACKAGES = ['@ess-kit/shared', '@ess-kit/emulator', '@ess-kit/bff', '@ess-kit/elements'] as const;
/** The repository's TypeScript and Vite run on the consumer's files; everything they resolve is the consumer's. */
const TSC = join(repoRoot, 'node_modules/typescript/bin/tsc');
const VITE = join(repoRoot, 'node_modules/vite/bin/vite.js');
const PARTNER = { authorization: `Bearer ${DEV_DEFAULTS.partnerApiKey}`, 'content-type': 'application/json' };
const PAGES = ['index.html', 'react.html', 'bundle.html'] as const;
/** The version every package is at (they are released together, docs/releasing.md). */
const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

interface Packed {
  name: string;
  filename: string;
  files: string[];
}

let work: string;
let app: string;
const packed: Packed[] = [];
const bins: Record<'emulator' | 'bff', RunningBin | undefined> = { emulator: undefined, bff: undefined };
let site: Server | undefined;
let siteUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ess-kit-packages-'));
  app = join(work, 'app');
  await cp(join(repoRoot, 'test/packages/consumer'), app, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(bins).map((bin) => bin?.stop()));
  await new Promise((done) => (site ? site.close(done) : done(undefined)));
  if (work) await rm(work, { recursive: true, force: true });
});

/** Reads a JSON file of the consumer project. */
async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(join(app, path), 'utf8')) as T;
}

/** Every file an `exports` map (with conditions, nested) points at, except the workspace-only `source`. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (!exports || typeof exports !== 'object') return [];
  return Object.entries(exports).flatMap(([key, value]) => (key === 'source' ? [] : exportTargets(value)));
}

describe('npm pack', () => {
  it('builds each package and packs four tarballs with built JS, types and licence, and no tests', async () => {
    const destination = join(work, 'tarballs');
    await mkdir(destination);
    const { stdout } = await run(
      'npm',
      ['pack', '--json', '--pack-destination', destination, ...PACKAGES.flatMap((name) => ['-w', name])],
      { cwd: repoRoot, timeoutMs: 900_000 },
    );
    // prepack's build output comes first; the JSON report is the last thing printed.
    const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1)) as Array<{
      name: string;
      filename: string;
      files: Array<{ path: string }>;
    }>;
    for (const entry of report)
      packed.push({ name: entry.name, filename: entry.filename, files: entry.files.map((f) => f.path) });
    expect(packed.map((p) => p.name).sort()).toEqual([...PACKAGES].sort());

    for (const pkg of packed) {
      console.log(`packed ${pkg.filename}: ${pkg.files.length} files`);
      expect(pkg.files, pkg.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(
        pkg.files.filter((file) => /\.test\.|(^|\/)test\//.test(file)),
        pkg.name,
      ).toEqual([]);
      const manifest = JSON.parse(
        (await run('tar', ['-xOzf', join(destination, pkg.filename), 'package/package.json'], { cwd: work }))
          .stdout,
      );
      expect(manifest).toMatchObject({ name: pkg.name, version: VERSION, license: 'MIT', type: 'module' });
      expect(manifest.engines.node).toBe('>=20.19');
      // Every path of `exports` and `bin` is in the tarball (wildcards: at least one match).
      const targets = [...exportTargets(manifest.exports), ...Object.values(manifest.bin ?? {})] as string[];
      for (const target of targets) {
        const pattern = new RegExp(
          `^${target.replace(/^\.\//, '').replace(/[.]/g, '\\.').replace('*', '.+')}$`,
        );
        expect(
          pkg.files.some((file) => pattern.test(file)),
          `${pkg.name}: ${target}`,
        ).toBe(true);
      }
    }
  }, 900_000);

  it('passes `npm publish --dry-run` for each package without a warning', async () => {
    for (const name of PACKAGES) {
      const { stdout, stderr } = await run('npm', ['publish', '--dry-run', '--ignore-scripts', '-w', name], {
        cwd: repoRoot,
      });
      const warnings = stderr
        .split('\n')
        .filter((line) => /\bwarn\b/i.test(line))
        // Nobody is logged in to the registry here; a dry run says so and goes on.
        .filter((line) => !line.includes('requires you to be logged in'));
      expect(warnings, name).toEqual([]);
      expect(stdout).toContain(`+ ${name}@${VERSION}`);
    }
  }, 300_000);
});

describe('an empty project outside the repository', () => {
  it('installs the four tarballs (and their third-party dependencies from the registry)', async () => {
    expect(relative(repoRoot, app).startsWith('..')).toBe(true);
    const tarballs = packed.map((pkg) => join(work, 'tarballs', pkg.filename));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: app,
      timeoutMs: 1_200_000,
    });
    const lock = await readJson<{ packages: Record<string, { resolved?: string }> }>('package-lock.json');
    for (const name of PACKAGES)
      expect(lock.packages[`node_modules/${name}`]?.resolved, name).toMatch(/^file:/);
    // One copy of each, from the tarball: nothing of ours came from the registry.
    expect(
      Object.keys(lock.packages).filter((key) =>
        /node_modules\/@ess-kit\/.*node_modules\/@ess-kit\//.test(key),
      ),
    ).toEqual([]);
  }, 1_300_000);

  it('type-checks a TypeScript consumer of all four with skipLibCheck: false', async () => {
    for (const project of ['tsconfig.node.json', 'tsconfig.web.json']) {
      const config = await readJson<{ compilerOptions: { skipLibCheck: boolean } }>(project);
      expect(config.compilerOptions.skipLibCheck).toBe(false);
      const result = await run(process.execPath, [TSC, '-p', project], { cwd: app, allowFailure: true });
      expect(result.stdout + result.stderr, project).toBe('');
      expect(result.code).toBe(0);
    }
  }, 300_000);

  it('runs shared (every entry), the BFF and the emulator as libraries in Node ESM', async () => {
    const { stdout } = await run(process.execPath, ['out/node.js'], { cwd: app });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toEqual({
      health: 200,
      seals: 200,
      authorization: true,
      label: 'Signed',
      terminal: true,
      family: 'flow',
      qrViolations: 1,
      pdfText: 'PdfTextError',
      pageRotate: 90,
    });
  });

  it('builds a Vite page with the elements (ESM and React wrappers) beside the single-file bundle', async () => {
    const require = createRequire(join(app, 'package.json'));
    await cp(require.resolve('@ess-kit/elements/bundle'), join(app, 'public/ess-elements.js'));
    await run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: app });
    for (const page of [...PAGES, 'ess-elements.js'])
      expect(await readFile(join(app, 'dist', page), 'utf8'), page).not.toBe('');
  });
});

/** Serves the built pages (the Vite output) on a free port. */
async function serveSite(root: string): Promise<string> {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.map': 'application/json',
  };
  site = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const file = resolve(root, `.${path}`);
    const body = file.startsWith(root) ? await readFile(file).catch(() => null) : null;
    res.writeHead(body ? 200 : 404, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((done) => site?.listen(0, '127.0.0.1', done));
  const address = site.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('the installed bins and the built pages', () => {
  it('starts ess-emulator and ess-bff (configured by environment variables only)', async () => {
    siteUrl = await serveSite(join(app, 'dist'));
    // Free ports chosen here, so that nothing depends on the wording of their start-up lines.
    const emulatorPort = await claimPort(0, '127.0.0.1', 'emulator', 'test');
    const bffPort = await claimPort(0, '127.0.0.1', 'BFF', 'test');
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    bins.emulator = await startBin(
      app,
      'ess-emulator',
      ['--port', String(emulatorPort)],
      {},
      emulatorUrl,
      '/_emulator/seed',
    );
    bins.bff = await startBin(
      app,
      'ess-bff',
      [],
      {
        PORT: String(bffPort),
        HOST: '127.0.0.1',
        ESS_ENDPOINT: emulatorUrl,
        ESS_FILE_ENDPOINT: emulatorUrl,
        STORE_URL: join(work, 'bff.sqlite'),
        BFF_ALLOWED_ORIGINS: siteUrl,
      },
      `http://127.0.0.1:${bffPort}`,
    );
    const seals = await fetch(`${bins.bff.url}/v1/seals`, { headers: PARTNER });
    expect(seals.status).toBe(200);
    const targets = await fetch(`${bins.emulator.url}/_emulator/callback-targets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          url: `${bins.bff.url}/v1/callbacks/ess`,
          key: DEV_DEFAULTS.callbackKey,
          token: DEV_DEFAULTS.callbackToken,
          format: 'v2',
        },
      ]),
    });
    expect(targets.status).toBe(200);
  });

  it('drives a flow from creation to a live status change in Chromium (ESM, React and bundle pages)', async () => {
    const { emulator, bff } = bins;
    if (!emulator || !bff) throw new Error('the bins did not start');
    // Partner backend: a flow from the emulator's one-person template, and a browser token for it.
    const seed = (await (await fetch(`${emulator.url}/_emulator/seed`)).json()) as {
      templates: Array<{ TemplateId: string; shape: string }>;
    };
    const templateId = seed.templates.find((t) => t.shape === 'single-c')?.TemplateId;
    const created = await fetch(`${bff.url}/v1/flows/by-template`, {
      method: 'POST',
      headers: PARTNER,
      body: JSON.stringify({
        TemplateId: templateId,
        FlowName: 'packaging test',
        Approvers: [{ ApproverType: 1, ApproverName: '赵六', ApproverMobile: '13900000010' }],
      }),
    });
    const flow = (await created.json()) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
    expect(created.status, JSON.stringify(flow)).toBe(201);
    const minted = await fetch(`${bff.url}/v1/tokens`, {
      method: 'POST',
      headers: PARTNER,
      body: JSON.stringify({ flowIds: [flow.FlowId] }),
    });
    const { token } = (await minted.json()) as { token: string };
    expect(minted.status).toBe(201);

    browser = await launchChromium();
    const query = new URLSearchParams({ bff: bff.url, token, flow: flow.FlowId });
    const pages: Array<{ name: string; page: Page; errors: string[] }> = [];
    for (const name of PAGES) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(`${siteUrl}/${name}?${query}`, { waitUntil: 'load' });
      await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
      await page.waitForSelector('ess-status-badge[status="1"]', { timeout: 15_000 });
      // A marker a reload would wipe: the change must arrive live.
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      pages.push({ name, page, errors });
    }

    // The signer signs in the emulator; its callback reaches the BFF, which pushes it over SSE.
    const signed = await fetch(
      `${emulator.url}/_emulator/flows/${flow.FlowId}/approvers/${flow.Approvers[0].RecipientId}/sign`,
      { method: 'POST' },
    );
    expect(signed.status).toBe(200);

    for (const { name, page, errors } of pages) {
      await page.waitForSelector('ess-status-badge[status="4"]', { timeout: 15_000 });
      const label = await page.$eval('ess-status-badge', (node) =>
        node.shadowRoot?.querySelector('[part="label"]')?.textContent?.trim(),
      );
      expect(label, name).toBe('Signed');
      expect(
        await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
        name,
      ).toBe(true);
      expect(errors, name).toEqual([]);
    }
    const esm = pages[0].page;
    expect(await esm.$eval('body', (body) => ({ ...body.dataset }))).toEqual({
      ready: 'esm',
      tc3: 'TC3-HMAC-SHA256',
      lastStatus: `4:${flow.FlowId}:Signed`,
    });
    expect(await pages[1].page.$eval('body', (body) => body.dataset.lastStatus)).toBe('4');
  });
});
