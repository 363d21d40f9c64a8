/**
 * Organization administration that the console would do: seals (the guide's 8 seal
 * operations), templates, staff, organization settings. Each change emits the event the
 * callback dispatcher turns into the guide's OperateSeal / TemplateAdd / RolesChange … callbacks.
 */
import { newId } from '../ids.js';
import type { StateCore } from './core.js';
import { EmulatorError, notFound } from './errors.js';
import type { SealOperate } from './events.js';
import type {
  CallbackTarget,
  Component,
  GrantFamily,
  Seal,
  Staff,
  Template,
  TemplateRecipient,
} from './types.js';

/** Seal operations accepted by `operateSeal` (control API spelling). */
export const SEAL_OPERATIONS = [
  'create',
  'delete',
  'disable',
  'enable',
  'authorize',
  'unauthorize',
  'approve',
  'reject',
] as const;
export type SealOperation = (typeof SEAL_OPERATIONS)[number];

export interface CreateSealInput {
  organizationId: string;
  SealName: string;
  SealType?: string;
  operatorUserId?: string;
}

/** Creates a seal in review (CHECKING); `approve`/`reject` end the review. */
export function createSeal(state: StateCore, input: CreateSealInput): Seal {
  const org = state.organization(input.organizationId);
  const name = input.SealName?.trim();
  if (!name) throw new EmulatorError('MissingParameter', 'SealName is required to create a seal.');
  const seal: Seal = {
    SealId: newId(),
    OrganizationId: org.OrganizationId,
    SealName: name,
    SealType: input.SealType ?? 'OFFICIAL',
    status: 'CHECKING',
    authorizedUsers: [],
    createdOn: state.clock.now(),
    creatorId: input.operatorUserId ?? org.operatorUserId,
    failReason: '',
  };
  state.data.seals[seal.SealId] = seal;
  emitSeal(state, seal, 'Create', seal.creatorId, []);
  return seal;
}

function emitSeal(
  state: StateCore,
  seal: Seal,
  operate: SealOperate,
  operatorUserId: string,
  users: string[],
  review?: { status: 'PASS' | 'REJECT'; reason: string },
) {
  state.emit('seal.operated', {
    seal: structuredClone(seal),
    organizationId: seal.OrganizationId,
    operate,
    operatorUserId,
    authorizedUsers: users,
    ...(review ? { reviewStatus: review.status, reviewReason: review.reason } : {}),
    occurredAt: state.clock.now(),
  });
}

/** Applies one of delete/disable/enable/authorize/unauthorize/approve/reject to an existing seal. */
export function operateSeal(
  state: StateCore,
  sealId: string,
  operation: Exclude<SealOperation, 'create'>,
  options: { users?: string[]; reason?: string; operatorUserId?: string } = {},
): Seal {
  const seal = state.data.seals[sealId];
  if (!seal) throw notFound('ResourceNotFound', 'Seal', sealId);
  const operator = options.operatorUserId ?? state.organization(seal.OrganizationId).operatorUserId;
  const requireStatus = (allowed: Seal['status'][], what: string) => {
    if (!allowed.includes(seal.status))
      throw new EmulatorError('OperationDenied', `Cannot ${what} seal ${sealId}: it is ${seal.status}.`, 409);
  };
  switch (operation) {
    case 'delete':
      delete state.data.seals[sealId];
      emitSeal(state, seal, 'Delete', operator, []);
      break;
    case 'disable':
      requireStatus(['SUCCESS'], 'disable');
      seal.status = 'DISABLE';
      emitSeal(state, seal, 'Disable', operator, [...seal.authorizedUsers]);
      break;
    case 'enable':
      requireStatus(['DISABLE'], 'enable');
      seal.status = 'SUCCESS';
      emitSeal(state, seal, 'Enable', operator, [...seal.authorizedUsers]);
      break;
    case 'authorize':
    case 'unauthorize': {
      const users = options.users ?? [];
      if (users.length === 0 || users.some((u) => typeof u !== 'string' || !u)) {
        throw new EmulatorError(
          'MissingParameter',
          `${operation} needs "users": a non-empty array of UserIds.`,
        );
      }
      if (operation === 'authorize') seal.authorizedUsers = [...new Set([...seal.authorizedUsers, ...users])];
      else seal.authorizedUsers = seal.authorizedUsers.filter((u) => !users.includes(u));
      emitSeal(state, seal, operation === 'authorize' ? 'Valid' : 'Invalid', operator, users);
      break;
    }
    case 'approve':
      requireStatus(['CHECKING'], 'approve');
      seal.status = 'SUCCESS';
      emitSeal(state, seal, 'Review', operator, [], { status: 'PASS', reason: '' });
      break;
    case 'reject': {
      requireStatus(['CHECKING'], 'reject');
      const reason = options.reason?.trim();
      if (!reason) throw new EmulatorError('MissingParameter', 'reject needs a "reason".');
      seal.status = 'FAIL';
      seal.failReason = reason;
      emitSeal(state, seal, 'Review', operator, [], { status: 'REJECT', reason });
      break;
    }
    default:
      throw new EmulatorError(
        'InvalidParameter',
        `Unknown seal operation ${JSON.stringify(operation)}; use one of ${SEAL_OPERATIONS.join(', ')}.`,
      );
  }
  return seal;
}

