/**
 * Files (ess-api.md §7.1, §7.13): uploading (to the file host) and temporary download URLs.
 */
import * as z from 'zod';
import { Agent, Caller, UserInfo } from './common.js';
import { DownloadFileType, FileBusinessType, UploadBusinessType } from './enums.js';

/** UploadFile — ess-api.md §7/§8. */
export const UploadFile = z.object({
  /** Base64 of file content. Size limits: images (png/jpg/jpeg) < 5 MB; pdf/word/excel etc. < 60 MB. Example: `6KaB5pS+5paH5Lu255qE5YaF5a65`. */
  FileBody: z.string().min(1),
  /** File name incl. extension matching the type, ≤200 chars (e.g. `xxx.pdf`). Example: `test.pdf`. */
  FileName: z.string().optional(),
});
export type UploadFile = z.infer<typeof UploadFile>;

/** UploadFilesRequest — ess-api.md §7. */
export const UploadFilesRequest = z.object({
  /** Enum: `TEMPLATE` (pdf/doc/docx/html), `DOCUMENT` (pdf/doc/docx/jpg/png/xls/xlsx/html; non-PDF must be converted before use in a flow), `SEAL` (jpg/jpeg/png), `ARCHIVE` (pdf/zip), `BUSINESSLICENSE` (jpg/jpeg/png, ≤8 MB). Example: `DOCUMENT`. */
  BusinessType: UploadBusinessType,
  /** See `Caller`; `OperatorId` = acting UserId. */
  Caller: Caller.optional(),
  /** Array of `UploadFile` (base64 body + name); max 20 files; all must match `FileType`. */
  FileInfos: z.array(UploadFile).optional(),
  /** Optional explicit type: pdf, doc, docx, xls, xlsx, html, jpg, jpeg, png (default: inferred from content + extension). Example: `PDF`. */
  FileType: z.string().optional(),
  /** PDF only: turn grey rectangles white (used when keyword-positioning must hide the keyword box). Default false. Example: `true`. */
  CoverRect: z.boolean().optional(),
  /** No longer used. Example: `["customId1"]`. */
  CustomIds: z.array(z.string()).optional(),
  /** Deprecated (URL upload). Example: `FileUrls`. @deprecated */
  FileUrls: z.string().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
  /** Whitelist feature: file expiry (unix s), max now+1 year. Default = upload time + 1 hour. Example: `1782835200`. */
  Deadline: z.int().optional(),
});
export type UploadFilesRequest = z.infer<typeof UploadFilesRequest>;

/** UploadFilesResponse (output) — ess-api.md §7. */
export const UploadFilesResponse = z.object({
  /** One 32-char resource id per uploaded file. Valid ~1 hour (reusable within validity). Example: `["yDRSRUUgygj6rq2wUuO4zjEyBZ2NHiyT"]`. */
  FileIds: z.array(z.string()),
  /** Number of files uploaded successfully. Example: `10`. */
  TotalCount: z.int(),
  /** Expiry timestamp (unix seconds) of the returned file ids (default upload+1h). Example: `1782835200`. */
  Deadline: z.int().optional(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type UploadFilesResponse = z.infer<typeof UploadFilesResponse>;

/** FileUrl (output) — ess-api.md §7/§8. */
export const FileUrl = z.object({
  /** Temporary download URL (TTL = UrlTtl, default 5 min). Example: `https://file.cn/resourceId.pdf`. */
  Url: z.string(),
  /** Extra info; for PDFs per-page width/height. Examples: `["595.00,841.00","-1"]` (PDF), `{"width":595.32,"height":841.92}` (JPG page), `""`. Example: `{"width":595.3,"height":841.9}`. */
  Option: z.string(),
});
export type FileUrl = z.infer<typeof FileUrl>;

/** DescribeFileUrlsRequest — ess-api.md §7. */
export const DescribeFileUrlsRequest = z.object({
  /** Acting employee. `Operator.UserId` (32-char ESS user id) is what the service uses; must have API + data permissions. */
  Operator: UserInfo,
  /** `FLOW`, `TEMPLATE`, `DOCUMENT`, `SEAL`, `DIGITFILE`, `ARCHIVE`. Example: `DOCUMENT`. */
  BusinessType: FileBusinessType,
  /** Ids matching BusinessType; FLOW: FlowIds, max 20. Example: `["yDRSRUUgygj6rq7wUuO4zjECxndqQApl","yDw…`. */
  BusinessIds: z.array(z.string()),
  /** Download name (ZIP only). Example: `张三的入职合同`. */
  FileName: z.string().optional(),
  /** `JPG`, `PDF`, `ZIP`. Example: `PDF`. */
  FileType: DownloadFileType.optional(),
  /** Page index from 0, max 1000. Example: `0`. */
  Offset: z.int().optional(),
  /** Default 20, max 100. Example: `0`. */
  Limit: z.int().optional(),
  /** URL TTL seconds; 0 = default 5 min; 1..86400. Example: `0`. */
  UrlTtl: z.int().optional(),
  /** Not open. Example: `1`. @deprecated */
  CcToken: z.string().optional(),
  /** Not open. Example: `1`. @deprecated */
  Scene: z.string().optional(),
  /** Group (集团) proxy: set `Agent.ProxyOrganizationId` = sub-enterprise org id when a parent org acts for a child org. */
  Agent: Agent.optional(),
});
export type DescribeFileUrlsRequest = z.infer<typeof DescribeFileUrlsRequest>;

/** DescribeFileUrlsResponse (output) — ess-api.md §7. */
export const DescribeFileUrlsResponse = z.object({
  /** `FileUrl[]`; temporary URLs. */
  FileUrls: z.array(FileUrl),
  /** URL count. Example: `4`. */
  TotalCount: z.int(),
  /** Server-generated unique request id (always present in `Response`). */
  RequestId: z.string(),
});
export type DescribeFileUrlsResponse = z.infer<typeof DescribeFileUrlsResponse>;
