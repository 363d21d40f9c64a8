import { type RuleViolation, violation } from './types.js';

/** Longest FlowName ESS accepts (ess-api.md §5). */
export const MAX_FLOW_NAME_LENGTH = 200;
/** Longest CancelMessage ESS accepts (ess-api.md §7.15). */
export const MAX_CANCEL_MESSAGE_LENGTH = 200;
/** Longest FlowDescription (§7.2). */
export const MAX_FLOW_DESCRIPTION_LENGTH = 1000;
/** Longest UserData, a base64 string (§5). */
export const MAX_USER_DATA_LENGTH = 20480;

// §5: CJK, CJK punctuation, letters, digits, space, () [] - _ , ; . & +. "CJK punctuation" is taken as
// the CJK Symbols and Punctuation block plus the full-width forms (（）【】，；。 and friends).
const FLOW_NAME_CHAR = /[\p{Script=Han}\p{L}\p{Nd} ()[\]\-_,;.&+\u3000-\u303F\uFF00-\uFFEF]/u;
// §7.15: CJK, letters, digits, CJK and ASCII punctuation; no emoji.
const CANCEL_MESSAGE_FORBIDDEN = /[\p{Extended_Pictographic}\p{Cc}\p{Cs}\p{Co}]/u;
const MAINLAND_MOBILE = /^1\d{10}$/;

/** Length in characters (code points), which is how ESS counts CJK text. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** FlowName: present, ≤ 200 characters, only the characters of ess-api.md §5. */
export function validateFlowName(name: unknown, path = 'FlowName'): RuleViolation[] {
  if (typeof name !== 'string' || name.trim() === '') {
    return [
      violation(
        'flow-name-required',
        `${path} is required: give the contract a name.`,
        path,
        'MissingParameter',
      ),
    ];
  }
  const out: RuleViolation[] = [];
  const length = charLength(name);
  if (length > MAX_FLOW_NAME_LENGTH) {
    out.push(
      violation(
        'flow-name-length',
        `${path} is ${length} characters long; ESS accepts at most ${MAX_FLOW_NAME_LENGTH}. Shorten it.`,
        path,
        'InvalidParameter.FlowName',
      ),
    );
  }
  const bad = [...new Set([...name].filter((ch) => !FLOW_NAME_CHAR.test(ch)))];
  if (bad.length > 0) {
    out.push(
      violation(
        'flow-name-charset',
        `${path} contains ${bad.map((ch) => JSON.stringify(ch)).join(', ')}, which ESS does not accept; use Chinese characters, letters, digits, spaces and ( ) [ ] - _ , ; . & + only.`,
        path,
        'InvalidParameter.FlowName',
      ),
    );
  }
  return out;
}

/** CancelMessage: present, ≤ 200 characters, no emoji or control characters (ess-api.md §7.15). */
export function validateCancelMessage(message: unknown, path = 'CancelMessage'): RuleViolation[] {
  if (typeof message !== 'string' || message.trim() === '') {
    return [
      violation(
        'cancel-message-required',
        `${path} is required: say why the contract is cancelled.`,
        path,
        'MissingParameter.CancelReason',
      ),
    ];
  }
  const out: RuleViolation[] = [];
  const length = charLength(message);
  if (length > MAX_CANCEL_MESSAGE_LENGTH) {
    out.push(
      violation(
        'cancel-message-length',
        `${path} is ${length} characters long; ESS accepts at most ${MAX_CANCEL_MESSAGE_LENGTH}. Shorten the reason.`,
        path,
        'InvalidParameter.CancelReason',
      ),
    );
  }
  if (CANCEL_MESSAGE_FORBIDDEN.test(message)) {
    out.push(
      violation(
        'cancel-message-charset',
        `${path} contains emoji or control characters, which ESS refuses; use plain text and punctuation.`,
        path,
        'InvalidParameter.CancelReason',
      ),
    );
  }
  return out;
}

/** True for a mainland mobile number as ESS wants it: 11 digits starting with 1, no +86. */
export function isMainlandMobile(mobile: unknown): boolean {
  return typeof mobile === 'string' && MAINLAND_MOBILE.test(mobile);
}

/** A string field that must not exceed `max` characters. */
export function validateMaxLength(
  value: unknown,
  max: number,
  path: string,
  rule: string,
  essCode?: string,
): RuleViolation[] {
  if (typeof value !== 'string') return [];
  const length = charLength(value);
  if (length <= max) return [];
  return [
    violation(rule, `${path} is ${length} characters long; ESS accepts at most ${max}.`, path, essCode),
  ];
}
