/**
 * The deterministic seed (issue 3): a main organization with its operator, seals and one
 * template per shape, the contract PDF, and a group of two member organizations. Ids are
 * derived from labels, so they are the same on every start and after every reset.
 */
import { readFileSync } from 'node:fs';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import { seededId } from './ids.js';
import type { StateData } from './state/data.js';
import type {
  CallbackTarget,
  Component,
  Organization,
  Seal,
  Staff,
  Template,
  TemplateRecipient,
  TemplateShape,
} from './state/types.js';

/** `GET /_emulator/seed` (issue 3 shape; recipients and fileId are extra). */
export interface SeedInfo {
  operator: { UserId: string };
  organization: { OrganizationId: string; OrganizationName: string };
  seals: SeedSeal[];
  templates: SeedTemplate[];
  groupMembers: Array<{
    ProxyOrganizationId: string;
    OrganizationName: string;
    operator: { UserId: string };
    seals: SeedSeal[];
    templates: SeedTemplate[];
  }>;
  /** The seeded contract PDF (FileId usable in CreateFlowByFiles). */
  fileId: string;
  /** The partner platform (essbasic) application, when platform mode is on (essbasic/seed.ts). */
  application?: import('./essbasic/seed.js').PlatformSeedInfo;
}
export interface SeedSeal {
  SealId: string;
  SealType: string;
  SealName: string;
}
export interface SeedTemplate {
  TemplateId: string;
  TemplateName: string;
  shape: TemplateShape;
  recipients: Array<{ RecipientId: string; RecipientType: string; RoleName: string }>;
}

/** The seed's epoch: fixed so seeded timestamps never change. */
export const SEEDED_AT = 1_767_225_600; // 2026-01-01T00:00:00Z
const CONTRACT_PDF_URL = new URL('../assets/contract.pdf', import.meta.url);

let contractPdf: Uint8Array | null = null;
/** The seeded contract PDF bytes (read once). */
export function seedContractPdf(): Uint8Array {
  contractPdf ??= new Uint8Array(readFileSync(CONTRACT_PDF_URL));
  return contractPdf;
}

function component(
  partial: Partial<Component> & Pick<Component, 'ComponentType' | 'ComponentRecipientId'>,
  label: string,
): Component {
  return {
    ComponentId: seededId(`component:${label}`),
    ComponentName: '',
    ComponentPage: 1,
    ComponentPosX: 180,
    ComponentPosY: 300,
    ComponentWidth: 120,
    ComponentHeight: 120,
    FileIndex: 0,
    ComponentRequired: false,
    ComponentValue: '',
    ...partial,
  };
}

const PARTY_A_SEAL = { ComponentPosX: 180, ComponentPosY: 290, ComponentWidth: 120, ComponentHeight: 120 };
const PARTY_B_SIGNATURE = {
  ComponentPosX: 180,
  ComponentPosY: 360,
  ComponentWidth: 120,
  ComponentHeight: 50,
};
const PARTY_B_SEAL = { ComponentPosX: 360, ComponentPosY: 290, ComponentWidth: 120, ComponentHeight: 120 };

interface ShapeSpec {
  name: string;
  unordered: boolean;
  recipients: Array<{ type: 'ENTERPRISE' | 'INDIVIDUAL'; role: string; silent?: boolean }>;
  initiatorFill?: boolean;
}

const SHAPES: Record<TemplateShape, ShapeSpec> = {
  'single-c': {
    name: '单C个人签署模板',
    unordered: false,
    recipients: [{ type: 'INDIVIDUAL', role: '乙方' }],
  },
  'single-b-silent': {
    name: '单B自动签署模板',
    unordered: false,
    recipients: [{ type: 'ENTERPRISE', role: '甲方', silent: true }],
  },
  b2c: {
    name: 'B2C无序签署模板',
    unordered: true,
    recipients: [
      { type: 'ENTERPRISE', role: '甲方' },
      { type: 'INDIVIDUAL', role: '乙方' },
    ],
  },
  'b2c-ordered-b-silent': {
    name: 'B2C顺序签署B方自动签模板',
    unordered: false,
    recipients: [
      { type: 'ENTERPRISE', role: '甲方', silent: true },
      { type: 'INDIVIDUAL', role: '乙方' },
    ],
  },
  'b2c-ordered-b-first': {
    name: 'B2C顺序签署B方先签模板',
    unordered: false,
    recipients: [
      { type: 'ENTERPRISE', role: '甲方' },
      { type: 'INDIVIDUAL', role: '乙方' },
    ],
  },
  b2b: {
    name: 'B2B企业间签署模板',
    unordered: false,
    recipients: [
      { type: 'ENTERPRISE', role: '甲方' },
      { type: 'ENTERPRISE', role: '乙方' },
    ],
  },
  'initiator-fill': {
    name: '发起方填写模板',
    unordered: false,
    recipients: [{ type: 'INDIVIDUAL', role: '乙方' }],
    initiatorFill: true,
  },
};

