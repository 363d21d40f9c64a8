/**
 * The demo driven as a person would, in Debian's Chromium, against the real `npm start` script
 * (emulator + BFF on a temporary SQLite file + demo site, on free ports): start a B2C contract
 * from the sample PDF, sign as both approvers in the emulator's signing pages, watch the badge reach
 * 已签署 without a reload, and download the signed PDF.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureElementsBundle } from '../../demo/server/elements-bundle.js';
import { claimPort } from '../../demo/server/ports.js';
import { launchChromium, watchErrors } from '../support/chromium.js';
import { runStartToExit, type StartedScript, spawnStart } from './start-script.js';

let workDir: string;
let started: StartedScript;
let browser: Browser;
let demoUrl: string;
const ports = { bff: 0, emulator: 0, demo: 0 };

beforeAll(async () => {
  ensureElementsBundle(() => {});
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-demo-'));
  for (const key of ['bff', 'emulator', 'demo'] as const)
    ports[key] = await claimPort(0, '127.0.0.1', key, 'test');
  started = await spawnStart(
    [
      '--skip-build',
      '--port',
      String(ports.bff),
      '--emulator-port',
      String(ports.emulator),
      '--demo-port',
      String(ports.demo),
    ],
    { STORE_URL: join(workDir, 'ess-kit.sqlite'), ESS_EMULATOR_DATA: '' },
  );
  demoUrl = `http://127.0.0.1:${ports.demo}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  const code = await started?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  // Ctrl-C must stop everything cleanly.
  if (started) expect(code).toBe(0);
});

describe('npm start', () => {
  it('prints the URLs of the demo, the BFF and the emulator', () => {
    const output = started.output();
    expect(output).toContain(`Demo partner site  ${demoUrl}`);
    expect(output).toContain(`http://127.0.0.1:${ports.bff}`);
    expect(output).toContain(`http://127.0.0.1:${ports.emulator}`);
    // Secrets are never printed.
    expect(output).not.toMatch(/EssKitEmulatorSecretKey|EssKitDevCallbackKey|dev-partner-key|token-secret/);
  });

  it('refuses a port in use with a clear message and exit code 1', async () => {
    const result = await runStartToExit(
      ['--skip-build', '--port', String(ports.bff), '--emulator-port', '0', '--demo-port', '0'],
      { STORE_URL: join(workDir, 'other.sqlite') },
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Port ${ports.bff} (BFF) is already in use`);
    expect(result.output).toContain('PORT or --port');
  });
});

describe('the demo partner site', () => {
  it('starts a B2C contract from a PDF, signs it as both approvers, shows 已签署 live and downloads the PDF', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(demoUrl, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // A marker that a reload would wipe: the badge must change without one.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    await page.select('#by-file-form select[name="preset"]', 'b2c');
    await page.click('#by-file-form button[type="submit"]');
    const item = await page.waitForSelector('#flow-list li.flow[data-flow-id]', { timeout: 30_000 });
    const flowId = await item!.evaluate((node) => (node as HTMLElement).dataset.flowId!);
    const inFlow = (selector: string) => `li[data-flow-id="${flowId}"] ${selector}`;
    await page.waitForSelector(inFlow('ess-status-badge[status="1"]'), { timeout: 15_000 });
    await page.waitForFunction(
      (selector) => document.querySelectorAll(selector).length === 2,
      { timeout: 15_000 },
      inFlow('ess-sign-button'),
    );
    expect(await page.$eval(inFlow('ess-download-button'), (node) => node.hasAttribute('disabled'))).toBe(
      true,
    );

    // First approver: the sign button fetches a signing link; on a PC it shows it as a QR code with
    // a link to open it on this device, which leads to the emulator's signing page.
    const firstButton = inFlow('.signer:nth-child(1) ess-sign-button');
    const secondButton = inFlow('.signer:nth-child(2) ess-sign-button');
    await page.waitForSelector(`${firstButton}:not([disabled])`, { timeout: 15_000 });
    const first = await page.$eval(firstButton, (node) => node.getAttribute('recipient-id')!);
    const second = await page.$eval(secondButton, (node) => node.getAttribute('recipient-id')!);
    await page.click(`${firstButton} >>> button[part="button"]`);
    const link = await page.waitForSelector(`${firstButton} >>> a[part="link"]`, { timeout: 15_000 });
    const signUrl = await link!.evaluate((node) => (node as HTMLAnchorElement).href);
    expect(signUrl).toContain(`127.0.0.1:${ports.emulator}`);
    await page.keyboard.press('Escape');

    const signingPage = await browser.newPage();
    await signingPage.goto(signUrl, { waitUntil: 'load' });
    await Promise.all([
      signingPage.waitForNavigation({ timeout: 15_000 }),
      signingPage.click(`button[data-action="sign"][data-recipient="${first}"]`),
    ]);
    // The badge follows while the contract is half signed.
    await page.waitForSelector(inFlow('ess-status-badge[status="2"]'), { timeout: 15_000 });
    // Second approver: the emulator's signing page now offers the next approver (ordered flow).
    await Promise.all([
      signingPage.waitForNavigation({ timeout: 15_000 }),
      signingPage.click(`button[data-action="sign"][data-recipient="${second}"]`),
    ]);
    await signingPage.close();

    await page.waitForSelector(inFlow('ess-status-badge[status="4"]'), { timeout: 15_000 });
    const label = await page.$eval(inFlow('ess-status-badge'), (node) =>
      node.shadowRoot?.querySelector('[part="label"]')?.textContent?.trim(),
    );
    expect(label).toBe('已签署');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    // Download: the button fetches fresh links at click time and opens the ESS file link in a new
    // tab (cross-origin, served as the PDF itself); fetch exactly what that tab was given.
    await page.waitForSelector(inFlow('ess-download-button:not([disabled])'), { timeout: 15_000 });
    const opened = browser.waitForTarget(
      (target) => target.opener() === page.target() && target.url() !== 'about:blank',
      {
        timeout: 15_000,
      },
    );
    await page.click(`${inFlow('ess-download-button')} >>> button`);
    const fileUrl = (await opened).url();
    expect(fileUrl).toContain(`127.0.0.1:${ports.emulator}`);
    const file = await fetch(fileUrl, { signal: AbortSignal.timeout(15_000) });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    expect(errors).toEqual([]);
    await page.close();
  });
});
