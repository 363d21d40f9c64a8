/**
 * One-code-multi-sign rules (guide: 签署二维码多人签署能力; ess-api.md §7.7): defaults, limits, and
 * which templates can back a QR code.
 */
import type { CreateMultiFlowSignQRCodeRequest } from '../api/qr.js';
import { recipientSide } from './contract-type.js';
import {
  initiatorFillComponents,
  isSilentRecipient,
  isTemplateUnordered,
  signingRecipients,
} from './templates.js';
import { isMainlandMobile, MAX_USER_DATA_LENGTH, validateFlowName, validateMaxLength } from './text.js';
import {
  asObject,
  isObject,
  objectsOf,
  pathOf,
  type RuleTemplate,
  type RuleViolation,
  violation,
} from './types.js';

/** Values ESS uses when the request leaves them out. */
export const QR_DEFAULTS = { MaxFlowNum: 5, FlowEffectiveDay: 7, QrEffectiveDay: 7 } as const;
/** Upper limits: flows valid ≤ 30 days, code valid ≤ 90 days (QrEffectiveDay) or ≤ 365 days ahead (QrCodeExpiredOn). */
export const QR_LIMITS = { FlowEffectiveDay: 30, QrEffectiveDay: 90, QrCodeExpiredOnDays: 365 } as const;

const DAY = 86_400;

/** The QR request fields the rules read. */
export type QrRequest = Partial<CreateMultiFlowSignQRCodeRequest>;

/** The request with ESS's defaults filled in: MaxFlowNum 5, FlowEffectiveDay 7, QrEffectiveDay 7 (unless QrCodeExpiredOn is given). */
export function applyQrDefaults<T extends QrRequest>(
  input: T,
): T & { MaxFlowNum: number; FlowEffectiveDay: number } {
  const request = asObject(input) as T;
  const out = {
    ...request,
    MaxFlowNum: request.MaxFlowNum ?? QR_DEFAULTS.MaxFlowNum,
    FlowEffectiveDay: request.FlowEffectiveDay ?? QR_DEFAULTS.FlowEffectiveDay,
  };
  // QrCodeExpiredOn replaces the deprecated QrEffectiveDay; the day count defaults only when neither is given.
  if (out.QrEffectiveDay === undefined && out.QrCodeExpiredOn === undefined)
    out.QrEffectiveDay = QR_DEFAULTS.QrEffectiveDay;
  return out;
}

/**
 * The unix time (seconds) at which a QR code made now stops working: QrCodeExpiredOn when given,
 * else now + QrEffectiveDay days (default 7).
 */
export function qrExpiresAt(input: QrRequest, now: number): number {
  const request = asObject(input);
  if (typeof request.QrCodeExpiredOn === 'number') return request.QrCodeExpiredOn;
  return now + (request.QrEffectiveDay ?? QR_DEFAULTS.QrEffectiveDay) * DAY;
}

function dayRange(
  value: unknown,
  max: number,
  field: string,
  rule: string,
  essCode: string,
  what: string,
): RuleViolation[] {
  if (value === undefined) return [];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return [];
  return [
    violation(
      rule,
      `${field} is ${JSON.stringify(value)}; ${what} must be a whole number of days from 1 to ${max}.`,
      field,
      essCode,
    ),
  ];
}

/**
 * Rules for CreateMultiFlowSignQRCode: the request's own limits and, when the template is given, the
 * template's eligibility ({@link validateQrTemplate}). `now` (unix s) enables the QrCodeExpiredOn check.
 */