/** One seeded template of a shape for an organization (also used for partner-platform sub-companies). */
export function buildTemplate(
  orgKey: string,
  org: Organization,
  shape: TemplateShape,
  sealId: string,
  fileId: string,
): Template {
  const spec = SHAPES[shape];
  const key = `${orgKey}:template:${shape}`;
  const recipients: TemplateRecipient[] = spec.recipients.map((r, i) => ({
    RecipientId: seededId(`${key}:recipient:${i}`),
    RecipientType: r.type,
    RoleName: r.role,
    RoutingOrder: i,
    silent: r.silent ?? false,
  }));
  const promoter: TemplateRecipient = {
    RecipientId: seededId(`${key}:promoter`),
    RecipientType: 'PROMOTER',
    RoleName: '发起方',
    RoutingOrder: 0,
    silent: false,
  };
  let enterprises = 0;
  const signComponents = recipients.map((r, i) =>
    r.RecipientType === 'ENTERPRISE'
      ? component(
          {
            ComponentType: 'SIGN_SEAL',
            ComponentRecipientId: r.RecipientId,
            ...(enterprises++ === 0 ? PARTY_A_SEAL : PARTY_B_SEAL),
          },
          `${key}:sign:${i}`,
        )
      : component(
          { ComponentType: 'SIGN_SIGNATURE', ComponentRecipientId: r.RecipientId, ...PARTY_B_SIGNATURE },
          `${key}:sign:${i}`,
        ),
  );
  const components = spec.initiatorFill
    ? [
        component(
          {
            ComponentType: 'TEXT',
            ComponentName: 'amount',
            ComponentRecipientId: promoter.RecipientId,
            ComponentRequired: true,
            ComponentPosX: 330,
            ComponentPosY: 230,
            ComponentWidth: 150,
            ComponentHeight: 20,
          },
          `${key}:fill:amount`,
        ),
        component(
          {
            ComponentType: 'TEXT',
            ComponentName: 'remark',
            ComponentRecipientId: promoter.RecipientId,
            ComponentPosX: 72,
            ComponentPosY: 480,
            ComponentWidth: 400,
            ComponentHeight: 20,
          },
          `${key}:fill:remark`,
        ),
      ]
    : [];
  return {
    TemplateId: seededId(key),
    OrganizationId: org.OrganizationId,
    TemplateName: spec.name,
    Description: `seeded template (${shape})`,
    shape,
    recipients,
    promoter,
    components,
    signComponents,
    unordered: spec.unordered,
    fileId,
    sealId: recipients.some((r) => r.silent) ? sealId : '',
    status: 1,
    available: 1,
    createdOn: SEEDED_AT,
    updatedOn: SEEDED_AT,
    creatorId: org.operatorUserId,
    flowType: '示例合同',
    version: '20260101001',
  };
}

interface OrgSpec {
  key: string;
  name: string;
  isMain: boolean;
  operatorUserId: string;
  operatorName: string;
  mobile: string;
  silentSignEnabled: boolean;
  seals: Array<{ type: string; name: string }>;
  shapes: TemplateShape[];
}

const ORGS: OrgSpec[] = [
  {
    key: 'main',
    name: 'ess-kit 示例科技有限公司',
    isMain: true,
    operatorUserId: DEV_DEFAULTS.emulatorOperatorUserId,
    operatorName: '张三',
    mobile: '13800000001',
    silentSignEnabled: true,
    seals: [
      { type: 'OFFICIAL', name: 'ess-kit 示例科技有限公司公章' },
      { type: 'CONTRACT', name: 'ess-kit 示例科技有限公司合同专用章' },
    ],
    shapes: [
      'single-c',
      'single-b-silent',
      'b2c',
      'b2c-ordered-b-silent',
      'b2c-ordered-b-first',
      'b2b',
      'initiator-fill',
    ],
  },
  {
    key: 'member-south',
    name: 'ess-kit 示例华南子公司',
    isMain: false,
    operatorUserId: seededId('member-south:operator'),
    operatorName: '李四',
    mobile: '13800000002',
    silentSignEnabled: true,
    seals: [{ type: 'OFFICIAL', name: 'ess-kit 示例华南子公司公章' }],
    shapes: ['b2c', 'single-b-silent'],
  },
  {
    key: 'member-north',
    name: 'ess-kit 示例华北子公司',
    isMain: false,
    operatorUserId: seededId('member-north:operator'),
    operatorName: '王五',
    mobile: '13800000003',
    // Off on purpose: silent signing through this member must fail with OperationDenied.NoOpenServerSign.
    silentSignEnabled: false,
    seals: [{ type: 'OFFICIAL', name: 'ess-kit 示例华北子公司公章' }],
    shapes: ['b2c', 'single-b-silent'],
  },
];

