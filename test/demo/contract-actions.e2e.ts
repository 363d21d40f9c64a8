/**
 * The demo's own controls (issue 13, item 7), in Debian's Chromium against the real `npm start`:
 * the Cancel button of a finished contract is disabled (by shared's terminal-status rule), an error
 * is shown in the page's language by its code (not as a raw `ESS_OPERATION_DENIED …` line), and at
 * 1280×800 every counterparty input is whole inside its form and the viewport.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureElementsBundle } from '../../demo/server/elements-bundle.js';
import { launchChromium, watchErrors } from '../support/chromium.js';
import { type StartedScript, spawnStartOnFreePorts } from './start-script.js';

let workDir: string;
let started: StartedScript;
let browser: Browser;
let demo: string;

beforeAll(async () => {
  ensureElementsBundle(() => {});
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-demo-actions-'));
  ({ started, demo } = await spawnStartOnFreePorts({
    STORE_URL: join(workDir, 'ess-kit.sqlite'),
    ESS_EMULATOR_DATA: '',
  }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function openDemo(locale: 'zh-CN' | 'en', viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument((value) => localStorage.setItem('demo.locale', value), locale);
  await page.goto(demo, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** Starts a B2C contract from the sample PDF through the form; its list item's selector prefix. */
async function startContract(page: Page): Promise<(selector: string) => string> {
  const before = await page.$$eval('#flow-list li.flow', (items) => items.length);
  await page.select('#by-file-form select[name="preset"]', 'b2c');
  await page.click('#by-file-form button[type="submit"]');
  await page.waitForFunction(
    (count) => document.querySelectorAll('#flow-list li.flow[data-flow-id]').length > count,
    { timeout: 30_000 },
    before,
  );
  const flowId = await page.$eval(
    '#flow-list li.flow[data-flow-id]',
    (node) => (node as HTMLElement).dataset.flowId!,
  );
  const inFlow = (selector: string) => `li[data-flow-id="${flowId}"] ${selector}`;
  await page.waitForSelector(inFlow('ess-status-badge[status="1"]'), { timeout: 15_000 });
  return inFlow;
}

describe('the demo’s contract actions', () => {
  it('disables Cancel once the contract is finished, and shows a refusal by its code in the page’s language', async () => {
    const page = await openDemo('zh-CN');
    const errors = watchErrors(page);
    const inFlow = await startContract(page);
    expect(
      await page.$eval(inFlow('button.cancel'), (button) => (button as HTMLButtonElement).disabled),
    ).toBe(false);

    await page.click(inFlow('button.cancel'));
    await page.waitForSelector(inFlow('ess-status-badge[status="6"]'), { timeout: 15_000 });
    // Cancelled is final (shared's isTerminalFlowStatus): nothing left to cancel.
    await page.waitForSelector(inFlow('button.cancel[disabled]'), { timeout: 5_000 });

    // A click that raced the status (the button forced back on): ESS refuses, the page says so in
    // Chinese, by the code; the code and ESS's message are only a detail (the notice's title).
    await page.$eval(inFlow('button.cancel'), (button) => {
      (button as HTMLButtonElement).disabled = false;
    });
    await page.click(inFlow('button.cancel'));
    await page.waitForSelector('#notice:not([hidden])', { timeout: 15_000 });
    const notice = await page.$eval('#notice', (node) => ({
      text: node.textContent ?? '',
      title: (node as HTMLElement).title,
    }));
    expect(notice.text).toContain('腾讯电子签拒绝了该请求');
    expect(notice.text).not.toContain('ESS_OPERATION_DENIED');
    expect(notice.title).toContain('ESS_OPERATION_DENIED');
    // The status that arrives again keeps the button off.
    await page.waitForSelector(inFlow('button.cancel[disabled]'), { timeout: 5_000 });
    expect(errors.filter((line) => !/409|Conflict/.test(line))).toEqual([]);
    await page.close();
  });

  it('shows errors in English on the English page', async () => {
    const page = await openDemo('en');
    const inFlow = await startContract(page);
    await page.click(inFlow('button.cancel'));
    // Cancelled for real first (the button is also off while its own request runs).
    await page.waitForSelector(inFlow('ess-status-badge[status="6"]'), { timeout: 15_000 });
    await page.waitForSelector(inFlow('button.cancel[disabled]'), { timeout: 5_000 });
    await page.$eval(inFlow('button.cancel'), (button) => {
      (button as HTMLButtonElement).disabled = false;
    });
    await page.click(inFlow('button.cancel'));
    await page.waitForSelector('#notice:not([hidden])', { timeout: 15_000 });
    const text = await page.$eval('#notice', (node) => node.textContent ?? '');
    expect(text).toContain('Tencent E-Sign refused the request.');
    expect(text).not.toContain('ESS_OPERATION_DENIED');
    await page.close();
  });

  it('keeps every counterparty input whole inside its form and the viewport at 1280×800', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const page = await openDemo(locale);
      const boxes = await page.$$eval('#by-file-form .pair input', (inputs) =>
        inputs.map((input) => {
          const box = input.getBoundingClientRect();
          const label = input.closest('label')!.getBoundingClientRect();
          const card = input.closest('.card')!.getBoundingClientRect();
          const field = input as HTMLInputElement;
          return {
            name: field.name,
            box: { left: box.left, right: box.right, width: box.width },
            label: { left: label.left, right: label.right },
            card: { left: card.left, right: card.right },
            // The value is shown whole (not scrolled out of a squeezed box).
            clipped: field.scrollWidth > field.clientWidth + 1,
            viewport: document.documentElement.clientWidth,
          };
        }),
      );
      expect(boxes.map((b) => b.name).sort()).toEqual(
        [
          'employeeMobile',
          'employeeName',
          'otherMobile',
          'otherName',
          'otherOrganizationName',
          'personMobile',
          'personName',
        ].sort(),
      );
      for (const b of boxes) {
        const where = `${locale} ${b.name} ${JSON.stringify(b)}`;
        expect(b.box.left, where).toBeGreaterThanOrEqual(b.label.left - 0.5);
        expect(b.box.right, where).toBeLessThanOrEqual(b.label.right + 0.5);
        expect(b.box.right, where).toBeLessThanOrEqual(b.card.right + 0.5);
        expect(b.box.right, where).toBeLessThanOrEqual(b.viewport);
        expect(b.clipped, where).toBe(false);
      }
      await page.close();
    }
  });
});
