/**
 * Zod schemas and TypeScript types for the ESS actions ess-kit uses, spelled exactly as the API
 * spells them (ess-api.md §7–8). Each structure is a schema and a type of the same name.
 *
 * `schemas[action].request` is lenient (unknown fields are accepted and kept, as the emulator needs),
 * `schemas[action].requestStrict` refuses unknown fields at any depth (as the BFF proxy needs).
 */
import type * as z from 'zod';
import * as files from './files.js';
import * as flowInfo from './flow-info.js';
import * as flows from './flows.js';
import * as group from './group.js';
import * as qr from './qr.js';
import * as seals from './seals.js';
import { deepLoose, deepStrict } from './strictness.js';
import * as templates from './templates.js';

export * from './approvers.js';
export * from './common.js';
export * from './components.js';
export * from './enums.js';
export * from './errors.js';
export * from './files.js';
export * from './flow-info.js';
export * from './flows.js';
export * from './group.js';
export * from './qr.js';
export * from './seals.js';
export { deepLoose, deepStrict } from './strictness.js';
export * from './templates.js';

/** The 15 ESS actions the product uses (issue 2). */
export const ESS_ACTIONS = [
  'UploadFiles',
  'CreateFlowByFiles',
  'DescribeFlowTemplates',
  'CreateFlow',
  'CreateDocument',
  'StartFlow',
  'CreateMultiFlowSignQRCode',
  'CancelMultiFlowSignQRCode',
  'DescribeOrganizationSeals',
  'DescribeFlowInfo',
  'CreateSchemeUrl',
  'DescribeOrganizationGroupOrganizations',
  'DescribeFileUrls',
  'DescribeFlowBriefs',
  'CancelFlow',
] as const;
/** One of {@link ESS_ACTIONS}. */
export type EssActionName = (typeof ESS_ACTIONS)[number];

/**
 * Every ess action named anywhere in ess-api.md: the 15 above plus the ones it mentions in passing
 * (CreateConvertTaskApi, needed before non-PDF uploads can be used; CreateFlowSignReview, which
 * releases flows created with NeedSignReview). A proxy that only serves the 15 must refuse these.
 * (`CreateFlowByQrCode` in ess-api.md is a callback MsgType, not an action; `DescribeInstances` is CVM's.)
 */
export const ALL_ESS_ACTIONS = [...ESS_ACTIONS, 'CreateConvertTaskApi', 'CreateFlowSignReview'] as const;

/** True when `name` is one of the 15 actions ess-kit uses. */
export function isEssAction(name: string): name is EssActionName {
  return (ESS_ACTIONS as readonly string[]).includes(name);
}

/** Request and response schemas of one action. */
export interface EssActionSchemas<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** Lenient: unknown fields anywhere are accepted and kept. */
  request: Req;
  /** Strict: an unknown field anywhere is an error (`unrecognized_keys` with its path). */
  requestStrict: Req;
  /** The `Response` object of a successful reply, RequestId included; unknown fields accepted. */
  response: Res;
}

function entry<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): EssActionSchemas<Req, Res> {
  return { request: deepLoose(request), requestStrict: deepStrict(request), response: deepLoose(response) };
}

/** Schemas for each of the 15 actions, keyed by action name. */
export const schemas = {
  UploadFiles: entry(files.UploadFilesRequest, files.UploadFilesResponse),
  CreateFlowByFiles: entry(flows.CreateFlowByFilesRequest, flows.CreateFlowByFilesResponse),
  DescribeFlowTemplates: entry(
    templates.DescribeFlowTemplatesRequest,
    templates.DescribeFlowTemplatesResponse,
  ),
  CreateFlow: entry(flows.CreateFlowRequest, flows.CreateFlowResponse),
  CreateDocument: entry(flows.CreateDocumentRequest, flows.CreateDocumentResponse),
  StartFlow: entry(flows.StartFlowRequest, flows.StartFlowResponse),
  CreateMultiFlowSignQRCode: entry(qr.CreateMultiFlowSignQRCodeRequest, qr.CreateMultiFlowSignQRCodeResponse),
  CancelMultiFlowSignQRCode: entry(qr.CancelMultiFlowSignQRCodeRequest, qr.CancelMultiFlowSignQRCodeResponse),
  DescribeOrganizationSeals: entry(
    seals.DescribeOrganizationSealsRequest,
    seals.DescribeOrganizationSealsResponse,
  ),
  DescribeFlowInfo: entry(flowInfo.DescribeFlowInfoRequest, flowInfo.DescribeFlowInfoResponse),
  CreateSchemeUrl: entry(flows.CreateSchemeUrlRequest, flows.CreateSchemeUrlResponse),
  DescribeOrganizationGroupOrganizations: entry(
    group.DescribeOrganizationGroupOrganizationsRequest,
    group.DescribeOrganizationGroupOrganizationsResponse,
  ),
  DescribeFileUrls: entry(files.DescribeFileUrlsRequest, files.DescribeFileUrlsResponse),
  DescribeFlowBriefs: entry(flowInfo.DescribeFlowBriefsRequest, flowInfo.DescribeFlowBriefsResponse),
  CancelFlow: entry(flows.CancelFlowRequest, flows.CancelFlowResponse),
} satisfies Record<EssActionName, EssActionSchemas>;

/** The request type of an action (what the caller sends). */
export type EssRequestOf<A extends EssActionName> = z.infer<(typeof schemas)[A]['requestStrict']>;
/** The response type of an action (the `Response` object of a successful reply). */
export type EssResponseOf<A extends EssActionName> = z.infer<(typeof schemas)[A]['response']>;
