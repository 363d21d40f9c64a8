/**
 * Group (集团) organisations: the members a parent organisation can act for (ess-api.md §7.12).
 */
import * as z from 'zod';
import { UserInfo } from './common.js';
import { GroupMemberStatus } from './enums.js';

/** Admin (output) — ess-api.md §7/§8. */
export const Admin = z.object({
  /** Super-admin name (masked). Example: `张三`. */
  Name: z.string(),
  /** Masked mobile e.g. 138****1569. Example: `1888****888`. */
  Mobile: z.string(),
});
export type Admin = z.infer<typeof Admin>;

/** GroupOrganization (output) — ess-api.md §7/§8. */
export const GroupOrganization = z.object({
  /** Name. Example: `张三示例企业`. */
  Name: z.string(),
  /** Alias. Example: `张三示例企业`. */
  Alias: z.string(),
  /** 32-char org id. Example: `yDxbNUyKQDx3oAUuO4zjEBQGidlGe4hP`. */
  OrganizationId: z.string(),
  /** Unix s. Example: `1736751627`. */
  UpdateTime: z.int().nonnegative(),
  /** 1–5 as above. Example: `5`. */
  Status: GroupMemberStatus,
  /** Is parent. Example: `false`. */
  IsMainOrganization: z.boolean(),
  /** USCC (masked in example). Example: `91110108772551611J`. */
  IdCardNumber: z.string(),
  /** `Admin` (masked). */
  AdminInfo: Admin,
  /** Licence id (ignore). Example: `企业许可证Id`. */
  License: z.string(),
  /** Unix s. Example: `1736751627`. */
  LicenseExpireTime: z.int().nonnegative(),
  /** Unix s. Example: `1736751627`. */
  JoinTime: z.int().nonnegative(),
  /** Uses own approval engine (not WeCom). Example: `trye`. */
  FlowEngineEnable: z.boolean(),
});
export type GroupOrganization = z.infer<typeof GroupOrganization>;

/** DescribeOrganizationGroupOrganizationsRequest — ess-api.md §7. */
export const DescribeOrganizationGroupOrganizationsRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Required. Docs: max 200 (error example text says 0 < Limit ≤ 1000). Example: `100`. */
  Limit: z.int().nonnegative(),
  /** Required. Default 0, max 20000. Example: `0`. */
  Offset: z.int().nonnegative(),
  /** Deprecated fuzzy name filter. Example: `典子谦示例企业`. @deprecated */
  Name: z.string().optional(),
  /** 1 pending auth, 2 authorized-not-activated, 3 refused, 4 removed, 5 joined. Example: `5`. */
  Status: GroupMemberStatus.optional(),
  /** true = export Excel (Limit ignored) → ExportUrl. Example: `false`. */
  Export: z.boolean().optional(),
  /** Member org id filter. Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  Id: z.string().optional(),
});
export type DescribeOrganizationGroupOrganizationsRequest = z.infer<
  typeof DescribeOrganizationGroupOrganizationsRequest
>;

/** DescribeOrganizationGroupOrganizationsResponse (output) — ess-api.md §7. */
export const DescribeOrganizationGroupOrganizationsResponse = z.object({
  /** Total matches. Example: `100`. */
  Total: z.int().nonnegative(),
  /** Authorized-not-activated count. Example: `10`. */
  JoinedTotal: z.int().nonnegative(),
  /** Deprecated typo of ActivatedTotal. Example: `10`. @deprecated */
  ActivedTotal: z.int().nonnegative().optional(),
  /** Excel URL when Export=true (else ""). Example: `http://file.com/exports`. */
  ExportUrl: z.string(),
  /** `GroupOrganization[]`. */
  List: z.array(GroupOrganization),
  /** Joined count. Example: `50`. */
  ActivatedTotal: z.int().nonnegative().optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeOrganizationGroupOrganizationsResponse = z.infer<
  typeof DescribeOrganizationGroupOrganizationsResponse
>;
