/**
 * What a newcomer meets outside the demo page (issue 13), in Debian's Chromium against the real
 * `npm start`: the elements on a plain page of their own (errors in the page's language, a CORS
 * refusal named as such), the QR panel after the emulator's clock moved past the code's expiry,
 * and the BFF's `/docs` reference working with no request leaving the BFF. Screenshots of each are
 * written to docs/screenshots/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementsBundleFile, ensureElementsBundle } from '../../demo/server/elements-bundle.js';
import { repoRoot, type StartedScript, spawnStartOnFreePorts } from './start-script.js';

const CHROME_FLAGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--no-first-run', '--disable-sync'];
const SHOTS = join(repoRoot, 'docs', 'screenshots');
const PARTNER = { authorization: 'Bearer dev-partner-key', 'content-type': 'application/json' };

let workDir: string;
let started: StartedScript;
let browser: Browser;
let bff: string;
let emulator: string;

/** A partner's own page, on an origin the BFF allows (BFF_ALLOWED_ORIGINS) and on one it does not. */
const pages: { allowed?: { server: Server; url: string }; refused?: { server: Server; url: string } } = {};
let html = '';

function servePage(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    if (request.url === '/ess-elements.js') {
      response
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
        .end(await readFile(elementsBundleFile));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

beforeAll(async () => {
  ensureElementsBundle(() => {});
  await mkdir(SHOTS, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-newcomer-'));
  pages.allowed = await servePage();
  pages.refused = await servePage();
  ({ started, bff, emulator } = await spawnStartOnFreePorts({
    STORE_URL: join(workDir, 'ess-kit.sqlite'),
    ESS_EMULATOR_DATA: '',
    BFF_ALLOWED_ORIGINS: pages.allowed.url,
  }));
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: CHROME_FLAGS,
    protocolTimeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
  for (const page of Object.values(pages)) page?.server.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** The text an element renders (its shadow root). */
const shadowText = (page: Page, selector: string) =>
  page.$eval(selector, (element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

async function waitForText(page: Page, selector: string, text: string): Promise<string> {
  await page.waitForFunction(
    (s, t) => document.querySelector(s)?.shadowRoot?.textContent?.includes(t),
    { timeout: 20_000 },
    selector,
    text,
  );
  return shadowText(page, selector);
}

const elementsPage = (body: string, lang = 'zh-CN') => `<!doctype html><html lang="${lang}"><head>
<meta charset="utf-8"><title>partner page</title><script type="module" src="/ess-elements.js"></script>
<style>body{font:15px system-ui,sans-serif;margin:24px;display:grid;gap:14px;max-width:640px}h2{font-size:14px;margin:8px 0 0;color:#555}</style>
</head><body>${body}</body></html>`;

describe('the elements on a partner page of their own', () => {
  it('show errors in the page’s language and name a CORS refusal with BFF_ALLOWED_ORIGINS', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 720, height: 420 });
    html = elementsPage(`
      <h2>zh-CN · BFF unreachable</h2>
      <ess-status-badge id="zh" bff-url="http://127.0.0.1:9" token="t" flow-id="yDnowhere000000000000000000001" locale="zh-CN"></ess-status-badge>
      <h2>en · BFF unreachable</h2>
      <ess-status-badge id="en" bff-url="http://127.0.0.1:9" token="t" flow-id="yDnowhere000000000000000000001" locale="en"></ess-status-badge>
      <h2>zh-CN · the BFF refuses this page's origin</h2>
      <ess-sign-button id="cors" bff-url="${bff}" token="t" flow-id="yDnowhere000000000000000000001" locale="zh-CN"></ess-sign-button>
      <h2>en · the BFF refuses this page's origin</h2>
      <ess-download-button id="cors-en" bff-url="${bff}" token="t" flow-id="yDnowhere000000000000000000001" locale="en"></ess-download-button>`);
    await page.goto(pages.refused!.url, { waitUntil: 'load' });
    expect(await waitForText(page, '#zh', '无法连接服务器')).not.toMatch(/Could not|BFF\./);
    expect(await waitForText(page, '#en', 'Could not reach the server')).toBeTruthy();
    const cors = await waitForText(page, '#cors', 'BFF_ALLOWED_ORIGINS');
    expect(cors).toContain(pages.refused!.url);
    expect(cors).toContain('服务器拒绝本页面');
    expect(await waitForText(page, '#cors-en', 'add it to BFF_ALLOWED_ORIGINS')).toContain('refuses');
    await page.screenshot({ path: join(SHOTS, 'element-errors.png') as `${string}.png` });
    const corsBox = await page.$('#cors');
    await corsBox?.screenshot({ path: join(SHOTS, 'cors-refusal.png') as `${string}.png` });
    await page.close();
  });

  it('shows a QR code as expired once the emulator clock moved past its expiry', async () => {
    const seed = (await (await fetch(`${emulator}/_emulator/seed`)).json()) as {
      templates: { TemplateId: string; shape: string }[];
    };
    const TemplateId = seed.templates.find((t) => t.shape === 'single-c')!.TemplateId;
    const created = await fetch(`${bff}/v1/qr-codes`, {
      method: 'POST',
      headers: PARTNER,
      body: JSON.stringify({ TemplateId, FlowName: '入职合同', QrEffectiveDay: 7 }),
    });
    expect(created.status).toBe(201);
    const { qrCodeId } = (await created.json()) as { qrCodeId: string };
    const minted = await fetch(`${bff}/v1/tokens`, {
      method: 'POST',
      headers: PARTNER,
      body: JSON.stringify({ qrCodeIds: [qrCodeId], ttlSeconds: 900 }),
    });
    const { token } = (await minted.json()) as { token: string };

    const page = await browser.newPage();
    await page.setViewport({ width: 420, height: 420 });
    html = elementsPage(
      `<ess-qr-panel id="qr" bff-url="${bff}" token="${token}" qr-code-id="${qrCodeId}" locale="en"></ess-qr-panel>`,
      'en',
    );
    await page.goto(pages.allowed!.url, { waitUntil: 'load' });
    await waitForText(page, '#qr', 'Expires in');
    const moved = await fetch(`${emulator}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 400 * 86_400 }),
    });
    expect(moved.status).toBe(200);
    const text = await waitForText(page, '#qr', 'This QR code has expired.');
    expect(text).not.toContain('Expires in');
    expect(await page.$eval('#qr', (element) => element.getAttribute('state'))).toBe('expired');
    await page.screenshot({ path: join(SHOTS, 'qr-panel-after-clock.png') as `${string}.png` });
    await page.close();
  });
});

describe('the BFF’s /docs reference', () => {
  it('renders the OpenAPI document with no request leaving the BFF', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${bff}/docs`, { waitUntil: 'networkidle0', timeout: 60_000 });
    // The operations and their request schemas are rendered from the document. Scalar renders
    // operations lazily as they scroll into view, and the token route is not among the first
    // (health routes come before it), so each poll scrolls on until it shows.
    await page.waitForFunction(
      () => {
        window.scrollBy(0, 1500);
        for (const element of document.querySelectorAll('*')) {
          const scrolls = element.scrollHeight > element.clientHeight + 10;
          if (scrolls && getComputedStyle(element).overflowY !== 'visible') element.scrollTop += 1500;
        }
        const text = document.body.innerText;
        return (
          text.includes('Mint a browser token') &&
          text.includes('flowIds') &&
          text.includes('Request Example')
        );
      },
      { timeout: 30_000, polling: 300 },
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(requested).toContain(`${bff}/openapi.json`);
    const elsewhere = requested.filter((url) => !url.startsWith(`${bff}/`) && !/^(data|blob):/.test(url));
    expect(elsewhere).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'api-reference.png') as `${string}.png` });
    await page.close();
  });
});
