/** Request bodies of the control API (documented in CONTROL-API.md). */
import { z } from 'zod';
import { callbackTargetSchema } from '../callbacks/targets.js';

const name = z.string().trim().min(1, 'must not be empty').max(50);
const mobile = z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number (1xxxxxxxxxx)');
const id = z.string().trim().min(1).max(64);

export const emptyBody = z.strictObject({});

export const rejectBody = z.strictObject({ reason: z.string().trim().min(1, 'must not be empty').max(500) });

export const fillBody = z.strictObject({
  formFields: z
    .array(
      z
        .strictObject({
          ComponentId: id.optional(),
          ComponentName: z.string().min(1).max(100).optional(),
          ComponentValue: z.string().max(10_000),
        })
        .refine((f) => f.ComponentId || f.ComponentName, { message: 'needs ComponentId or ComponentName' }),
    )
    .min(1)
    .max(200),
});

export const personBody = z.strictObject({ name, mobile });

export const createSealBody = z.strictObject({
  SealName: z.string().trim().min(1).max(50),
  SealType: z.string().trim().min(1).max(64).optional(),
  /** Default: the main organization. */
  organizationId: id.optional(),
});

export const usersBody = z.strictObject({ users: z.array(id).min(1).max(200) });

const recipient = z.strictObject({
  RecipientType: z.enum(['ENTERPRISE', 'INDIVIDUAL']),
  RoleName: z.string().trim().min(1).max(50),
  RoutingOrder: z.number().int().min(0).max(100).optional(),
  silent: z.boolean().optional(),
});

const component = z.looseObject({
  ComponentType: z.string().max(64).optional(),
  ComponentName: z.string().max(100).optional(),
  ComponentRecipientId: z.string().max(64).optional(),
  ComponentRequired: z.boolean().optional(),
});

export const createTemplateBody = z.strictObject({
  TemplateName: z.string().trim().min(1).max(200),
  Description: z.string().max(1000).optional(),
  recipients: z.array(recipient).min(1).max(50),
  components: z.array(component).max(200).optional(),
  signComponents: z.array(component).max(200).optional(),
  unordered: z.boolean().optional(),
  sealId: id.optional(),
  fileId: id.optional(),
  flowType: z.string().max(64).optional(),
  /** Default: the main organization. */
  organizationId: id.optional(),
});

export const updateTemplateBody = z
  .strictObject({
    TemplateName: z.string().trim().min(1).max(200).optional(),
    Description: z.string().max(1000).optional(),
    available: z.union([z.literal(1), z.literal(2)]).optional(),
    sealId: z.string().max(64).optional(),
    flowType: z.string().max(64).optional(),
    unordered: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' });

export const rolesBody = z.strictObject({ roles: z.array(z.string().trim().min(1).max(50)).max(50) });

export const organizationBody = z
  .strictObject({
    quota: z.number().int().min(0).max(1_000_000_000).optional(),
    silentSignEnabled: z.boolean().optional(),
    operatorAutoSign: z.boolean().optional(),
    callbackTargets: z
      .array(callbackTargetSchema.omit({ organizationId: true }))
      .max(50)
      .optional(),
    grants: z
      .strictObject({
        contracts: z.boolean().optional(),
        templates: z.boolean().optional(),
        seals: z.boolean().optional(),
      })
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one setting' });

export const clockBody = z.strictObject({
  advanceSeconds: z
    .number()
    .int('must be a whole number of seconds')
    .min(0)
    .max(10 * 366 * 24 * 3600),
});

const deliverySettings = {
  /** Delays before each retry (ms); the length is the number of retries. */
  retryDelaysMs: z.array(z.number().int().min(0).max(60_000)).max(10).optional(),
  /** Per-attempt timeout (ms). */
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
};

/** A bare array of targets, or `{ targets, retryDelaysMs?, timeoutMs? }`. */
export const callbackTargetsBody = z.union([
  z.array(callbackTargetSchema).max(50),
  z.strictObject({ targets: z.array(callbackTargetSchema).max(50), ...deliverySettings }),
]);

export const callbackQuery = z.strictObject({
  msgType: z.string().max(64).optional(),
  flowId: z.string().max(64).optional(),
  status: z.enum(['held', 'pending', 'delivered', 'failed', 'cancelled']).optional(),
  url: z.string().max(1000).optional(),
  organizationId: z.string().max(64).optional(),
  /** Wait up to this many ms for running deliveries to finish before answering. */
  settle: z.coerce.number().int().min(0).max(60_000).optional(),
});
