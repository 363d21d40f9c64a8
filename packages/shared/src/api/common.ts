/**
 * Structures shared by every action (ess-api.md §8): the operator, the group proxy, filters, and
 * the response envelope.
 */
import * as z from 'zod';

/** UserInfo — ess-api.md §7/§8. */
export const UserInfo = z.object({
  /** Employee's ESS user id (32 chars). Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  UserId: z.string().optional(),
  /** Deprecated. @deprecated */
  Channel: z.string().optional(),
  /** Deprecated. @deprecated */
  OpenId: z.string().optional(),
  /** Deprecated/internal. @deprecated */
  ClientIp: z.string().optional(),
  /** Deprecated/internal. @deprecated */
  ProxyIp: z.string().optional(),
});
export type UserInfo = z.infer<typeof UserInfo>;

/** Agent — ess-api.md §7/§8. */
export const Agent = z.object({
  /** Deprecated (platform app id). @deprecated */
  AppId: z.string().optional(),
  /** Deprecated. @deprecated */
  ProxyAppId: z.string().optional(),
  /** Org id (ESS organization id) of the sub-enterprise being acted for; mandatory in the group-proxy scenario. Example: `yDtwEUUckp7f87yrUygaLZxYk2SEodS7`. */
  ProxyOrganizationId: z.string().optional(),
  /** Deprecated. @deprecated */
  ProxyOperator: z.string().optional(),
});
export type Agent = z.infer<typeof Agent>;

/** OrganizationInfo — the official SDK's model (deprecated in every action that still carries it). */
export const OrganizationInfo = z.object({
  /** Deprecated. @deprecated */
  OrganizationId: z.string().optional(),
  /** Deprecated. @deprecated */
  Channel: z.string().optional(),
  /** Deprecated. @deprecated */
  OrganizationOpenId: z.string().optional(),
  /** Deprecated/internal. @deprecated */
  ClientIp: z.string().optional(),
  /** Deprecated/internal. @deprecated */
  ProxyIp: z.string().optional(),
});
export type OrganizationInfo = z.infer<typeof OrganizationInfo>;

/** Caller — ess-api.md §7/§8. */
export const Caller = z.object({
  /** Deprecated. Example: `c17bdf9c2a7bdcb88811f4d0200fee3d`. @deprecated */
  ApplicationId: z.string().optional(),
  /** Deprecated. Example: `732aaefa78c439d726f999b89c49e022`. @deprecated */
  OrganizationId: z.string().optional(),
  /** Acting employee's UserId (UploadFiles uses `Caller` instead of `Operator`). Docs say OperatorId is mandatory in practice. Example: `88fb0c591044be771f60aa382cc5ed0e`. */
  OperatorId: z.string().optional(),
  /** Deprecated. Example: `dasdasdhjksdjk2938hein`. @deprecated */
  SubOrganizationId: z.string().optional(),
});
export type Caller = z.infer<typeof Caller>;

/** Filter — ess-api.md §7/§8. */
export const Filter = z.object({
  /** Filter key (per-API list). Example: `Name`. */
  Key: z.string(),
  /** Values (OR semantics within one key). Example: `["张三"]`. */
  Values: z.array(z.string()),
});
export type Filter = z.infer<typeof Filter>;

/** UserFlowType — ess-api.md §7/§8. */
export const UserFlowType = z.object({
  /** Custom type id. Example: `yDCNsUUg9tk6n6UtJrNd1S1ueFygJh9D`. */
  UserFlowTypeId: z.string().optional(),
  /** Type name. Example: `分销合同`. */
  Name: z.string().optional(),
  /** Description. Example: `由主承销人、国际协调人和全体承销商签署的旨在明确承销团成员间权利义务关系的协议`. */
  Description: z.string().optional(),
});
export type UserFlowType = z.infer<typeof UserFlowType>;

/** ApproverItem (output) — ess-api.md §7/§8. */
export const ApproverItem = z.object({
  /** Per-flow signer node id (use for sign links). Example: `yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH`. */
  SignId: z.string().optional(),
  /** Role/recipient id. Example: `yDt1JUUckp77a2omUyEmko88eg49PTsN`. */
  RecipientId: z.string().optional(),
  /** Role name. Example: `甲方`. */
  ApproverRoleName: z.string().optional(),
});
export type ApproverItem = z.infer<typeof ApproverItem>;

/** FlowOperateLimit — ess-api.md §7/§8. */
export const FlowOperateLimit = z.object({
  /** true = no release (解除) agreement allowed after completion. Example: `true`. */
  NoRelease: z.boolean().optional(),
});
export type FlowOperateLimit = z.infer<typeof FlowOperateLimit>;

/** The error object of a failed call (ess-api.md §3.1). */
export const EssError = z.object({
  /** Dotted error code, e.g. `InvalidParameter.FlowName`. */
  Code: z.string(),
  /** Human-readable message (Chinese or English, as the server chose). */
  Message: z.string(),
});
export type EssError = z.infer<typeof EssError>;

/** The response body of an action whose output is only the RequestId (CancelFlow, CancelMultiFlowSignQRCode). */
export const RequestIdOnly = z.object({
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type RequestIdOnly = z.infer<typeof RequestIdOnly>;

/**
 * The JSON body of every ESS reply (HTTP 200 in both cases): the action's output plus RequestId, or
 * an `Error` plus RequestId. `T` is the action's response type (which already carries RequestId).
 */
export type EssResponse<T> = {
  Response: (T & { RequestId: string }) | { Error: EssError; RequestId: string };
};

/** The failure half of {@link EssResponse}. */
export const EssErrorResponse = z.object({ Error: EssError, RequestId: z.string() });
export type EssErrorResponse = z.infer<typeof EssErrorResponse>;

/**
 * A schema for a whole ESS reply body (`{"Response": …}`) given the action's response schema: the
 * error branch is tried first, since an error reply carries none of the output fields.
 */
export function essResponseEnvelope<T extends z.ZodType>(response: T) {
  return z.object({ Response: z.union([EssErrorResponse, response]) });
}

/** True when a reply's `Response` is the error branch. */
export function isEssError(response: object): response is EssErrorResponse {
  return 'Error' in response && typeof (response as { Error: unknown }).Error === 'object';
}
