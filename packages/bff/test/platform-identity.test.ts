/**
 * Operators can tell which product a BFF speaks: `/readyz`, `GET /metrics` (`ess_bff_info`) and the
 * logs name the mode (`essApi`) and, for 第三方应用, the AppId — and never a secret. A wrong AppId
 * makes the instance unready (the platform refuses the application), like wrong credentials do.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { findSecretLeaks, type Stack, TEST_SECRETS } from './harness.js';
import { type Product, startProductStack } from './platform-harness.js';

const METRICS_TOKEN = 'metrics-token-platform-5c2e8a1b';
const APP_ID = 'yDEssKitPlatformApp0000000000001';
const stacks: Stack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.close();
});

async function readyWhenProbed(stack: Stack) {
  for (let i = 0; i < 100; i++) {
    const res = await stack.call('/readyz', { key: null });
    if (res.body.checks.ess.ok !== null) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the ESS probe never answered');
}

describe.each(['ess', 'essbasic'] as Product[])('ESS_API=%s', (product) => {
  it('/readyz, metrics and logs name the mode and the AppId, never a secret', async () => {
    const stack = await startProductStack(product, {}, { METRICS_TOKEN });
    stacks.push(stack);
    const ready = await readyWhenProbed(stack);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      ok: true,
      essApi: product,
      appId: product === 'essbasic' ? APP_ID : null,
      checks: { ess: { ok: true } },
    });
    const metrics = await stack.call('/metrics', { key: METRICS_TOKEN });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain(
      `ess_bff_info{ess_env="emulator",ess_api="${product}",app_id="${product === 'essbasic' ? APP_ID : ''}"} 1`,
    );
    const start = stack.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'ess product');
    expect(start).toMatchObject({ essApi: product, appId: product === 'essbasic' ? APP_ID : null });
    // Every ESS call's log line names the product too.
    const essLine = stack.logs.map((l) => JSON.parse(l)).find((l) => l.component === 'ess-client');
    expect(essLine?.essApi).toBe(product);
    // The onboarding route is documented in both; a 企业版 BFF answers it 404 (no sub-companies there).
    const doc = await stack.call('/openapi.json', { key: null });
    const route = doc.body.paths['/v1/organizations/{openId}/onboarding-url'];
    expect(Object.keys(route.post.requestBody.content['application/json'].schema.properties)).toContain(
      'organizationName',
    );
    const onboarding = await stack.call('/v1/organizations/sub_x/onboarding-url', {
      json: { organizationName: '某某有限公司' },
    });
    expect(onboarding.status).toBe(product === 'ess' ? 404 : 201);
    expect(findSecretLeaks(stack)).toEqual([]);
    expect(JSON.stringify(stack.logs)).not.toContain(TEST_SECRETS.essSecretKey);
  });
});

describe('ESS_API=essbasic with a wrong AppId', () => {
  it('is unready: the platform refuses the application', async () => {
    const stack = await startProductStack('essbasic', {}, { ESS_APP_ID: 'yDNotAnApplicationOfThisPlatform' });
    stacks.push(stack);
    const ready = await readyWhenProbed(stack);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ essApi: 'essbasic', appId: 'yDNotAnApplicationOfThisPlatform' });
    expect(ready.body.checks.ess).toMatchObject({ ok: false, code: 'ResourceNotFound.Application' });
  });
});
