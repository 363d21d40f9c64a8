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
import { nearestBox, pathBoxes } from '../../packages/emulator/test/stamps.js';
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
    expect(await page.$eval(inFlow('ess-download-button'), (node) => node.hasAttribute('unavailable'))).toBe(
      true,
    );

    // First approver: the sign button fetches a signing link; on a PC it shows it as a QR code with
    // a link to open it on this device, which leads to the emulator's signing page.
    const firstButton = inFlow('.signer:nth-child(1) ess-sign-button');
    const secondButton = inFlow('.signer:nth-child(2) ess-sign-button');
    await page.waitForSelector(`${firstButton}:not([unavailable])`, { timeout: 15_000 });
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
    await page.waitForSelector(inFlow('ess-download-button:not([unavailable])'), { timeout: 15_000 });
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

describe('the picker step of "start a contract from a PDF"', () => {
  it('places a seal and a signature by mouse and keyboard; the signed PDF has both marks there (within 1 pt)', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.setViewport({ width: 1280, height: 1000 });
    await page.goto(demoUrl, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.select('#by-file-form select[name="preset"]', 'b2c');
    // The picker loaded the sample PDF with pdf.js and shows the preset's two boxes.
    await page.waitForFunction(
      () => {
        const picker = document.querySelector('#picker') as (HTMLElement & { doc?: unknown }) | null;
        return picker?.doc && picker.shadowRoot?.querySelectorAll('[part~="box"]').length === 2;
      },
      { timeout: 30_000 },
    );
    const value = () =>
      page.evaluate(
        () => (document.querySelector('#picker') as HTMLElement & { value: unknown }).value,
      ) as Promise<Array<{ SignComponents: Array<Record<string, number | string>> }>>;
    const before = await value();
    expect(before[0].SignComponents[0]).toMatchObject({
      ComponentType: 'SIGN_SEAL',
      ComponentPosX: 70,
      ComponentPosY: 600,
    });

    /** Drags a box by (dx, dy) CSS pixels = points at the picker's 100 % zoom, with the real mouse. */
    const dragBox = async (type: string, dx: number, dy: number) => {
      const box = await page.waitForSelector(`#picker >>> [part~="box"][data-type="${type}"]`);
      await box!.scrollIntoView();
      const rect = (await box!.boundingBox())!;
      const x = rect.x + rect.width / 2;
      const y = rect.y + rect.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
      await page.mouse.move(x + dx, y + dy, { steps: 4 });
      await page.mouse.up();
    };
    await dragBox('SIGN_SEAL', 40, 30);
    await dragBox('SIGN_SIGNATURE', -20, 50);
    // Nudge the signature with the keyboard: Shift+ArrowRight is 10 pt.
    await page.focus('#picker >>> [part~="box"][data-type="SIGN_SIGNATURE"]');
    await page.keyboard.down('Shift');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.up('Shift');
    const placed = await value();
    const seal = placed[0].SignComponents[0] as Record<string, number>;
    const signature = placed[1].SignComponents[0] as Record<string, number>;
    expect([seal.ComponentPosX, seal.ComponentPosY]).toEqual([110, 630]);
    expect([signature.ComponentPosX, signature.ComponentPosY]).toEqual([320, 650]);

    // The list already shows the contracts of the earlier test: wait for the one this submit adds.
    const listed = () =>
      page.$$eval('#flow-list li.flow[data-flow-id]', (items) =>
        items.map((item) => (item as HTMLElement).dataset.flowId as string),
      );
    const known = new Set(await listed());
    await page.click('#by-file-form button[type="submit"]');
    await page.waitForFunction(
      (ids: string[]) =>
        [...document.querySelectorAll<HTMLElement>('#flow-list li.flow[data-flow-id]')].some(
          (item) => !ids.includes(item.dataset.flowId as string),
        ),
      { timeout: 30_000 },
      [...known],
    );
    const flowId = (await listed()).find((id) => !known.has(id)) as string;
    const inFlow = (selector: string) => `li[data-flow-id="${flowId}"] ${selector}`;
    await page.waitForFunction(
      (selector) => document.querySelectorAll(selector).length === 2,
      { timeout: 15_000 },
      inFlow('ess-sign-button'),
    );
    await page.waitForSelector(inFlow('ess-status-badge[status="1"]'), { timeout: 15_000 });
    for (const n of [1, 2]) {
      const recipient = await page.$eval(inFlow(`.signer:nth-child(${n}) ess-sign-button`), (node) =>
        node.getAttribute('recipient-id'),
      );
      const signed = await fetch(
        `http://127.0.0.1:${ports.emulator}/_emulator/flows/${flowId}/approvers/${recipient}/sign`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      );
      expect(signed.status, await signed.text()).toBe(200);
      await page.waitForSelector(inFlow(`ess-status-badge[status="${n === 1 ? 2 : 4}"]`), {
        timeout: 15_000,
      });
    }
    await page.waitForSelector(inFlow('ess-download-button:not([unavailable])'), { timeout: 15_000 });
    const opened = browser.waitForTarget(
      (target) => target.opener() === page.target() && target.url() !== 'about:blank',
      { timeout: 15_000 },
    );
    await page.click(`${inFlow('ess-download-button')} >>> button`);
    const file = await fetch((await opened).url(), { signal: AbortSignal.timeout(15_000) });
    const bytes = new Uint8Array(await file.arrayBuffer());

    // The sample contract is one unrotated 595 × 842 pt page: user space y = 842 − ESS y.
    const boxes = (await pathBoxes(bytes))[0];
    const radius = Math.min(seal.ComponentWidth, seal.ComponentHeight) / 2 - 2;
    const cx = seal.ComponentPosX + seal.ComponentWidth / 2;
    const cy = 842 - (seal.ComponentPosY + seal.ComponentHeight / 2);
    const ring = nearestBox(boxes, {
      minX: cx - radius,
      minY: cy - radius,
      maxX: cx + radius,
      maxY: cy + radius,
    });
    expect(ring.distance).toBeLessThanOrEqual(1);
    const lineY = 842 - (signature.ComponentPosY + signature.ComponentHeight * 0.75);
    const underline = nearestBox(boxes, {
      minX: signature.ComponentPosX,
      minY: lineY,
      maxX: signature.ComponentPosX + signature.ComponentWidth,
      maxY: lineY,
    });
    expect(underline.distance).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