/** Template fields a caller may set; the rest is derived. */
export interface TemplateInput {
  TemplateName: string;
  Description?: string;
  recipients: Array<Pick<TemplateRecipient, 'RecipientType' | 'RoleName'> & Partial<TemplateRecipient>>;
  components?: Array<Partial<Component>>;
  signComponents?: Array<Partial<Component>>;
  unordered?: boolean;
  sealId?: string;
  fileId?: string;
  flowType?: string;
}

function component(partial: Partial<Component>, index: number): Component {
  return {
    ComponentType: partial.ComponentType ?? 'TEXT',
    ComponentId: partial.ComponentId ?? newId(),
    ComponentName: partial.ComponentName ?? `field${index + 1}`,
    ComponentPage: partial.ComponentPage ?? 1,
    ComponentPosX: partial.ComponentPosX ?? 100,
    ComponentPosY: partial.ComponentPosY ?? 100 + index * 60,
    ComponentWidth: partial.ComponentWidth ?? 120,
    ComponentHeight: partial.ComponentHeight ?? 40,
    FileIndex: 0,
    ComponentRequired: partial.ComponentRequired ?? false,
    ComponentValue: partial.ComponentValue ?? '',
    ComponentRecipientId: partial.ComponentRecipientId ?? '',
  };
}

/** Creates a template (the console's 模板新增) and sends TemplateAdd. */
export function createTemplate(
  state: StateCore,
  organizationId: string,
  input: TemplateInput,
  operatorUserId?: string,
): Template {
  const org = state.organization(organizationId);
  if (!input.TemplateName?.trim()) throw new EmulatorError('MissingParameter', 'TemplateName is required.');
  if (!Array.isArray(input.recipients) || input.recipients.length === 0)
    throw new EmulatorError('MissingParameter.Recipient', 'A template needs at least one recipient.');
  const fileId = input.fileId ?? state.seedFileId();
  if (!state.data.files[fileId]) throw notFound('ResourceNotFound.Resource', 'File', fileId);
  const now = state.clock.now();
  const recipients: TemplateRecipient[] = input.recipients.map((r, i) => ({
    RecipientId: r.RecipientId ?? newId(),
    RecipientType: r.RecipientType,
    RoleName: r.RoleName,
    RoutingOrder: r.RoutingOrder ?? i,
    silent: r.silent ?? false,
  }));
  const template: Template = {
    TemplateId: newId(),
    OrganizationId: org.OrganizationId,
    TemplateName: input.TemplateName.trim(),
    Description: input.Description ?? '',
    shape: null,
    recipients,
    promoter: {
      RecipientId: newId(),
      RecipientType: 'PROMOTER',
      RoleName: '发起方',
      RoutingOrder: 0,
      silent: false,
    },
    components: (input.components ?? []).map(component),
    signComponents: (input.signComponents ?? []).map(component),
    unordered: input.unordered ?? false,
    fileId,
    sealId: input.sealId ?? '',
    status: 1,
    available: 1,
    createdOn: now,
    updatedOn: now,
    creatorId: operatorUserId ?? org.operatorUserId,
    flowType: input.flowType ?? '',
    version: `${new Date(now * 1000).toISOString().slice(0, 10).replaceAll('-', '')}001`,
  };
  state.data.templates[template.TemplateId] = template;
  state.emit('template.changed', {
    template: structuredClone(template),
    kind: 'add',
    operatorUserId: template.creatorId,
    occurredAt: now,
  });
  return template;
}