/** Builds the seeded state and the `GET /_emulator/seed` description of it. */
export function buildSeed(callbackTargets: CallbackTarget[] = []): { data: StateData; info: SeedInfo } {
  const fileId = seededId('file:contract');
  const data: StateData = {
    version: 1,
    mainOrganizationId: seededId('org:main'),
    organizations: {},
    staff: {},
    seals: {},
    templates: {},
    files: {
      [fileId]: {
        FileId: fileId,
        OrganizationId: seededId('org:main'),
        FileName: '示例合同.pdf',
        businessType: 'TEMPLATE',
        bytes: seedContractPdf(),
        createdOn: SEEDED_AT,
        deadline: 0,
      },
    },
    flows: {},
    documents: {},
    qrCodes: {},
    callbackTargets: callbackTargets.map((t) => ({ ...t })),
    clientTokens: {},
  };
  const info: SeedInfo = {
    operator: { UserId: DEV_DEFAULTS.emulatorOperatorUserId },
    organization: { OrganizationId: '', OrganizationName: '' },
    seals: [],
    templates: [],
    groupMembers: [],
    fileId,
  };
  for (const spec of ORGS) {
    const org: Organization = {
      OrganizationId: seededId(`org:${spec.key}`),
      OrganizationName: spec.name,
      isMain: spec.isMain,
      uscc: `91440300MA5${seededId(`uscc:${spec.key}`).slice(2, 9).toUpperCase()}`,
      groupStatus: 5,
      joinTime: SEEDED_AT,
      quota: 10_000,
      silentSignEnabled: spec.silentSignEnabled,
      operatorUserId: spec.operatorUserId,
      adminName: spec.operatorName,
      adminMobile: spec.mobile,
      grants: { contracts: true, templates: true, seals: true },
    };
    data.organizations[org.OrganizationId] = org;
    const staff: Staff = {
      UserId: spec.operatorUserId,
      OrganizationId: org.OrganizationId,
      name: spec.operatorName,
      mobile: spec.mobile,
      verified: true,
      roles: ['admin'],
      autoSign: true,
    };
    data.staff[staff.UserId] = staff;
    const seals: Seal[] = spec.seals.map((s, i) => ({
      SealId: seededId(`${spec.key}:seal:${i}`),
      OrganizationId: org.OrganizationId,
      SealName: s.name,
      SealType: s.type,
      status: 'SUCCESS',
      authorizedUsers: [staff.UserId],
      createdOn: SEEDED_AT,
      creatorId: staff.UserId,
      failReason: '',
    }));
    for (const seal of seals) data.seals[seal.SealId] = seal;
    // Silent templates stamp with the contract seal when there is one (the guide's example picks it in the template).
    const silentSeal = seals.find((s) => s.SealType === 'CONTRACT') ?? seals[0];
    const templates = spec.shapes.map((shape) =>
      buildTemplate(spec.key, org, shape, silentSeal.SealId, fileId),
    );
    for (const template of templates) data.templates[template.TemplateId] = template;
    const sealInfo = seals.map(({ SealId, SealType, SealName }) => ({ SealId, SealType, SealName }));
    const templateInfo = templates.map((t) => ({
      TemplateId: t.TemplateId,
      TemplateName: t.TemplateName,
      shape: t.shape as TemplateShape,
      recipients: t.recipients.map(({ RecipientId, RecipientType, RoleName }) => ({
        RecipientId,
        RecipientType,
        RoleName,
      })),
    }));
    if (spec.isMain) {
      info.organization = { OrganizationId: org.OrganizationId, OrganizationName: org.OrganizationName };
      info.seals = sealInfo;
      info.templates = templateInfo;
    } else {
      info.groupMembers.push({
        ProxyOrganizationId: org.OrganizationId,
        OrganizationName: org.OrganizationName,
        operator: { UserId: staff.UserId },
        seals: sealInfo,
        templates: templateInfo,
      });
    }
  }
  return { data, info };
}
