/**
 * The partner-platform API (essbasic 2021-05-26) at `POST /`, beside ess: a request whose
 * `X-TC-Version` is 2021-05-26 is verified with the essbasic credentials and service, parsed with the
 * action's lenient schema (from the official models) and run by its handler. Every error code it
 * answers is one the action documents (errors.ts); answers keep the API 3.0 envelope.
 */
import {
  ESSBASIC_ACTIONS,
  ESSBASIC_SERVICE,
  ESSBASIC_VERSION,
  type EssbasicActionName,
  essbasicSchemas,
} from '@ess-kit/shared';
import type { MiddlewareHandler } from 'hono';
import { type ActionHandler, parseWith } from '../api/common.js';
import { parseJsonBody, readBody } from '../api/index.js';
import type { EmulatorContext } from '../context.js';
import { newRequestId } from '../ids.js';
import { EmulatorError } from '../state/errors.js';
import { type ProductSpec, verifyRequest } from '../verify.js';
import {
  ChannelCancelFlow,
  ChannelCreateFlowByFiles,
  CreateFlowsByTemplates,
  DescribeFlowDetailInfo,
  DescribeResourceUrlsByFlows,
  UploadFiles,
} from './actions/flows.js';
import {
  ChannelCancelMultiFlowSignQRCode,
  ChannelCreateFlowSignUrl,
  ChannelCreateMultiFlowSignQRCode,
  ChannelDescribeOrganizationSeals,
  CreateSignUrls,
  DescribeTemplates,
} from './actions/links.js';
import {
  CreateConsoleLoginUrl,
  SyncProxyOrganization,
  SyncProxyOrganizationOperators,
} from './actions/org.js';
import { documentedCode } from './errors.js';

/** One handler per supported essbasic action. */
export const ESSBASIC_HANDLERS: Record<EssbasicActionName, ActionHandler> = {
  UploadFiles,
  ChannelCreateFlowByFiles,
  DescribeTemplates,
  CreateFlowsByTemplates,
  CreateSignUrls,
  ChannelCreateFlowSignUrl,
  DescribeFlowDetailInfo,
  DescribeResourceUrlsByFlows,
  ChannelCancelFlow,
  ChannelCreateMultiFlowSignQRCode,
  ChannelCancelMultiFlowSignQRCode,
  ChannelDescribeOrganizationSeals,
  CreateConsoleLoginUrl,
  SyncProxyOrganization,
  SyncProxyOrganizationOperators,
};

export const ESSBASIC_PRODUCT: ProductSpec = {
  service: ESSBASIC_SERVICE,
  version: ESSBASIC_VERSION,
  actions: ESSBASIC_ACTIONS,
};

/** True when a request is addressed to essbasic (its version header names 2021-05-26). */
export function isEssbasicRequest(headers: Headers): boolean {
  return headers.get('x-tc-version')?.trim() === ESSBASIC_VERSION;
}

/** Middleware for `POST /`: answers essbasic calls, passes everything else on to ess. */
export function essbasicApi(ctx: EmulatorContext): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || !ctx.config.essbasic.enabled || !isEssbasicRequest(c.req.raw.headers))
      return next();
    const requestId = newRequestId();
    const reply = (fields: Record<string, unknown>) =>
      c.json({ Response: { ...fields, RequestId: requestId } }, 200, { 'X-TC-RequestId': requestId });
    let action: EssbasicActionName | null = null;
    try {
      const raw = await readBody(c.req.raw, ctx.config.maxBodyBytes);
      const { essbasic } = ctx.config;
      const call = await verifyRequest(
        c.req.raw.headers,
        raw,
        {
          secretId: essbasic.secretId,
          secretKey: essbasic.secretKey,
          maxClockSkewSeconds: ctx.config.maxClockSkewSeconds,
        },
        Math.floor(Date.now() / 1000),
        ESSBASIC_PRODUCT,
      );
      const json = parseJsonBody(raw);
      const body = parseWith(essbasicSchemas[call.action as EssbasicActionName].request, json);
      action = call.action as EssbasicActionName;
      ctx.state.expireDue();
      return reply(await ESSBASIC_HANDLERS[action]({ ctx, body: body as never, call, requestId }));
    } catch (error) {
      if (error instanceof EmulatorError) {
        // Verification and body errors are common codes; an action's own errors use its documented list.
        const code = action ? documentedCode(action, error.code) : error.code;
        return reply({ Error: { Code: code, Message: error.message } });
      }
      console.error(`[ess-emulator] essbasic ${requestId} failed:`, error);
      return reply({
        Error: {
          Code: 'InternalError',
          Message: `Internal error (RequestId ${requestId}); see the emulator log.`,
        },
      });
    }
  };
}
