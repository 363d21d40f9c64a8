/**
 * The elements' error text for a page's own controls (the demo's Cancel button, a partner's form):
 * the same rule the elements use — the message chosen by the error's code, then its HTTP status,
 * in the page's language — so the page never shows the server's raw `CODE: English message`.
 * Built on its own as dist/ess-error-text.js (not in the core bundle).
 */
import { format, normalizeLocale } from './controller.js';
import { errorMessageKey } from './errors.js';
import { catalogues } from './messages.js';

/** What an error is known by: its stable code, and the HTTP status and server message if any. */
export interface ErrorLike {
  code?: string;
  status?: number;
  message?: string;
}

/** The localized text for `error` in `locale` (`zh*` → Chinese, anything else → English). */
export function errorText(error: ErrorLike, locale: string): string {
  const code = error.code || 'NETWORK';
  const messages = catalogues[normalizeLocale(locale) ?? 'zh-CN'];
  return format(messages[errorMessageKey(code, error.status ?? 0)], {
    code,
    message: error.message ?? '',
    origin: globalThis.location?.origin ?? '',
  });
}
