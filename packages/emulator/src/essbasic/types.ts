/**
 * The partner platform's (第三方应用, essbasic) part of the emulator state: applications (AppId),
 * the sub-companies (子客) each creates under its own OpenIds, their operators, and the console
 * login links that onboard them. A verified sub-company is also an ordinary `Organization` in the
 * state (id `OrganizationId`), so its seals, templates, quota, flows and QR codes are the emulator's
 * usual ones and run through the same flow state machine.
 */
import type { CallbackTarget, UnixSeconds } from '../state/types.js';

export interface PlatformOperator {
  /** The platform's id for this person (Agent.ProxyOperator.OpenId). */
  OpenId: string;
  /** The emulator staff record once verified. */
  UserId: string;
  name: string;
  mobile: string;
  /** Has completed 员工实名 through a console login link. */
  verified: boolean;
  /** Marked 离职 by SyncProxyOrganizationOperators RESIGN. */
  resigned: boolean;
}

export interface SubCompany {
  /** The platform's id for this company (Agent.ProxyOrganizationOpenId). */
  ProxyOrganizationOpenId: string;
  /** The emulator organization (exists once verified). */
  OrganizationId: string;
  name: string;
  uscc: string;
  legalName: string;
  /** Has completed 企业认证 (activation) through a console login link. */
  verified: boolean;
  operators: Record<string, PlatformOperator>;
  createdOn: UnixSeconds;
}

/** A console login link (CreateConsoleLoginUrl → ConsoleUrl). */
export interface ConsoleLogin {
  token: string;
  AppId: string;
  ProxyOrganizationOpenId: string;
  OperatorOpenId: string;
  endpoint: string;
  expiresAt: UnixSeconds;
  /** Operator details the platform passed (prefill the verification form). */
  operatorName: string;
  operatorMobile: string;
}

export interface Application {
  AppId: string;
  name: string;
  /** The application's callback key (32 bytes) and token, from its console settings. */
  callbackKey: string;
  callbackToken: string;
  /** Where the platform's callbacks go; a target without key/token uses the application's. */
  callbackTargets: CallbackTarget[];
  subCompanies: Record<string, SubCompany>;
}

/** Stored as `StateData.platform` (persisted with `--data`). */
export interface PlatformData {
  applications: Record<string, Application>;
  logins: Record<string, ConsoleLogin>;
}
