/**
 * The demo's product switch, driven in Debian's Chromium against the real `npm start`: from the
 * 企业版 page to 第三方应用, two sub-companies onboarded through the emulator's console page (the
 * administrator's form, in the browser), a contract per sub-company started from its own page, and
 * each sub-company's page showing only its own contracts — with the same elements, whose status
 * badge follows the signing (platform callbacks → platform BFF → the page's stream).
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
let emulator: string;
let platformBff: string;
const SUBS = ['demo_shop_xinghe', 'demo_shop_yunling'] as const;

beforeAll(async () => {
  ensureElementsBundle(() => {});
  workDir = await mkdtemp(join(tmpdir(), 'ess-kit-platform-demo-'));
  ({ started, demo, emulator, platformBff } = await spawnStartOnFreePorts({
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

const ready = (page: Page) => page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
const shadowText = (page: Page, selector: string) =>
  page.$eval(selector, (e) => e.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** The sub-company's own page; returns the flow ids it lists. */
async function listedContracts(page: Page, openId: string): Promise<string[]> {
  await page.goto(`${demo}/platform?subCompany=${openId}`, { waitUntil: 'load' });
  await ready(page);
  return page.$$eval('#contracts li', (items) => items.map((li) => (li as HTMLElement).dataset.flowId ?? ''));
}

describe('the demo platform switch (企业版 ↔ 第三方应用)', () => {
  const flows: Record<string, string> = {};

  it('switches from the 企业版 page to the platform page, which names the platform BFF', async () => {
    expect(started.output()).toContain(platformBff);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(demo, { waitUntil: 'load' });
    await page.click('#to-platform');
    await page.waitForSelector('#sub-companies li', { timeout: 30_000 });
    expect(page.url()).toBe(`${demo}/platform`);
    const listed = await page.$$eval('#sub-companies li', (items) =>
      items.map((li) => [(li as HTMLElement).dataset.openId, (li as HTMLElement).dataset.activated]),
    );
    expect(listed).toEqual(SUBS.map((id) => [id, 'false']));
    // The platform BFF says which product it speaks.
    const readyz = await (await fetch(`${platformBff}/readyz`)).json();
    expect(readyz).toMatchObject({ essApi: 'essbasic', appId: 'yDEssKitPlatformApp0000000000001' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a sub-company that has not onboarded gets the onboarding link instead of a contract', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo}/platform?subCompany=${SUBS[0]}`, { waitUntil: 'load' });
    await ready(page);
    await page.click('#create');
    await page.waitForFunction(() =>
      document.querySelector('#notice')?.textContent?.includes('ORGANIZATION_NOT_ONBOARDED'),
    );
    const link = await page.$eval('#onboard-link', (a) => (a as HTMLAnchorElement).href);
    expect(link).toContain(`${new URL(emulator).host}/console/login/`);
    expect(await page.$$('#contracts li')).toHaveLength(0);
    await page.close();
  });

  it('onboards both sub-companies through the console page, in the browser', async () => {
    for (const [i, openId] of SUBS.entries()) {
      const page = await browser.newPage();
      await page.goto(`${demo}/platform`, { waitUntil: 'load' });
      await page.waitForSelector(`li[data-open-id="${openId}"] a.onboard`, { timeout: 30_000 });
      const href = await page.$eval(
        `li[data-open-id="${openId}"] a.onboard`,
        (a) => (a as HTMLAnchorElement).href,
      );
      await page.goto(href, { waitUntil: 'load' });
      await page.waitForSelector('form[data-form="company"]');
      await page.type('#uscc', `9131000${i}MA1FL8XQ30`);
      await page.type('#legal-name', '王法人');
      await page.$eval('#operator-name', (e) => ((e as HTMLInputElement).value = ''));
      await page.type('#operator-name', '李经办');
      await page.$eval('#operator-mobile', (e) => ((e as HTMLInputElement).value = ''));
      await page.type('#operator-mobile', `1370000000${i}`);
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.click('[data-action="verify-company"]'),
      ]);
      expect(await page.$eval('#onboarding-step', (e) => (e as HTMLElement).dataset.step)).toBe('console');
      await page.close();
    }
    const page = await browser.newPage();
    await page.goto(`${demo}/platform`, { waitUntil: 'load' });
    await page.waitForSelector('#sub-companies li');
    const activated = await page.$$eval('#sub-companies li', (items) =>
      items.map((li) => (li as HTMLElement).dataset.activated),
    );
    expect(activated).toEqual(['true', 'true']);
    await page.close();
  });

  it('a contract per sub-company; each page sees only its own, and its badge follows the signing', async () => {
    for (const openId of SUBS) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(`${demo}/platform?subCompany=${openId}`, { waitUntil: 'load' });
      await ready(page);
      await page.click('#create');
      await page.waitForSelector('#contracts li ess-status-badge', { timeout: 30_000 });
      flows[openId] = await page.$eval('#contracts li', (li) => (li as HTMLElement).dataset.flowId ?? '');
      await page.waitForFunction(
        () =>
          document.querySelector('#contracts ess-status-badge')?.shadowRoot?.textContent?.includes('待签署'),
        { timeout: 20_000 },
      );
      // Sign every signer in the emulator: the badge moves to 已签署 through the platform's callbacks.
      const snapshot = (await (
        await fetch(`${platformBff}/v1/flows/${flows[openId]}`, {
          headers: { authorization: 'Bearer dev-partner-key' },
        })
      ).json()) as { approvers: { recipientId: string }[] };
      for (const a of snapshot.approvers)
        await fetch(`${emulator}/_emulator/flows/${flows[openId]}/approvers/${a.recipientId}/sign`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      await page.waitForFunction(
        () =>
          document.querySelector('#contracts ess-status-badge')?.shadowRoot?.textContent?.includes('已签署'),
        { timeout: 20_000 },
      );
      expect(await shadowText(page, '#contracts ess-status-badge')).toContain('已签署');
      expect(errors).toEqual([]);
      await page.close();
    }
    expect(flows[SUBS[0]]).not.toBe(flows[SUBS[1]]);
    const page = await browser.newPage();
    expect(await listedContracts(page, SUBS[0])).toEqual([flows[SUBS[0]]]);
    expect(await listedContracts(page, SUBS[1])).toEqual([flows[SUBS[1]]]);
    // The token a sub-company's page gets cannot read the other's contract.
    const token = (await (await fetch(`${demo}/api/platform/token?organizationId=${SUBS[0]}`)).json()) as {
      token: string;
    };
    const other = await fetch(`${platformBff}/v1/flows/${flows[SUBS[1]]}`, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(other.status).toBe(403);
    await page.close();
  });
});