/** Updates name/description/availability (the console's 模板编辑) and sends TemplateUpdate. */
export function updateTemplate(
  state: StateCore,
  templateId: string,
  patch: Partial<
    Pick<Template, 'TemplateName' | 'Description' | 'available' | 'sealId' | 'flowType' | 'unordered'>
  >,
  operatorUserId?: string,
): Template {
  const template = state.template(templateId);
  if (patch.TemplateName !== undefined && !String(patch.TemplateName).trim())
    throw new EmulatorError('InvalidParameter', 'TemplateName must not be empty.');
  if (patch.available !== undefined && patch.available !== 1 && patch.available !== 2)
    throw new EmulatorError('InvalidParameter', 'available must be 1 (enabled) or 2 (disabled).');
  Object.assign(template, patch);
  template.updatedOn = state.clock.now();
  state.emit('template.changed', {
    template: structuredClone(template),
    kind: 'update',
    operatorUserId: operatorUserId ?? template.creatorId,
    occurredAt: template.updatedOn,
  });
  return template;
}

export function verifyStaff(state: StateCore, userId: string): Staff {
  const staff = state.staffMember(userId);
  staff.verified = true;
  state.emit('staff.changed', {
    organizationId: staff.OrganizationId,
    staff: structuredClone(staff),
    kind: 'verified',
    occurredAt: state.clock.now(),
  });
  return staff;
}

export function setStaffRoles(state: StateCore, userId: string, roles: string[]): Staff {
  const staff = state.staffMember(userId);
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
    throw new EmulatorError('InvalidParameter', '"roles" must be an array of role names.');
  staff.roles = [...roles];
  state.emit('staff.changed', {
    organizationId: staff.OrganizationId,
    staff: structuredClone(staff),
    kind: 'roles',
    occurredAt: state.clock.now(),
  });
  return staff;
}

/** Organization settings the control API may change. */
export interface OrganizationPatch {
  quota?: number;
  silentSignEnabled?: boolean;
  /** The operator's auto-sign permission. */
  operatorAutoSign?: boolean;
  /** Replaces this organization's callback targets. */
  callbackTargets?: Omit<CallbackTarget, 'organizationId'>[];
  /** Group members: query families granted to the main organization. */
  grants?: Partial<Record<GrantFamily, boolean>>;
}

export function updateOrganization(state: StateCore, organizationId: string, patch: OrganizationPatch) {
  const org = state.organization(organizationId);
  if (patch.quota !== undefined) {
    if (!Number.isInteger(patch.quota) || patch.quota < 0)
      throw new EmulatorError('InvalidParameter', '"quota" must be a non-negative integer.');
    org.quota = patch.quota;
  }
  if (patch.silentSignEnabled !== undefined) org.silentSignEnabled = Boolean(patch.silentSignEnabled);
  if (patch.operatorAutoSign !== undefined)
    state.staffMember(org.operatorUserId).autoSign = Boolean(patch.operatorAutoSign);
  if (patch.grants)
    for (const [family, value] of Object.entries(patch.grants))
      org.grants[family as GrantFamily] = Boolean(value);
  if (patch.callbackTargets) {
    const own = patch.callbackTargets.map((t) => ({ ...t, organizationId: org.OrganizationId }));
    state.data.callbackTargets = [
      ...state.data.callbackTargets.filter(
        (t) => (t.organizationId ?? state.data.mainOrganizationId) !== org.OrganizationId,
      ),
      ...own,
    ];
  }
  return org;
}
