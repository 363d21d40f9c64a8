// Partner stream scope in-process (issue 15): which organizations a partner stream of a key reads
// (partnerOrganizations) and which log entries a scoped key may see (partnerSees).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { BffDeps, Caller } from '../deps.js';
import { BffError } from '../errors.js';
import type { StoredEvent } from '../store/types.js';
import { partnerOrganizations, partnerSees } from './scope.js';

const MAIN = 'yDmainOrg';
const MEMBER = 'yDmemberOrg';
const OTHER = 'yDotherMember';
const config = loadConfig(
  { ESS_ENV: 'emulator', STORE_URL: ':memory:', LOG_LEVEL: 'error' },
  {
    organization: { organizationId: MAIN },
    groupMembers: [{ organizationId: MEMBER }, { organizationId: OTHER }],
  },
);
const deps = { config } as unknown as BffDeps;
const unscoped: Caller = { kind: 'partner', keyIndex: 0, organizations: null };
const memberOnly: Caller = { kind: 'partner', keyIndex: 1, organizations: [MEMBER] };
const mainAndMember: Caller = { kind: 'partner', keyIndex: 2, organizations: [MAIN, MEMBER] };

function refusal(run: () => unknown): string {
  try {
    run();
    return 'allowed';
  } catch (err) {
    if (!(err instanceof BffError)) throw err;
    expect(err.code).toBe('OUT_OF_SCOPE');
    expect(err.status).toBe(403);
    return err.message;
  }
}

function event(organizationId: string | null): StoredEvent {
  return {
    id: '1',
    at: 0,
    msgType: 'FlowStatusChange',
    flowId: 'F',
    organizationId,
  } as unknown as StoredEvent;
}

describe('partnerOrganizations', () => {
  it('passes an unscoped key its request unchanged, whatever it asks for', () => {
    expect(partnerOrganizations(unscoped, undefined)).toBeUndefined();
    expect(partnerOrganizations(unscoped, [OTHER])).toEqual([OTHER]);
    expect(partnerOrganizations(unscoped, [])).toEqual([]);
  });

  it('gives a scoped key that asks for none all of its own organizations, as a copy', () => {
    const all = partnerOrganizations(mainAndMember, undefined);
    expect(all).toEqual([MAIN, MEMBER]);
    expect(all).not.toBe((mainAndMember as { organizations: string[] }).organizations);
    expect(partnerOrganizations(mainAndMember, [])).toEqual([MAIN, MEMBER]);
  });

  it('gives a scoped key exactly what it asked for when all of it is in scope', () => {
    expect(partnerOrganizations(mainAndMember, [MEMBER])).toEqual([MEMBER]);
    expect(partnerOrganizations(mainAndMember, [MEMBER, MAIN])).toEqual([MEMBER, MAIN]);
  });

  it('refuses a scoped key asking for an organization outside its scope, naming the first one', () => {
    expect(refusal(() => partnerOrganizations(memberOnly, [MEMBER, OTHER, MAIN]))).toBe(
      `This partner key is not scoped to organization ${OTHER}`,
    );
    expect(refusal(() => partnerOrganizations(memberOnly, [MAIN]))).toBe(
      `This partner key is not scoped to organization ${MAIN}`,
    );
  });
});

describe('partnerSees', () => {
  it('lets unscoped keys and browsers see every entry', () => {
    const browser = { kind: 'browser' } as Caller;
    for (const caller of [unscoped, browser]) {
      expect(partnerSees(deps, caller, event(OTHER))).toBe(true);
      expect(partnerSees(deps, caller, event(null))).toBe(true);
    }
  });

  it("shows a scoped key its organizations' entries only (no member id = the main organization)", () => {
    expect(partnerSees(deps, memberOnly, event(MEMBER))).toBe(true);
    expect(partnerSees(deps, memberOnly, event(OTHER))).toBe(false);
    expect(partnerSees(deps, memberOnly, event(null))).toBe(false);
    expect(partnerSees(deps, mainAndMember, event(null))).toBe(true);
    expect(partnerSees(deps, mainAndMember, event(OTHER))).toBe(false);
  });
});
