import { ALL_ESS_ACTIONS, ESS_ACTIONS } from '@ess-kit/shared';
import { describe, expect, it } from 'vitest';
import { BROWSER_ACTIONS } from './auth/tokens.js';
import { classifyAction, missingFromScope, POLICY, stripIdentity } from './policy.js';

describe('policy table', () => {
  it('has exactly one row per ESS action ess-kit uses', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...ESS_ACTIONS].sort());
  });

  it('grants browsers only the component actions', () => {
    const browserRows = Object.entries(POLICY)
      .filter(([, p]) => p.browser)
      .map(([name]) => name)
      .sort();
    expect(browserRows).toEqual([...BROWSER_ACTIONS].sort());
    for (const action of ALL_ESS_ACTIONS) {
      const verdict = classifyAction(action, { kind: 'browser', actions: BROWSER_ACTIONS });
      expect(verdict.kind, action).toBe(
        (BROWSER_ACTIONS as readonly string[]).includes(action) ? 'allowed' : 'refused',
      );
    }
  });

  it('refuses ESS actions outside the whitelist (403) and does not know made-up ones (404)', () => {
    expect(classifyAction('CreateConvertTaskApi', { kind: 'partner' }).kind).toBe('refused');
    expect(classifyAction('CreateFlowSignReview', { kind: 'partner' }).kind).toBe('refused');
    expect(classifyAction('DeleteEverything', { kind: 'partner' }).kind).toBe('unknown');
    expect(classifyAction('__proto__', { kind: 'partner' }).kind).toBe('unknown');
  });

  it('limits a browser token to its own actions', () => {
    expect(classifyAction('DescribeFlowBriefs', { kind: 'browser', actions: ['CreateSchemeUrl'] }).kind).toBe(
      'refused',
    );
  });

  it('browser grants name the ids to check and refuse what they must', () => {
    const files = POLICY.DescribeFileUrls.browser!;
    expect(files.refuse!({ BusinessType: 'TEMPLATE', BusinessIds: ['x'] })).toMatch(/FLOW/);
    expect(files.needs({ BusinessType: 'FLOW', BusinessIds: ['a', 'b'] }).flowIds).toEqual(['a', 'b']);
    expect(POLICY.CreateSchemeUrl.browser!.refuse!({ FlowGroupId: 'g', FlowId: 'a' })).toMatch(/group/i);
    expect(POLICY.DescribeFlowInfo.browser!.refuse!({ FlowGroupId: 'g' })).toMatch(/FlowGroupId/);
    expect(POLICY.CancelMultiFlowSignQRCode.browser!.needs({ QrCodeId: 'q' }).qrCodeIds).toEqual(['q']);
  });

  it('strips identity fields and reports uncovered ids', () => {
    expect(stripIdentity({ Operator: { UserId: 'x' }, Agent: {}, Caller: {}, FlowId: 'f' })).toEqual({
      FlowId: 'f',
    });
    const missing = missingFromScope(
      { flowIds: ['a', 'b'], templateIds: ['t'], qrCodeIds: [] },
      { flowIds: ['a'], templateIds: ['t'], qrCodeIds: [] },
    );
    expect(missing).toEqual({ flowIds: ['b'], templateIds: [], qrCodeIds: [] });
  });
});
