/**
 * Sub-company onboarding, as the real product does it: the platform names a company and an
 * operator by its own OpenIds (CreateConsoleLoginUrl / SyncProxyOrganization(Operators)); the
 * company becomes usable only after its administrator opens the console login link and verifies
 * the company (企业认证, activation) and themselves (员工实名). Activation creates the emulator
 * organization with a seal, templates and quota; these functions work on the plain state data so
 * the seed and the pages share them.
 */
import { newId, seededId } from '../ids.js';
import { buildTemplate } from '../seed.js';
import type { StateData } from '../state/data.js';
import { EmulatorError } from '../state/errors.js';
import type { Organization, Seal, TemplateShape } from '../state/types.js';
import type { Application, PlatformData, PlatformOperator, SubCompany } from './types.js';

/** Templates every activated sub-company starts with (like a real account's first templates). */
const SUB_COMPANY_SHAPES: TemplateShape[] = ['single-c', 'b2c', 'single-b-silent', 'initiator-fill'];

/** The platform part of the state (throws when platform mode is off). */
export function platformOf(data: StateData): PlatformData {
  if (!data.platform)
    throw new EmulatorError(
      'ResourceNotFound.Application',
      'Platform mode has no data: the state file predates it (POST /_emulator/reset seeds the platform).',
      404,
    );
  return data.platform;
}

/** Finds or registers a sub-company by the platform's OpenId (not yet verified). */
export function ensureSubCompany(
  app: Application,
  openId: string,
  details: { name?: string; uscc?: string; legalName?: string },
  now: number,
): SubCompany {
  let sub = app.subCompanies[openId];
  if (!sub) {
    sub = {
      ProxyOrganizationOpenId: openId,
      OrganizationId: seededId(`platform:${app.AppId}:org:${openId}`),
      name: details.name ?? '',
      uscc: details.uscc ?? '',
      legalName: details.legalName ?? '',
      verified: false,
      operators: {},
      createdOn: now,
    };
    app.subCompanies[openId] = sub;
  }
  if (!sub.verified) {
    if (details.name) sub.name = details.name;
    if (details.uscc) sub.uscc = details.uscc;
    if (details.legalName) sub.legalName = details.legalName;
  }
  return sub;
}

/** Finds or registers an operator of a sub-company by the platform's OpenId (not yet verified). */
export function ensureOperator(
  sub: SubCompany,
  openId: string,
  details: { name?: string; mobile?: string },
): PlatformOperator {
  let operator = sub.operators[openId];
  if (!operator) {
    operator = {
      OpenId: openId,
      UserId: seededId(`platform:${sub.OrganizationId}:staff:${openId}`),
      name: details.name ?? '',
      mobile: details.mobile ?? '',
      verified: false,
      resigned: false,
    };
    sub.operators[openId] = operator;
  }
  if (!operator.verified) {
    if (details.name) operator.name = details.name;
    if (details.mobile) operator.mobile = details.mobile;
  }
  return operator;
}

/**
 * 企业认证: the sub-company becomes an organization with an official seal, the starter templates
 * and a contract quota; the verifying operator becomes its first (super admin) employee.
 */
export function activateSubCompany(
  data: StateData,
  app: Application,
  sub: SubCompany,
  operator: PlatformOperator,
  now: number,
): Organization {
  const org: Organization = {
    OrganizationId: sub.OrganizationId,
    OrganizationName: sub.name,
    isMain: false,
    uscc: sub.uscc || `91110000MA${sub.OrganizationId.slice(2, 10).toUpperCase()}`,
    // Not a group member of the ess organization: only the platform acts for it.
    groupStatus: 0,
    joinTime: now,
    quota: 1_000,
    silentSignEnabled: true,
    operatorUserId: operator.UserId,
    adminName: operator.name,
    adminMobile: operator.mobile,
    grants: { contracts: false, templates: false, seals: false },
    platformAppId: app.AppId,
  };
  data.organizations[org.OrganizationId] = org;
  sub.verified = true;
  verifyOperator(data, sub, operator, ['admin']);
  const seal: Seal = {
    SealId: seededId(`${org.OrganizationId}:seal:official`),
    OrganizationId: org.OrganizationId,
    SealName: `${sub.name}公章`,
    SealType: 'OFFICIAL',
    status: 'SUCCESS',
    authorizedUsers: [operator.UserId],
    createdOn: now,
    creatorId: operator.UserId,
    failReason: '',
  };
  data.seals[seal.SealId] = seal;
  const templateFile = Object.values(data.files).find(
    (f) => f.deadline === 0 && f.businessType === 'TEMPLATE',
  );
  for (const shape of SUB_COMPANY_SHAPES) {
    const template = buildTemplate(
      org.OrganizationId,
      org,
      shape,
      seal.SealId,
      templateFile?.FileId ?? newId(),
    );
    data.templates[template.TemplateId] = template;
  }
  return org;
}

/** 员工实名: the operator becomes an employee (staff record) of the activated sub-company. */
export function verifyOperator(
  data: StateData,
  sub: SubCompany,
  operator: PlatformOperator,
  roles: string[] = ['staff'],
): void {
  operator.verified = true;
  operator.resigned = false;
  data.staff[operator.UserId] = {
    UserId: operator.UserId,
    OrganizationId: sub.OrganizationId,
    name: operator.name,
    mobile: operator.mobile,
    verified: true,
    roles,
    autoSign: true,
  };
}

/** The application and sub-company an emulator organization belongs to, if it is a sub-company. */
export function subCompanyOfOrganization(
  data: StateData,
  organizationId: string,
): { app: Application; sub: SubCompany } | undefined {
  const appId = data.organizations[organizationId]?.platformAppId;
  const app = appId ? data.platform?.applications[appId] : undefined;
  const sub = app && Object.values(app.subCompanies).find((s) => s.OrganizationId === organizationId);
  return app && sub ? { app, sub } : undefined;
}

/** The operator OpenId of an emulator UserId within a sub-company ('' when not one of its operators). */
export function operatorOpenIdOf(sub: SubCompany, userId: string): string {
  return Object.values(sub.operators).find((o) => o.UserId === userId)?.OpenId ?? '';
}
