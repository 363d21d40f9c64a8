/**
 * Request-level rules for file flows, cancellation and mini-program links (guide: 通过文件发起,
 * 撤销签署流程, 获取签署流程签署链接; ess-api.md §7.2, §7.11, §7.15).
 */
import type { CancelFlowRequest, CreateFlowByFilesRequest, CreateSchemeUrlRequest } from '../api/flows.js';
import { type FileFlowContext, isSilentApprover, validateFileFlowApprovers } from './approvers.js';
import { validateComponents } from './components.js';
import { autoSignScene } from './templates.js';
import {
  isMainlandMobile,
  MAX_FLOW_DESCRIPTION_LENGTH,
  MAX_USER_DATA_LENGTH,
  validateCancelMessage,
  validateFlowName,
  validateMaxLength,
} from './text.js';
import { asObject, objectsOf, pathOf, type RuleViolation, violation } from './types.js';

/** Most CC recipients a flow may have (ess-api.md §7.2). */
export const MAX_CC_INFOS = 50;

/** One file per flow: FileIds holds exactly one id (ess-api.md §7.2: currently only ONE file). */
export function validateFileIds(fileIds: readonly unknown[] | null | undefined): RuleViolation[] {
  if (fileIds !== undefined && fileIds !== null && !Array.isArray(fileIds)) {
    return [
      violation(
        'file-ids-one',
        'FileIds must be a list holding the one PDF resource id from UploadFiles.',
        'FileIds',
        'InvalidParameter',
      ),
    ];
  }
  const ids = fileIds ?? [];
  if (ids.length === 1 && typeof ids[0] === 'string' && ids[0] !== '') return [];
  if (ids.length === 0 || ids[0] === '') {
    return [
      violation(
        'file-ids-one',
        'FileIds is empty: give the one PDF resource id returned by UploadFiles.',
        'FileIds',
        'MissingParameter.ResourceId',
      ),
    ];
  }
  return [
    violation(
      'file-ids-one',
      `FileIds has ${ids.length} ids; a flow has exactly one file. Merge the documents into one PDF, or start one flow per file.`,
      'FileIds',
      'OperationDenied.ManyResourceId',
    ),
  ];
}

/** Options of {@link validateFileFlowRequest}; `now` (unix s) enables the Deadline check. */
export interface FileFlowRequestContext extends Omit<FileFlowContext, 'signBeanTag' | 'dynamic' | 'path'> {
  now?: number;
}

/**
 * CreateFlowByFiles as a whole: FlowName, one file, the approvers (see validateFileFlowApprovers),
 * the initiator's fill components (each with its value, since they are burned in at creation),
 * lengths, AutoSignScene and the deadline.
 */
export function validateFileFlowRequest(
  input: Partial<CreateFlowByFilesRequest>,
  ctx: FileFlowRequestContext = {},
): RuleViolation[] {
  const request = asObject(input);
  const out: RuleViolation[] = [
    ...validateFlowName(request.FlowName),
    ...validateFileIds(request.FileIds),
    ...validateFileFlowApprovers(request.Approvers, {
      ...ctx,
      signBeanTag: request.SignBeanTag,
      dynamic: request.OpenDynamicSignFlow === true,
    }),
    ...validateComponents(request.Components, 'Components', {
      kind: 'fill',
      pageCount: ctx.pageCount,
      pageSizes: ctx.pageSizes,
      allowNegativePages: true,
    }),
    ...validateMaxLength(
      request.FlowDescription,
      MAX_FLOW_DESCRIPTION_LENGTH,
      'FlowDescription',
      'flow-description-length',
      'InvalidParameter.FlowDescription',
    ),
    ...validateMaxLength(
      request.UserData,
      MAX_USER_DATA_LENGTH,
      'UserData',
      'user-data-length',
      'InvalidParameter.FlowUserData',
    ),
    ...autoSignScene(request),
  ];
  for (const [component, i] of objectsOf(request.Components, 'Components', [])) {
    if (component.ComponentValue === undefined || component.ComponentValue === '') {
      out.push(
        violation(
          'initiator-component-value',
          `${pathOf('Components', i, 'ComponentValue')} is required: the initiator's components are filled in when the flow is created.`,
          pathOf('Components', i, 'ComponentValue'),
          'InvalidParameter.MissingRequiredComponentValue',
        ),
      );
    }
  }
  if (Array.isArray(request.CcInfos) && request.CcInfos.length > MAX_CC_INFOS) {
    out.push(
      violation(
        'cc-infos-max',
        `CcInfos has ${request.CcInfos?.length} entries; at most ${MAX_CC_INFOS}.`,
        'CcInfos',
        'InvalidParameter.CcNum',
      ),
    );
  }
  if (
    ctx.now !== undefined &&
    typeof request.Deadline === 'number' &&
    request.Deadline > 0 &&
    request.Deadline <= ctx.now
  ) {
    out.push(
      violation(
        'flow-deadline',
        `Deadline ${request.Deadline} is not in the future; give a unix time in seconds after now, or leave it out (default: one year).`,
        'Deadline',
        'InvalidParameter.FlowDeadLine',
      ),
    );
  }
  return out;
}

