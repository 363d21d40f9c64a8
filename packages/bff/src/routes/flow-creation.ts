/**
 * What `POST /v1/flows/by-file` and `POST /v1/flows/by-template` share: the body fields both take
 * (ESS spelling), who the new flow is created for, the optional fields passed on to ESS, recording
 * the new flow's owner, and the `Approvers` of the answer. The routes keep only their own steps
 * (upload + CreateFlowByFiles; template checks + CreateFlow + CreateDocument + StartFlow).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { BffDeps, BffEnv } from '../deps.js';
import { BffError } from '../errors.js';
import type { ActingOrganization, EssResult } from '../ess/client.js';
import { tenantOfBody } from '../platform/tenants.js';
import { assertPartnerScope } from './scope.js';
import { actingFor, ownerIdOf } from './tenancy.js';

/** The body fields both routes take, in the groups each body places them (ESS spelling). */
export const FLOW_FIELDS = {
  FlowName: z.string().trim().min(1).max(200),
  /** Signing order and deadline (unix s; 0 or absent = none). */
  timing: {
    Unordered: z.boolean().optional(),
    DeadLine: z.number().int().min(0).optional(),
  },
  /** The partner's own data and labels, and the group member the flow is for; last in both bodies. */
  labels: {
    UserData: z
      .string()
      .max(20_480)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
      .optional(),
    FlowDescription: z.string().max(1000).optional(),
    FlowType: z.string().max(200).optional(),
    ProxyOrganizationId: z.string().min(1).max(64).optional(),
    /** 第三方应用: the sub-company (platform/tenants.ts). */
    ProxyOrganizationOpenId: z.string().min(1).max(64).optional(),
  },
};

type FlowLabels = { UserData?: string; FlowDescription?: string; FlowType?: string };

/**
 * Who a new flow is created for (the route has refused browser tokens already): the group member
 * named by `ProxyOrganizationId`, else the main one (企业版), or the sub-company named by
 * `ProxyOrganizationOpenId` (第三方应用), within the partner key's scope.
 */
export async function flowCreator(
  c: Context<BffEnv>,
  deps: BffDeps,
  body: { ProxyOrganizationId?: string; ProxyOrganizationOpenId?: string },
): Promise<{ as: ActingOrganization; requestId: string }> {
  const tenant = tenantOfBody(deps.config, body);
  await assertPartnerScope(deps, c.get('caller'), { organizationId: tenant });
  return { as: actingFor(deps.config, tenant), requestId: c.get('requestId') };
}

/** The labels passed on to ESS when given (empty strings are left out, as ESS would refuse them). */
export function flowLabels(body: FlowLabels): FlowLabels {
  return {
    ...(body.UserData ? { UserData: body.UserData } : {}),
    ...(body.FlowDescription ? { FlowDescription: body.FlowDescription } : {}),
    ...(body.FlowType ? { FlowType: body.FlowType } : {}),
  };
}

/**
 * The FlowId ESS answered `action` with, recorded as owned by the organization acted for (group
 * routing of its callbacks). ESS_BAD_RESPONSE when ESS answered none: no route answers an empty FlowId.
 */
export async function recordNewFlow(
  deps: BffDeps,
  as: ActingOrganization,
  action: string,
  created: EssResult,
): Promise<string> {
  const flowId = String(created.FlowId ?? '');
  if (!flowId) throw new BffError('ESS_BAD_RESPONSE', `ESS ${action} returned no FlowId`);
  const owner = ownerIdOf(deps.config, as);
  if (owner) await deps.store.putOwner('flow', flowId, owner);
  return flowId;
}

/**
 * `Approvers` of the answer: each requested approver with the RecipientId and SignId ESS gave it
 * (`answered`, in the same order); template flows add the role (`roles`, from the template).
 */
export function approversAnswer(
  requested: readonly { ApproverType?: unknown; ApproverName?: string; OrganizationName?: string }[],
  answered: unknown,
  roles?: readonly { RecipientId?: string; RoleName?: string }[],
): Record<string, unknown>[] {
  const items = (Array.isArray(answered) ? answered : []) as Record<string, unknown>[];
  return requested.map((approver, i) => ({
    RecipientId: items[i]?.RecipientId ?? roles?.[i]?.RecipientId ?? null,
    SignId: items[i]?.SignId ?? null,
    ...(roles ? { ApproverRoleName: items[i]?.ApproverRoleName ?? roles[i]?.RoleName ?? null } : {}),
    ApproverType: approver.ApproverType,
    ApproverName: approver.ApproverName ?? null,
    OrganizationName: approver.OrganizationName ?? null,
  }));
}
