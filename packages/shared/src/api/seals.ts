/**
 * Company seals (ess-api.md §7.9, §8 OccupiedSeal).
 */
import * as z from 'zod';
import { Agent, UserInfo } from './common.js';
import { SealStatus, SealStatusFilter, SealTypeFilter } from './enums.js';

/** AuthorizedUser (output) — ess-api.md §7/§8. */
export const AuthorizedUser = z.object({
  /** UserId. Example: `yDtwEUUckp7f8w6uUuBHsZJd9KcpXpMH`. */
  UserId: z.string(),
});
export type AuthorizedUser = z.infer<typeof AuthorizedUser>;

/** ExtendScene (output) — ess-api.md §7/§8. */
export const ExtendScene = z.object({
  /** `CREATE` (uploaded), `GENERATE` (system template), `SIST_SEAL` (Shenzhen e-seal). Example: `GENERATE`. */
  GenerateType: z.enum(['CREATE', 'GENERATE', 'SIST_SEAL']).optional(),
  /** Description. Example: `深圳电子印章`. */
  GenerateTypeDesc: z.string().optional(),
  /** Logo URL. Example: `https://file.cn/sist-seal-logo-alpha.png`. */
  GenerateTypeLogo: z.string().optional(),
});
export type ExtendScene = z.infer<typeof ExtendScene>;

/** OccupiedSeal (output) — ess-api.md §7/§8. */
export const OccupiedSeal = z.object({
  /** Seal id. Example: `yDtwLUUckp79rcc2UuSIlvCCkIZsXxFY`. */
  SealId: z.string(),
  /** Name. Example: `张三示例企业公章`. */
  SealName: z.string(),
  /** Authorization time (unix s). Example: `1736751627`. */
  CreateOn: z.int(),
  /** Authorizer UserId. Example: `yDw6yUUgyg3caowzUx4GQptRKfMnJqX8`. */
  Creator: z.string(),
  /** Policy id. Example: `yDRIOUUja5b90Uy0fKyKFCQryVc5qKxW`. */
  SealPolicyId: z.string(),
  /** CHECKING, SUCCESS, FAIL, CHECKING-SADM, DISABLE, STOPPED. Example: `SUCCESS`. */
  SealStatus: SealStatus,
  /** Review failure reason. Example: `印章错误`. */
  FailReason: z.string(),
  /** Seal image URL, valid 5 min. Example: `https://file.cn/sealid.jpg`. */
  Url: z.string(),
  /** OFFICIAL, CONTRACT, ORGANIZATIONSEAL, LEGAL_PERSON_SEAL (example shows empty string). Example: `OFFICIAL`. */
  SealType: z.string(),
  /** Permanent authorization. Example: `true`. */
  IsAllTime: z.boolean(),
  /** `AuthorizedUser[]` (InfoType=1). */
  AuthorizedUsers: z.array(AuthorizedUser),
  /** Seal origin info. */
  ExtendScene: ExtendScene.optional(),
  /** mm. Example: `42`. */
  RealWidth: z.int().optional(),
  /** mm. Example: `42`. */
  RealHeight: z.int().optional(),
  /** Custom subtype. Example: `OHTER_1`. */
  SubSealType: z.string().optional(),
  /** Subtype name. Example: `其他子印章类型`. */
  SubSealName: z.string().optional(),
  /** Description. Example: `印章描述内容`. */
  SealDescription: z.string().optional(),
});
export type OccupiedSeal = z.infer<typeof OccupiedSeal>;

/** DescribeOrganizationSealsRequest — ess-api.md §7. */
export const DescribeOrganizationSealsRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** Default 20, max 200. Example: `10`. */
  Limit: z.int().optional(),
  /** Page index from 0 (docs call it '第几页'), max 20000. Example: `0`. */
  Offset: z.int().optional(),
  /** 0 = no authorized users (default), 1 = include AuthorizedUsers. Example: `1`. */
  InfoType: z.literal([0, 1]).optional(),
  /** Query a single seal. Example: `yDSxWUUckptu4clgUuLlo0OwJKbYCO48`. */
  SealId: z.string().optional(),
  /** OFFICIAL, CONTRACT, FINANCE, PERSONNEL, INVOICE, LEGAL_PERSON_SEAL, EMPLOYEE_QUALIFICATION_SEAL, OTHER, OTHER_xx; empty = all. Example: `["OFFICIAL"]`. */
  SealTypes: z.array(SealTypeFilter).optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Empty = enabled only; ALL, CHECKING, SUCCESS, FAIL, DISABLE, STOPPED, VOID, INVALID. Example: `["ALL"]`. */
  SealStatuses: z.array(SealStatusFilter).optional(),
});
export type DescribeOrganizationSealsRequest = z.infer<typeof DescribeOrganizationSealsRequest>;

/** DescribeOrganizationSealsResponse (output) — ess-api.md §7. */
export const DescribeOrganizationSealsResponse = z.object({
  /** With SealId: 0 or 1; else total seals. Example: `10`. */
  TotalCount: z.int(),
  /** `OccupiedSeal[]`. */
  Seals: z.array(OccupiedSeal),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeOrganizationSealsResponse = z.infer<typeof DescribeOrganizationSealsResponse>;