/** True when a file-flow request has a silent signer (used to decide who may fill what). */
export function hasSilentSigner(input: { Approvers?: readonly { ApproverType?: unknown }[] }): boolean {
  const request = asObject(input);
  return Array.isArray(request.Approvers) && request.Approvers.some(isSilentApprover);
}

/** CancelFlow: a FlowId and a CancelMessage of at most 200 characters without emoji. */
export function validateCancelFlow(input: Partial<CancelFlowRequest>): RuleViolation[] {
  const request = asObject(input);
  const out: RuleViolation[] = [];
  if (!request.FlowId)
    out.push(
      violation(
        'flow-id-required',
        'FlowId is required: say which flow to cancel.',
        'FlowId',
        'MissingParameter.FlowId',
      ),
    );
  out.push(...validateCancelMessage(request.CancelMessage));
  return out;
}

/**
 * CreateSchemeUrl: PathType 1 (the contract's sign page) needs a FlowId (or FlowGroupId) and an
 * EndPoint of HTTP_SHORT_URL or APP (ess-api.md §7.11; the guide's table omits the EndPoint
 * restriction — the API facts win); EndPoint APP cannot open the home page or the contract list
 * (§3.3 OperationDenied.NoSupportJumpPage).
 */
export function validateSchemeUrlRequest(input: Partial<CreateSchemeUrlRequest>): RuleViolation[] {
  const request = asObject(input);
  const out: RuleViolation[] = [];
  const pathType = request.PathType ?? 0;
  const endPoint = request.EndPoint ?? 'HTTP';
  if (pathType === 1) {
    if (!request.FlowId && !request.FlowGroupId) {
      out.push(
        violation(
          'scheme-flow-id-required',
          'FlowId is required with PathType 1: say which contract the link opens.',
          'FlowId',
          'MissingParameter.FlowId',
        ),
      );
    }
    if (endPoint !== 'HTTP_SHORT_URL' && endPoint !== 'APP') {
      out.push(
        violation(
          'scheme-path-endpoint',
          `EndPoint ${endPoint} cannot open a contract's sign page (PathType 1); use HTTP_SHORT_URL for a web link or APP for a mini-program path.`,
          'EndPoint',
          'InvalidParameter.EndPoint',
        ),
      );
    }
  }
  if (endPoint === 'APP' && (pathType === 0 || pathType === 2)) {
    out.push(
      violation(
        'scheme-app-path',
        `EndPoint APP cannot open the mini-program's ${pathType === 0 ? 'home page' : 'contract list'} (PathType ${pathType}); use PathType 1 with a FlowId, or EndPoint HTTP.`,
        'PathType',
        'OperationDenied.NoSupportJumpPage',
      ),
    );
  }
  if (request.Mobile && !isMainlandMobile(request.Mobile)) {
    out.push(
      violation(
        'scheme-mobile-format',
        'Mobile must be a mainland mobile number: 11 digits starting with 1, without +86.',
        'Mobile',
        'InvalidParameter.Mobile',
      ),
    );
  }
  return out;
}