export function validateQrRequest(
  input: QrRequest,
  template?: RuleTemplate,
  options: { now?: number } = {},
): RuleViolation[] {
  const request = asObject(input);
  const out: RuleViolation[] = [];
  if (!request.TemplateId) {
    out.push(
      violation(
        'qr-template-required',
        'TemplateId is required: give the template each scan creates a flow from.',
        'TemplateId',
        'InvalidParameter.TemplateId',
      ),
    );
  }
  out.push(...validateFlowName(request.FlowName));
  const max = request.MaxFlowNum;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    out.push(
      violation(
        'qr-max-flow-num',
        `MaxFlowNum is ${JSON.stringify(max)}; give how many flows the code may create, at least 1 (default ${QR_DEFAULTS.MaxFlowNum}).`,
        'MaxFlowNum',
        'InvalidParameter.ParamError',
      ),
    );
  }
  out.push(
    ...dayRange(
      request.FlowEffectiveDay,
      QR_LIMITS.FlowEffectiveDay,
      'FlowEffectiveDay',
      'qr-flow-effective-day',
      'InvalidParameter.QrFlowEffectDay',
      'the signing period of each flow',
    ),
    ...dayRange(
      request.QrEffectiveDay,
      QR_LIMITS.QrEffectiveDay,
      'QrEffectiveDay',
      'qr-effective-day',
      'InvalidParameter.QrEffectDay',
      "the QR code's validity",
    ),
  );
  const expiresOn = request.QrCodeExpiredOn;
  if (expiresOn !== undefined && options.now !== undefined) {
    const limit = options.now + QR_LIMITS.QrCodeExpiredOnDays * DAY;
    if (!Number.isInteger(expiresOn) || expiresOn <= options.now || expiresOn > limit) {
      out.push(
        violation(
          'qr-expired-on',
          `QrCodeExpiredOn is ${expiresOn}; give a unix time in seconds after now and at most ${QR_LIMITS.QrCodeExpiredOnDays} days ahead (before ${limit}).`,
          'QrCodeExpiredOn',
          'InvalidParameter.QrEffectDay',
        ),
      );
    }
  }
  out.push(
    ...validateMaxLength(
      request.UserData,
      MAX_USER_DATA_LENGTH,
      'UserData',
      'user-data-length',
      'InvalidParameter.FlowUserData',
    ),
  );
  const restrictions = objectsOf(request.Restrictions, 'Restrictions', out).map(
    ([r, i]) => [r, pathOf('Restrictions', i, 'Mobile')] as const,
  );
  if (isObject(request.ApproverRestrictions))
    restrictions.push([request.ApproverRestrictions, 'ApproverRestrictions.Mobile']);
  for (const [restriction, path] of restrictions) {
    if (restriction.Mobile && !isMainlandMobile(restriction.Mobile)) {
      out.push(
        violation(
          'qr-restriction-mobile',
          `${path} must be a mainland mobile number: 11 digits starting with 1, without +86.`,
          path,
          'InvalidParameter.Mobile',
        ),
      );
    }
  }
  if (isObject(template)) out.push(...validateQrTemplate(template));
  return out;
}

/**
 * Whether a template can back a QR code (guide: 使用限制): no initiator fill components, and the
 * signers are a single person, or an enterprise and a person signing in any order, or in order with
 * the enterprise signing automatically, or in order with the enterprise not first.
 */
export function validateQrTemplate(template: RuleTemplate): RuleViolation[] {
  const out: RuleViolation[] = [];
  const fills = initiatorFillComponents(template);
  if (fills.length > 0) {
    const names = fills
      .map((c) => JSON.stringify(c.ComponentName ?? c.ComponentId ?? c.ComponentType))
      .join(', ');
    out.push(
      violation(
        'qr-template-initiator-fill',
        `The template has initiator fill components (${names}); nobody fills them when a scan creates the flow, so a QR code needs a template without them.`,
        'TemplateId',
        'FailedOperation.QrCodeTemplateId',
      ),
    );
  }
  const roles = signingRecipients(template);
  if (roles.length === 0) {
    out.push(
      violation(
        'qr-template-no-signers',
        'The template has no signing role; a QR code needs at least the person who scans.',
        'TemplateId',
        'FailedOperation.QrCodeSignUsers',
      ),
    );
    return out;
  }
  const sides = roles.map((r) => recipientSide(r.RecipientType));
  const singleC = roles.length === 1 && sides[0] === 'C';
  const b2c = roles.length === 2 && sides.includes('B') && sides.includes('C');
  let eligible = singleC;
  if (b2c) {
    const bIndex = sides.indexOf('B');
    eligible = isTemplateUnordered(template) || isSilentRecipient(roles[bIndex], template) || bIndex !== 0;
  }
  if (!eligible) {
    const why = b2c
      ? 'its enterprise signs first, in order, and not automatically'
      : `its signers are ${sides.map((s) => (s === 'B' ? 'enterprise' : 'person')).join(' + ')}`;
    out.push(
      violation(
        'qr-template-shape',
        `This template cannot back a QR code because ${why}. Use a single-person template, or enterprise + person signing in any order, or in order with the enterprise signing automatically or not first.`,
        'TemplateId',
        'FailedOperation.QrCodeTemplateId',
      ),
    );
  }
  return out;
}
