/**
 * Request/response schemas of the supported essbasic actions, built from the generated models
 * (models.ts, derived from the official SDK). Same three views as the `ess` schemas: a lenient
 * request (unknown fields kept), a strict request (unknown fields refused at any depth) and the
 * `Response` object.
 */
import type * as z from 'zod';
import type { EssActionSchemas } from '../api/index.js';
import { deepLoose, deepStrict } from '../api/strictness.js';
import type { EssbasicActionName } from './actions-list.js';
import * as M from './models.js';

function entry<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): EssActionSchemas<Req, Res> {
  return { request: deepLoose(request), requestStrict: deepStrict(request), response: deepLoose(response) };
}

/** Schemas for each supported essbasic action, keyed by action name. */
export const essbasicSchemas = {
  UploadFiles: entry(M.UploadFilesRequest, M.UploadFilesResponse),
  ChannelCreateFlowByFiles: entry(M.ChannelCreateFlowByFilesRequest, M.ChannelCreateFlowByFilesResponse),
  DescribeTemplates: entry(M.DescribeTemplatesRequest, M.DescribeTemplatesResponse),
  CreateFlowsByTemplates: entry(M.CreateFlowsByTemplatesRequest, M.CreateFlowsByTemplatesResponse),
  CreateSignUrls: entry(M.CreateSignUrlsRequest, M.CreateSignUrlsResponse),
  ChannelCreateFlowSignUrl: entry(M.ChannelCreateFlowSignUrlRequest, M.ChannelCreateFlowSignUrlResponse),
  DescribeFlowDetailInfo: entry(M.DescribeFlowDetailInfoRequest, M.DescribeFlowDetailInfoResponse),
  DescribeResourceUrlsByFlows: entry(
    M.DescribeResourceUrlsByFlowsRequest,
    M.DescribeResourceUrlsByFlowsResponse,
  ),
  ChannelCancelFlow: entry(M.ChannelCancelFlowRequest, M.ChannelCancelFlowResponse),
  ChannelCreateMultiFlowSignQRCode: entry(
    M.ChannelCreateMultiFlowSignQRCodeRequest,
    M.ChannelCreateMultiFlowSignQRCodeResponse,
  ),
  ChannelCancelMultiFlowSignQRCode: entry(
    M.ChannelCancelMultiFlowSignQRCodeRequest,
    M.ChannelCancelMultiFlowSignQRCodeResponse,
  ),
  ChannelDescribeOrganizationSeals: entry(
    M.ChannelDescribeOrganizationSealsRequest,
    M.ChannelDescribeOrganizationSealsResponse,
  ),
  CreateConsoleLoginUrl: entry(M.CreateConsoleLoginUrlRequest, M.CreateConsoleLoginUrlResponse),
  SyncProxyOrganization: entry(M.SyncProxyOrganizationRequest, M.SyncProxyOrganizationResponse),
  SyncProxyOrganizationOperators: entry(
    M.SyncProxyOrganizationOperatorsRequest,
    M.SyncProxyOrganizationOperatorsResponse,
  ),
} satisfies Record<EssbasicActionName, EssActionSchemas>;

/** The request type of an essbasic action. */
export type EssbasicRequestOf<A extends EssbasicActionName> = z.infer<
  (typeof essbasicSchemas)[A]['requestStrict']
>;
/** The response type of an essbasic action (the `Response` object of a successful reply). */
export type EssbasicResponseOf<A extends EssbasicActionName> = z.infer<
  (typeof essbasicSchemas)[A]['response']
>;
