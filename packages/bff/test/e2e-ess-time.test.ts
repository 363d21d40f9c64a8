/**
 * The BFF reads ESS time from the emulator (issue 13, bug 6): once the emulator's clock moves past
 * a QR code's expiry, the BFF reports that code as expired — in its snapshot and as a live `qr`
 * event — exactly when a scan would be refused, not days later by the wall clock.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Stack, startStack } from './harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

it('reports a QR code expired once the emulator clock passed its expiry', async () => {
  const TemplateId = stack.seed.templates.find((t) => t.shape === 'single-c')!.TemplateId;
  const created = await stack.call('/v1/qr-codes', {
    json: { TemplateId, FlowName: '时钟', QrEffectiveDay: 7 },
  });
  expect(created.status).toBe(201);
  expect(created.body.state).toBe('active');
  const { qrCodeId } = created.body;

  await stack.control('/clock', { advanceSeconds: 400 * 86_400 });

  let state = 'active';
  for (let i = 0; i < 100 && state !== 'expired'; i++) {
    state = (await stack.call(`/v1/qr-codes/${qrCodeId}`)).body.state;
    if (state !== 'expired') await new Promise((done) => setTimeout(done, 100));
  }
  expect(state).toBe('expired');
  // Pages learn it live: the expiry is in the event log the SSE streams replay.
  const page = await stack.call('/v1/partner/events?format=json&since=0&family=qr&limit=1000');
  const events = page.body.events as { qrCodeId: string | null; state: { state?: string } | null }[];
  const states = events.filter((event) => event.qrCodeId === qrCodeId).map((event) => event.state?.state);
  expect(states).toContain('expired');
});
