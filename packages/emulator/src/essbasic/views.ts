/**
 * State objects rendered as essbasic output structures (the official SDK's models, field for
 * field): flows (FlowDetailInfo / FlowApproverDetail, also the body of the platform's flow
 * callbacks), templates (TemplateInfo), seals (OccupiedSeal). Other organizations' and people's
 * ids are reported as the platform's OpenIds.
 */

import { EssbasicModels } from '@ess-kit/shared';
import {
  APPROVE_TYPE,
  componentView as essComponentView,
  occupiedSeal as essOccupiedSeal,
  maskMobile,
} from '../api/views.js';
import { approveStatusName, flowStatusName } from '../callbacks/messages.js';
import type { StateData } from '../state/data.js';
import type { Component, Flow, FlowApprover, Seal, Template, TemplateRecipient } from '../state/types.js';
import { operatorOpenIdOf, subCompanyOfOrganization } from './onboarding.js';

/** essbasic ApproverType → the emulator's (ess) ApproverType number. */
export const APPROVER_TYPE_INPUT: Record<string, 0 | 1 | 3> = {
  ORGANIZATION: 0,
  PERSON: 1,
  ENTERPRISESERVER: 3,
};

/** The platform's CustomerData is kept as the flow's (base64) UserData; this reads it back. */
export function customerDataOf(flow: Flow): string {
  return flow.userData ? Buffer.from(flow.userData, 'base64').toString('utf8') : '';
}
export function toUserData(customerData: string | undefined): string | undefined {
  return customerData ? Buffer.from(customerData, 'utf8').toString('base64') : undefined;
}

/** FlowApproverDetail. */
export function approverDetail(data: StateData, _flow: Flow, a: FlowApprover): Record<string, unknown> {
  const platform = a.organizationId ? subCompanyOfOrganization(data, a.organizationId) : undefined;
  return {
    ReceiptId: a.RecipientId,
    ProxyOrganizationOpenId: platform?.sub.ProxyOrganizationOpenId ?? '',
    ProxyOperatorOpenId: platform ? operatorOpenIdOf(platform.sub, a.userId) : '',
    ProxyOrganizationName: a.organizationName,
    Mobile: maskMobile(a.mobile),
    SignOrder: a.signOrder,
    ApproveName: a.name,
    ApproveStatus: approveStatusName(a.status),
    ApproveMessage: a.approveMessage,
    ApproveTime: a.approveTime,
    ApproveType: APPROVE_TYPE[a.approverType] ?? 'PERSON',
    ApproverRoleName: a.roleName,
    SignId: a.SignId,
    RecipientId: a.RecipientId,
  };
}

/** FlowDetailInfo. */
export function flowDetail(data: StateData, flow: Flow): Record<string, unknown> {
  return {
    FlowId: flow.FlowId,
    FlowName: flow.FlowName,
    FlowType: flow.FlowType,
    FlowStatus: flowStatusName(flow.status),
    FlowMessage: flow.message,
    CreateOn: flow.createdOn,
    DeadLine: flow.deadline,
    CustomData: customerDataOf(flow),
    FlowApproverInfos: flow.approvers.map((a) => approverDetail(data, flow, a)),
    CcInfos: [],
    NeedCreateReview: false,
    UserFlowType: { UserFlowTypeId: '', Name: flow.FlowType, Description: '' },
    TemplateId: flow.templateId,
  };
}

/** ApproverItem[] (creation responses). */
export function approverItems(flow: Flow): Array<Record<string, string>> {
  return flow.approvers.map((a) => ({
    SignId: a.SignId,
    RecipientId: a.RecipientId,
    ApproverRoleName: a.roleName,
  }));
}

/** Values of the partner Component model's fields the ess view does not carry. */
const COMPONENT_DEFAULTS: Record<string, unknown> = {
  ComponentDateFontSize: 12,
  DocumentId: '',
  ComponentDescription: '',
  OffsetX: 0,
  OffsetY: 0,
  ChannelComponentId: '',
  KeywordOrder: '',
  KeywordPage: 0,
  RelativeLocation: '',
  KeywordIndexes: [],
  Placeholder: '',
  LockComponentValue: false,
  ForbidMoveAndDelete: false,
};
const COMPONENT_FIELDS = Object.keys(EssbasicModels.Component.shape);

/** essbasic's Component: exactly its model's fields, from the ess view where it has them. */
function componentView(c: Component): Record<string, unknown> {
  const base = essComponentView(c);
  return Object.fromEntries(
    COMPONENT_FIELDS.map((key) => [key, key in base ? base[key] : COMPONENT_DEFAULTS[key]]),
  );
}

function recipientView(r: TemplateRecipient): Record<string, unknown> {
  return {
    RecipientId: r.RecipientId,
    RecipientType: r.RecipientType,
    Description: r.silent ? '本方企业授权签 (auto-sign)' : '',
    RoleName: r.RoleName,
    RequireValidation: false,
    RequireSign: true,
    SignType: 1,
    RoutingOrder: r.RoutingOrder,
    IsPromoter: r.RecipientType === 'PROMOTER',
    ApproverVerifyTypes: [1],
    ApproverSignTypes: [1, 2, 3],
    NoTransfer: false,
  };
}

/** TemplateInfo; `detailed` = ContentType 0 (components included). */
export function templateInfo(
  data: StateData,
  t: Template,
  detailed: boolean,
  urls: { previewUrl: string; pdfUrl: string },
): Record<string, unknown> {
  const platform = subCompanyOfOrganization(data, t.OrganizationId);
  return {
    TemplateId: t.TemplateId,
    TemplateName: t.TemplateName,
    Description: t.Description,
    Components: detailed ? t.components.map(componentView) : [],
    Recipients: t.recipients.map(recipientView),
    SignComponents: detailed ? t.signComponents.map(componentView) : [],
    TemplateType: t.recipients.some((r) => r.silent) ? 1 : 3,
    IsPromoter: false,
    Creator: platform ? operatorOpenIdOf(platform.sub, t.creatorId) : '',
    CreatedOn: t.createdOn,
    PreviewUrl: urls.previewUrl,
    PdfUrl: urls.pdfUrl,
    ChannelTemplateId: '',
    ChannelTemplateName: '',
    ChannelAutoSave: 0,
    TemplateVersion: t.version,
    Available: t.available,
    UserFlowType: { UserFlowTypeId: '', Name: t.flowType, Description: '' },
  };
}

const SEAL_FIELDS = Object.keys(EssbasicModels.OccupiedSeal.shape);

/** OccupiedSeal: the ess view's fields the partner model has, with people as the platform's operator OpenIds. */
export function occupiedSeal(
  data: StateData,
  seal: Seal,
  withUsers: boolean,
  imageUrl: string,
): Record<string, unknown> {
  const platform = subCompanyOfOrganization(data, seal.OrganizationId);
  const openId = (userId: string) => (platform ? operatorOpenIdOf(platform.sub, userId) : '');
  const own: Record<string, unknown> = {
    Creator: openId(seal.creatorId),
    AuthorizedUsers: withUsers ? seal.authorizedUsers.map((u) => ({ OpenId: openId(u) })) : [],
    SealDescription: '',
  };
  const base = essOccupiedSeal(seal, false, imageUrl);
  return Object.fromEntries(SEAL_FIELDS.map((key) => [key, key in own ? own[key] : base[key]]));
}
