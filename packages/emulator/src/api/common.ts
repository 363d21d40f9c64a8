/**
 * What every action handler shares: its input, the acting organization and operator
 * (with group proxying via Agent.ProxyOrganizationId and per-family grants), and
 * translation of schema failures into ESS error codes.
 */
import type { z } from 'zod';
import type { EmulatorContext } from '../context.js';
import { EmulatorError } from '../state/errors.js';
import type { GrantFamily, Organization, Staff } from '../state/types.js';
import type { VerifiedCall } from '../verify.js';

/** What a handler receives: the validated body (ESS spelling, unknown fields kept). */
export interface ActionInput<T = Record<string, unknown>> {
  ctx: EmulatorContext;
  body: T;
  call: VerifiedCall;
  requestId: string;
}

/** An action: returns the `Response` fields (RequestId is added by the dispatcher). */
// `never` lets each handler declare its own body type; the dispatcher passes the validated body.
export type ActionHandler = (
  input: ActionInput<never>,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Who is acting: the operator, their organization, and the organization acted for. */
export interface Actor {
  operator: Staff;
  /** The operator's own organization. */
  home: Organization;
  /** The organization the call is about (a group member when proxied). */
  org: Organization;
  proxied: boolean;
}

const FAMILY_LABEL: Record<GrantFamily, string> = {
  contracts: '合同 (contracts)',
  templates: '模板 (templates)',
  seals: '印章 (seals)',
};

/**
 * Resolves the operator and the acting organization. With Agent.ProxyOrganizationId the
 * operator must belong to the main organization, the target must be a joined group member,
 * and that member must grant the main organization the family of this call.
 */
export function resolveActor(
  ctx: EmulatorContext,
  userId: string | undefined,
  agent: { ProxyOrganizationId?: string } | undefined,
  family: GrantFamily,
  field = 'Operator.UserId',
): Actor {
  if (!userId)
    throw new EmulatorError(
      'MissingParameter.UserId',
      `缺少参数: ${field} is required (the acting employee's 32-char UserId).`,
    );
  const operator = ctx.state.data.staff[userId];
  if (!operator)
    throw new EmulatorError(
      'ResourceNotFound.User',
      `用户不存在: ${field} ${JSON.stringify(userId.slice(0, 64))} is not an employee of any emulated organization (see GET /_emulator/seed).`,
    );
  const home = ctx.state.organization(operator.OrganizationId);
  const proxyId = agent?.ProxyOrganizationId;
  if (!proxyId || proxyId === home.OrganizationId) return { operator, home, org: home, proxied: false };
  const target = ctx.state.data.organizations[proxyId];
  if (!home.isMain || !target || target.isMain || target.groupStatus !== 5) {
    throw new EmulatorError(
      'OperationDenied.SubOrgNotJoin',
      `子企业未加入集团: Agent.ProxyOrganizationId ${JSON.stringify(proxyId.slice(0, 64))} is not a joined member of ${home.OrganizationName}'s group.`,
      403,
    );
  }
  if (!target.grants[family]) {
    throw new EmulatorError(
      'OperationDenied.ErrNoResourceAccess',
      `无权限: group member ${target.OrganizationName} has not granted the main organization ${FAMILY_LABEL[family]} rights.`,
      403,
    );
  }
  return { operator, home, org: target, proxied: true };
}

function pathOf(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    '',
  );
}

/**
 * Maps the first schema problem to MissingParameter / InvalidParameter / InvalidParameterValue,
 * naming the field (the dispatcher turns it into the action's documented code).
 */
export function schemaError(error: z.ZodError, value?: unknown): EmulatorError {
  const issue = error.issues[0];
  const field = pathOf(issue.path) || 'the request body';
  if (issue.code === 'invalid_type') {
    // zod does not report the input by default: look the offending value up in the request.
    const received = issue.path.reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      value,
    );
    if (received === undefined)
      return new EmulatorError('MissingParameter', `缺少参数: ${field} is required.`, 400, field);
    const kind = received === null ? 'null' : Array.isArray(received) ? 'array' : typeof received;
    return new EmulatorError(
      'InvalidParameter',
      `参数类型错误: ${field} must be ${issue.expected}, got ${kind}.`,
      400,
      field,
    );
  }
  return new EmulatorError('InvalidParameterValue', `参数取值错误: ${field}: ${issue.message}.`, 400, field);
}

/** Parses with a schema, throwing the ESS error for the first problem. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw schemaError(result.error, value);
  return result.data;
}

/** Offset/Limit paging with ESS-style bounds. */
export function page<T>(
  items: T[],
  offset: number | undefined,
  limit: number | undefined,
  max: number,
  defaultLimit = 20,
): T[] {
  const size = limit ?? defaultLimit;
  if (!Number.isInteger(size) || size < 0 || size > max)
    throw new EmulatorError(
      'InvalidParameterValue',
      `分页大小应该大于0小于等于${max}: Limit must be between 1 and ${max}.`,
    );
  const start = offset ?? 0;
  if (!Number.isInteger(start) || start < 0)
    throw new EmulatorError('InvalidParameterValue', 'Offset must be a non-negative integer.');
  return items.slice(start, start + (size || defaultLimit));
}

/** FlowName rule (ess-api.md §5): ≤200 chars of CJK, letters, digits and a few punctuation marks. */
export function checkFlowName(name: string, code = 'InvalidParameter.FlowName'): void {
  if (!name.trim()) throw new EmulatorError(code, '合同名称不能为空: FlowName must not be empty.');
  if ([...name].length > 200)
    throw new EmulatorError(code, '合同名称过长: FlowName is limited to 200 characters.');
  if (!/^[\p{Script=Han}\u3000-\u303f\uff00-\uffefA-Za-z0-9 ()[\]\-_,;.&+]+$/u.test(name)) {
    throw new EmulatorError(
      code,
      '合同名称包含不支持的字符: FlowName allows CJK, CJK punctuation, letters, digits, space and ()[]-_,;.&+ only.',
    );
  }
}

/** UserData rule: base64, ≤ 20480 characters. */
export function checkUserData(userData: string | undefined): void {
  if (userData === undefined || userData === '') return;
  if (userData.length > 20480)
    throw new EmulatorError('InvalidParameter.FlowUserData', 'UserData is limited to 20480 characters.');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0) {
    throw new EmulatorError(
      'InvalidParameter.FlowUserData',
      'UserData must be base64-encoded (echoed verbatim in callbacks).',
    );
  }
}
