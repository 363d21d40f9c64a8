// Scope checks in-process (issue 15), on a real SQLite store: a browser token covers exactly its ids
// (QR codes also through their template), ids the store knows to belong to another organization are
// refused, and a scoped partner key acts only for its organizations — each refusal's exact message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserToken } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import type { BffDeps, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { assertInScope, assertPartnerScope, organizationForFlows, partnerMayActFor } from './scope.js';

const MAIN = 'yDmainOrg';
const MEMBER = 'yDmemberOrg';
let store: Store;
let deps: BffDeps;

beforeAll(async () => {
  store = await openStore({ store: { url: ':memory:' } });
  const config = loadConfig(
    { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
    { organization: { organizationId: MAIN }, groupMembers: [{ organizationId: MEMBER }] },
  );
  deps = { config, store } as unknown as BffDeps;
  await store.putOwner('flow', 'F-main', MAIN);
  await store.putOwner('flow', 'F-member', MEMBER);
  await store.putOwner('qr', 'Q-member', MEMBER);
  await store.putOwner('qr', 'Q-main', MAIN);
  const qr = {
    qrCodeUrl: 'u',
    flowName: 'n',
    maxFlowNum: 1,
    flowCount: 0,
    flowIds: [],
    expiredTime: 0,
    state: 'active' as const,
    failure: null,
    updatedAt: new Date().toISOString(),
    organizationId: null,
    link: null,
  };
  await store.putQrCode({ ...qr, qrCodeId: 'Q-of-T1', templateId: 'T1' });
  await store.putQrCode({ ...qr, qrCodeId: 'Q-of-T2', templateId: 'T2' });
});
afterAll(() => store?.close());

function token(scope: Partial<BrowserToken>): BrowserToken {
  return {
    jti: 'j',
    exp: 0,
    flowIds: [],
    templateIds: [],
    qrCodeIds: [],
    actions: [],
    organizationId: null,
    ...scope,
  };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    if (!(err instanceof BffError)) throw err;
    expect(err.code).toBe('OUT_OF_SCOPE');
    expect(err.status).toBe(403);
    return err.message;
  }
}

describe('assertInScope (browser tokens)', () => {
  it('allows exactly the ids of the token', async () => {
    const t = token({ flowIds: ['F-unknown', 'F-main'], templateIds: ['T1'], qrCodeIds: ['Q-x'] });
    expect(await refusal(assertInScope(deps, t, { flowIds: ['F-unknown'] }))).toBe('allowed');
    expect(await refusal(assertInScope(deps, t, {}))).toBe('allowed');
    expect(await refusal(assertInScope(deps, t, { flowIds: ['F-unknown', 'F-other'] }))).toBe(
      'This browser token does not cover flow F-other',
    );
    expect(await refusal(assertInScope(deps, t, { templateIds: ['T1', 'T2', 'T3'] }))).toBe(
      'This browser token does not cover template T2',
    );
    expect(await refusal(assertInScope(deps, t, { qrCodeIds: ['Q-x'] }))).toBe('allowed');
    expect(await refusal(assertInScope(deps, t, { qrCodeIds: ['Q-y'] }))).toBe(
      'This browser token does not cover QR code Q-y',
    );
  });

  it('covers a QR code through its template, and only through its own', async () => {
    const t = token({ templateIds: ['T1'] });
    expect(await refusal(assertInScope(deps, t, { qrCodeIds: ['Q-of-T1'] }))).toBe('allowed');
    expect(await refusal(assertInScope(deps, t, { qrCodeIds: ['Q-of-T1', 'Q-of-T2'] }))).toBe(
      'This browser token does not cover QR code Q-of-T2',
    );
  });

  it("refuses ids the store knows to belong to another organization than the token's", async () => {
    const main = token({ flowIds: ['F-main', 'F-member'], qrCodeIds: ['Q-main', 'Q-member'] });
    expect(await refusal(assertInScope(deps, main, { flowIds: ['F-main'], qrCodeIds: ['Q-main'] }))).toBe(
      'allowed',
    );
    expect(await refusal(assertInScope(deps, main, { flowIds: ['F-main', 'F-member'] }))).toBe(
      "Flow F-member belongs to another organization than this token's",
    );
    expect(await refusal(assertInScope(deps, main, { qrCodeIds: ['Q-member'] }))).toBe(
      "QR code Q-member belongs to another organization than this token's",
    );
    const member = token({ flowIds: ['F-main', 'F-member', 'F-new'], organizationId: MEMBER });
    expect(await refusal(assertInScope(deps, member, { flowIds: ['F-member', 'F-new'] }))).toBe('allowed');
    expect(await refusal(assertInScope(deps, member, { flowIds: ['F-main'] }))).toBe(
      "Flow F-main belongs to another organization than this token's",
    );
  });
});

