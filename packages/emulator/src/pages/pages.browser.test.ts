/**
 * The simulator pages in a real Chromium with JavaScript disabled: scan a QR code, fill the form,
 * click the buttons a browser test would click, and see the flow complete.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator } from '../index.js';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emulator: Emulator;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(chromePath))
    throw new Error(`Chromium not found at ${chromePath}; set CHROME_PATH (never download one).`);
  emulator = await startEmulator({ port: 0 });
  browser = await puppeteer.launch({
    executablePath: chromePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    protocolTimeout: 20_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

it('scans, then refuses and signs through plain forms with JavaScript disabled', async () => {
  const state = emulator.handle.state;
  const org = state.mainOrganization();
  const template = Object.values(state.data.templates).find(
    (t) => t.shape === 'single-c' && t.OrganizationId === org.OrganizationId,
  )!;
  const qr = state.createQrCode({
    organizationId: org.OrganizationId,
    operatorUserId: org.operatorUserId,
    templateId: template.TemplateId,
    flowName: '浏览器测试',
  });

  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.setJavaScriptEnabled(false);
  await page.goto(`${emulator.url}/qr/${qr.QrCodeId}`);
  await page.type('#scan-name', '周七');
  await page.type('#scan-mobile', '13700000041');
  await Promise.all([page.waitForNavigation(), page.click('button[data-action="scan"]')]);

  expect(new URL(page.url()).pathname).toMatch(/^\/sign\/yD/);
  const [flowId] = state.qrCode(qr.QrCodeId).flowIds;
  const recipient = state.flow(flowId).approvers[0].RecipientId;
  expect(await page.$eval('#flow-status', (el) => el.getAttribute('data-flow-status'))).toBe('1');
  expect(await page.$eval('#notice', (el) => el.textContent)).toContain('contract has been created');

  // Refusing without a reason is stopped by the form itself (required), so nothing changes.
  await page.click(`button[data-action="reject"][data-recipient="${recipient}"]`);
  expect(state.flow(flowId).status).toBe(1);

  await Promise.all([
    page.waitForNavigation(),
    page.click(`button[data-action="sign"][data-recipient="${recipient}"]`),
  ]);
  expect(await page.$eval('#flow-status', (el) => el.getAttribute('data-flow-status'))).toBe('4');
  expect(await page.$(`button[data-recipient="${recipient}"]`)).toBeNull();
  expect(state.flow(flowId).status).toBe(4);
  await page.close();
});
