/**
 * Sub-company onboarding in the emulator's pages, driven in a real Chromium (JavaScript off, like
 * the signing pages): before the console login link is completed the platform's calls for the new
 * sub-company fail with the documented error; after the administrator verifies the company (and a
 * second operator verifies themselves) the same calls succeed.
 */
import { ESSBASIC_ACTION_ERROR_CODES } from '@ess-kit/shared';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  contractPdfBase64,
  type Emulator,
  essErrorCode,
  launchChromium,
  startTestEmulator,
} from '../helpers.js';
import { type EssbasicClient, officialEssbasicClient, SIGNATURE_COMPONENT, seedOf } from './helpers.js';

let emulator: Emulator;
let browser: Browser;
let client: EssbasicClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = officialEssbasicClient(emulator.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.setJavaScriptEnabled(false);
  await page.goto(url);
  return page;
}

const step = (page: Page) => page.$eval('#onboarding-step', (el) => el.getAttribute('data-step'));

it('activates a new sub-company through its console login link, then its operators can act', async () => {
  const { application } = await seedOf(emulator.url);
  const admin = {
    AppId: application.AppId,
    ProxyOrganizationOpenId: 'org_browser_gamma',
    ProxyOperator: { OpenId: 'op_gamma_admin' },
  };
  const name = 'ess-kit 浏览器丙有限公司';

  const login = await client.CreateConsoleLoginUrl({
    Agent: admin,
    ProxyOrganizationName: name,
    ProxyOperatorName: '陈管理',
    ProxyOperatorMobile: '13700000061',
  });
  expect(login).toMatchObject({ IsActivated: false, ProxyOperatorIsVerified: false });

  // Before onboarding: the documented error, for listing templates and for starting a flow.
  const before = await essErrorCode(client.DescribeTemplates({ Agent: admin }));
  expect(before).toBe('OperationDenied.UserNotInOrganization');
  expect(ESSBASIC_ACTION_ERROR_CODES.DescribeTemplates).toContain(before);
  const uploadBefore = await essErrorCode(
    client.UploadFiles({
      Agent: admin,
      BusinessType: 'DOCUMENT',
      FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'a.pdf' }],
    }),
  );
  expect(ESSBASIC_ACTION_ERROR_CODES.UploadFiles).toContain(uploadBefore);

  // The administrator opens the link: 企业认证 with the company's code and legal representative.
  const page = await openPage(login.ConsoleUrl as string);
  expect(await step(page)).toBe('company');
  expect(await page.$eval('#company-name', (el) => el.textContent)).toBe(name);
  expect(await page.$eval('#operator-name', (el) => (el as HTMLInputElement).value)).toBe('陈管理');
  await page.type('#uscc', '91110000MA01GAMMA7');
  await page.type('#legal-name', '陈法人');
  await Promise.all([page.waitForNavigation(), page.click('button[data-action="verify-company"]')]);
  expect(await step(page)).toBe('console');
  expect(await page.$eval('#notice', (el) => el.textContent)).toContain('verified');
  expect(await page.$$('[data-seal-id]')).toHaveLength(1);
  await page.close();

  // After: the same calls succeed for the new tenant.
  const templates = await client.DescribeTemplates({ Agent: admin, ContentType: 1 });
  expect(templates.TotalCount).toBe(4);
  const seals = await client.ChannelDescribeOrganizationSeals({ Agent: admin, Limit: 10 });
  expect(seals.Seals?.[0].SealName).toBe(`${name}公章`);
  const upload = await client.UploadFiles({
    Agent: admin,
    BusinessType: 'DOCUMENT',
    FileInfos: [{ FileBody: contractPdfBase64(), FileName: 'a.pdf' }],
  });
  const flow = await client.ChannelCreateFlowByFiles({
    Agent: admin,
    FlowName: '浏览器认证后合同',
    FileIds: upload.FileIds,
    FlowApprovers: [
      {
        ApproverType: 'PERSON',
        Name: '卫小九',
        Mobile: '13700000062',
        SignComponents: [SIGNATURE_COMPONENT],
      },
    ],
  });
  expect(flow.FlowId).toMatch(/^yD/);

  // A second operator: synced by the platform, then 员工实名 through their own link.
  const clerk = { ...admin, ProxyOperator: { OpenId: 'op_gamma_clerk' } };
  await client.SyncProxyOrganizationOperators({
    Agent: admin,
    OperatorType: 'CREATE',
    ProxyOrganizationOperators: [{ Id: 'op_gamma_clerk', Name: '蒋文员', Mobile: '13700000063' }],
  });
  expect(await essErrorCode(client.DescribeTemplates({ Agent: clerk }))).toBe(
    'OperationDenied.UserNotInOrganization',
  );
  const clerkLogin = await client.CreateConsoleLoginUrl({ Agent: clerk, ProxyOrganizationName: name });
  expect(clerkLogin).toMatchObject({ IsActivated: true, ProxyOperatorIsVerified: false });
  const clerkPage = await openPage(clerkLogin.ConsoleUrl as string);
  expect(await step(clerkPage)).toBe('operator');
  await Promise.all([
    clerkPage.waitForNavigation(),
    clerkPage.click('button[data-action="verify-operator"]'),
  ]);
  expect(await step(clerkPage)).toBe('console');
  await clerkPage.close();
  expect((await client.DescribeTemplates({ Agent: clerk, ContentType: 1 })).TotalCount).toBe(4);

  // An expired link says so instead of verifying anyone.
  await fetch(`${emulator.url}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: 600 }),
  });
  const expired = await openPage(login.ConsoleUrl as string);
  expect(await expired.$eval('#error', (el) => el.textContent)).toContain('expired');
  await expired.close();
});