describe('partner keys', () => {
  const unscoped: Caller = { kind: 'partner', keyIndex: 0, organizations: null };
  const mainOnly: Caller = { kind: 'partner', keyIndex: 1, organizations: [MAIN] };
  const memberOnly: Caller = { kind: 'partner', keyIndex: 2, organizations: [MEMBER] };
  const browser = { kind: 'browser', token: token({}) } as Caller;

  it('partnerMayActFor: unscoped keys and browsers always, scoped keys for their organizations', () => {
    expect(partnerMayActFor(deps, unscoped, MEMBER)).toBe(true);
    expect(partnerMayActFor(deps, browser, MEMBER)).toBe(true);
    expect(partnerMayActFor(deps, mainOnly, null)).toBe(true); // null = the main organization
    expect(partnerMayActFor(deps, mainOnly, MAIN)).toBe(true);
    expect(partnerMayActFor(deps, mainOnly, MEMBER)).toBe(false);
    expect(partnerMayActFor(deps, memberOnly, null)).toBe(false);
    expect(partnerMayActFor(deps, memberOnly, MEMBER)).toBe(true);
    const noMainId = { ...deps, config: { ...deps.config, organization: {} } } as BffDeps;
    expect(partnerMayActFor(noMainId, mainOnly, null)).toBe(false);
  });

  it('assertPartnerScope refuses another organization and ids owned by one, with the reason', async () => {
    expect(
      await refusal(assertPartnerScope(deps, unscoped, { organizationId: MEMBER, flowIds: ['F-main'] })),
    ).toBe('allowed');
    expect(await refusal(assertPartnerScope(deps, browser, { organizationId: MEMBER }))).toBe('allowed');
    expect(await refusal(assertPartnerScope(deps, mainOnly, { organizationId: null }))).toBe('allowed');
    expect(await refusal(assertPartnerScope(deps, mainOnly, { organizationId: MEMBER }))).toBe(
      `This partner key is not scoped to organization ${MEMBER}`,
    );
    expect(await refusal(assertPartnerScope(deps, memberOnly, { organizationId: null }))).toBe(
      `This partner key is not scoped to organization ${MAIN}`,
    );
    const noMainId = { ...deps, config: { ...deps.config, organization: {} } } as BffDeps;
    expect(await refusal(assertPartnerScope(noMainId, memberOnly, { organizationId: undefined }))).toBe(
      'This partner key is not scoped to organization (main)',
    );
    // Without an organizationId key, only the ids are checked.
    expect(await refusal(assertPartnerScope(deps, memberOnly, { flowIds: ['F-member'] }))).toBe('allowed');
    expect(await refusal(assertPartnerScope(deps, mainOnly, { flowIds: ['F-main', 'F-unknown'] }))).toBe(
      'allowed',
    );
    expect(await refusal(assertPartnerScope(deps, mainOnly, { flowIds: ['F-main', 'F-member'] }))).toBe(
      'Flow F-member belongs to an organization this partner key is not scoped to',
    );
    expect(await refusal(assertPartnerScope(deps, mainOnly, { qrCodeIds: ['Q-main', 'Q-member'] }))).toBe(
      'QR code Q-member belongs to an organization this partner key is not scoped to',
    );
    expect(await refusal(assertPartnerScope(deps, memberOnly, { qrCodeIds: ['Q-main'] }))).toBe(
      'QR code Q-main belongs to an organization this partner key is not scoped to',
    );
  });

  it('organizationForFlows: the explicit one, else the first group member owning a flow, else main', async () => {
    expect(await organizationForFlows(deps, 'yDexplicit', ['F-member'])).toBe('yDexplicit');
    expect(await organizationForFlows(deps, null, ['F-unknown', 'F-main', 'F-member'])).toBe(MEMBER);
    expect(await organizationForFlows(deps, undefined, ['F-main'])).toBeNull();
    expect(await organizationForFlows(deps, '', [])).toBeNull();
  });
});
