/**
 * `Agent` → who is acting: the application (AppId), the sub-company (ProxyOrganizationOpenId) and
 * its operator (ProxyOperator.OpenId). Calls for a sub-company that has not completed onboarding
 * (the console login link) fail as the real product fails them: the operator does not belong to an
 * activated company.
 */
import type { EmulatorContext } from '../context.js';
import { EmulatorError } from '../state/errors.js';
import type { Organization, Staff } from '../state/types.js';
import { platformOf } from './onboarding.js';
import type { Application, PlatformOperator, SubCompany } from './types.js';

/** `Agent` as requests carry it. */
export interface AgentInput {
  AppId?: string;
  ProxyOrganizationOpenId?: string;
  ProxyOperator?: { OpenId?: string };
}

/** An acting platform operator of an activated sub-company. */
export interface PlatformActor {
  app: Application;
  sub: SubCompany;
  operator: PlatformOperator;
  org: Organization;
  staff: Staff;
}

const short = (value: string) => JSON.stringify(value.slice(0, 64));

/** The application named by Agent.AppId. */
export function resolveApplication(ctx: EmulatorContext, agent: AgentInput | undefined): Application {
  const appId = agent?.AppId;
  if (!appId)
    throw new EmulatorError(
      'MissingParameter',
      '缺少参数: Agent.AppId is required (the application id from the console).',
    );
  const app = platformOf(ctx.state.data).applications[appId];
  if (!app)
    throw new EmulatorError(
      'ResourceNotFound.Application',
      `应用号不存在: Agent.AppId ${short(appId)} is not an application of this platform (see GET /_emulator/seed → application).`,
      404,
    );
  return app;
}

/** Agent.ProxyOrganizationOpenId (required). */
export function orgOpenIdOf(agent: AgentInput | undefined): string {
  const orgOpenId = agent?.ProxyOrganizationOpenId;
  if (!orgOpenId)
    throw new EmulatorError(
      'MissingParameter.OrgOpenId',
      '企业OpenId不存在: Agent.ProxyOrganizationOpenId is required.',
    );
  return orgOpenId;
}

/** The platform's ids of the sub-company and operator (both required). */
export function agentIds(agent: AgentInput | undefined): { orgOpenId: string; operatorOpenId: string } {
  const orgOpenId = orgOpenIdOf(agent);
  const operatorOpenId = agent?.ProxyOperator?.OpenId;
  if (!operatorOpenId)
    throw new EmulatorError(
      'MissingParameter.ProxyOperatorOpenId',
      'ProxyOperatorOpenId不存在: Agent.ProxyOperator.OpenId is required.',
    );
  return { orgOpenId, operatorOpenId };
}

/**
 * Resolves an operator of an activated sub-company; anything short of that is the onboarding
 * error (`OperationDenied.UserNotInOrganization`, mapped to the action's documented list).
 */
export function resolvePlatformActor(ctx: EmulatorContext, agent: AgentInput | undefined): PlatformActor {
  const app = resolveApplication(ctx, agent);
  const { orgOpenId, operatorOpenId } = agentIds(agent);
  const sub = app.subCompanies[orgOpenId];
  const notOnboarded = (why: string) =>
    new EmulatorError(
      'OperationDenied.UserNotInOrganization',
      `用户不归属于当前企业: ${why} Open the ConsoleUrl of CreateConsoleLoginUrl (Agent with this ProxyOrganizationOpenId and ProxyOperator.OpenId) to verify the company and its operator first.`,
      403,
    );
  if (!sub?.verified)
    throw notOnboarded(`sub-company ${short(orgOpenId)} has not completed 企业认证 (activation).`);
  const operator = sub.operators[operatorOpenId];
  if (!operator?.verified || operator.resigned)
    throw notOnboarded(
      operator?.resigned
        ? `operator ${short(operatorOpenId)} has left ${sub.name} (SyncProxyOrganizationOperators RESIGN).`
        : `operator ${short(operatorOpenId)} has not completed 员工实名 in ${sub.name}.`,
    );
  const org = ctx.state.organization(sub.OrganizationId);
  const staff = ctx.state.staffMember(operator.UserId);
  return { app, sub, operator, org, staff };
}
