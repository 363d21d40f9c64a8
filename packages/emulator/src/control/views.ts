/** JSON views the control API answers with (ESS spelling for ESS values). */
import { platformSeedView } from '../essbasic/seed.js';
import type { EmulatorState } from '../state/store.js';
import type { Flow, Organization, QrCode, Seal, Template } from '../state/types.js';

/** A flow as the control API returns it after an action. */
export function flowView(flow: Flow) {
  return {
    FlowId: flow.FlowId,
    FlowName: flow.FlowName,
    FlowStatus: flow.status,
    FlowMessage: flow.message,
    Unordered: flow.unordered,
    DeadLine: flow.deadline,
    OrganizationId: flow.OrganizationId,
    UpdatedOn: flow.updatedOn,
    Approvers: flow.approvers.map((a) => ({
      RecipientId: a.RecipientId,
      ApproverType: a.approverType,
      ApproverName: a.name,
      OrganizationName: a.organizationName,
      ApproveStatus: a.status,
      ApproveMessage: a.approveMessage,
      ApproveTime: a.approveTime,
      SignOrder: a.signOrder,
    })),
  };
}

export function sealView(seal: Seal) {
  return {
    SealId: seal.SealId,
    SealName: seal.SealName,
    SealType: seal.SealType,
    SealStatus: seal.status,
    OrganizationId: seal.OrganizationId,
    AuthorizedUsers: [...seal.authorizedUsers],
  };
}

export function templateView(template: Template) {
  return {
    TemplateId: template.TemplateId,
    TemplateName: template.TemplateName,
    Description: template.Description,
    OrganizationId: template.OrganizationId,
    shape: template.shape,
    Available: template.available,
    Unordered: template.unordered,
    Recipients: template.recipients.map((r) => ({
      RecipientId: r.RecipientId,
      RecipientType: r.RecipientType,
      RoleName: r.RoleName,
      RoutingOrder: r.RoutingOrder,
    })),
  };
}

export function organizationView(org: Organization) {
  return {
    OrganizationId: org.OrganizationId,
    OrganizationName: org.OrganizationName,
    isMain: org.isMain,
    quota: org.quota,
    silentSignEnabled: org.silentSignEnabled,
    operator: { UserId: org.operatorUserId },
    grants: { ...org.grants },
  };
}

export function qrView(qr: QrCode) {
  return {
    QrCodeId: qr.QrCodeId,
    TemplateId: qr.TemplateId,
    state: qr.state,
    maxFlowNum: qr.maxFlowNum,
    flowIds: [...qr.flowIds],
    expiredTime: qr.expiredTime,
  };
}

function orgParts(state: EmulatorState, organizationId: string) {
  const seals = Object.values(state.data.seals)
    .filter((s) => s.OrganizationId === organizationId)
    .map((s) => ({ SealId: s.SealId, SealType: s.SealType, SealName: s.SealName }));
  const templates = Object.values(state.data.templates)
    .filter((t) => t.OrganizationId === organizationId)
    .map((t) => ({ TemplateId: t.TemplateId, TemplateName: t.TemplateName, shape: t.shape }));
  return { seals, templates };
}

/** `GET /_emulator/seed`: the ids a test needs, in the shape issue 3 fixes. */
export function seedView(state: EmulatorState) {
  const main = state.mainOrganization();
  const members = Object.values(state.data.organizations).filter((o) => !o.isMain && !o.platformAppId);
  return {
    operator: { UserId: main.operatorUserId },
    organization: { OrganizationId: main.OrganizationId, OrganizationName: main.OrganizationName },
    ...orgParts(state, main.OrganizationId),
    groupMembers: members.map((member) => ({
      ProxyOrganizationId: member.OrganizationId,
      OrganizationName: member.OrganizationName,
      operator: { UserId: member.operatorUserId },
      ...orgParts(state, member.OrganizationId),
      grants: { ...member.grants },
      silentSignEnabled: member.silentSignEnabled,
    })),
    ...platformSeedView(state.data),
  };
}
