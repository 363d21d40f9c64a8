import { ESS_ERROR_CODES, ESSBASIC_ACTION_ERROR_CODES, ESSBASIC_ACTIONS } from '@ess-kit/shared';
import { expect, it } from 'vitest';
import { documentedCode } from './errors.js';

it('maps every code the shared flow machinery can raise into each essbasic action’s documented list', () => {
  const raised = [
    ...Object.keys(ESS_ERROR_CODES),
    'OperationDenied.UserNotInOrganization',
    'MissingParameter.OrgOpenId',
  ];
  for (const action of ESSBASIC_ACTIONS) {
    for (const code of raised)
      expect(ESSBASIC_ACTION_ERROR_CODES[action], `${action} ← ${code}`).toContain(
        documentedCode(action, code),
      );
  }
  // A documented code is kept; the nearest documented one replaces the rest.
  expect(documentedCode('ChannelCancelFlow', 'OperationDenied.FlowHasTerminated')).toBe(
    'OperationDenied.FlowHasTerminated',
  );
  expect(documentedCode('ChannelCancelFlow', 'OperationDenied.NoQuota')).toBe('OperationDenied');
  expect(documentedCode('ChannelCancelMultiFlowSignQRCode', 'ResourceNotFound.QrInfo')).toBe(
    'InvalidParameter.DataNotFound',
  );
});
