import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EssKitError } from '../client/errors.js';
import { errorMessageKey } from './errors.js';
import { catalogues, type MessageKey, type SupportedLocale } from './messages.js';

/** Maps any BCP 47 tag to a supported locale: `zh*` → `zh-CN`, everything else → `en`. */
export function normalizeLocale(tag: string | null | undefined): SupportedLocale | null {
  if (!tag) return null;
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Fills `{name}` placeholders. Values are inserted as text by Lit, never as HTML. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

// One observer for the whole page: `<html lang>` changes re-render every connected element.
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | null = null;

function observeDocumentLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    for (const host of hosts) host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/**
 * Localization for one element: resolves the locale (explicit setting first, then `<html lang>`,
 * then `zh-CN`), translates message keys and formats dates and durations with `Intl`.
 */
export class LocaleController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly explicit: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
    observeDocumentLang();
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  /** The locale in effect. */
  get locale(): SupportedLocale {
    return normalizeLocale(this.explicit()) ?? normalizeLocale(document.documentElement.lang) ?? 'zh-CN';
  }

  /** A translated message. */
  t(key: MessageKey, params?: Record<string, string | number>): string {
    return format(catalogues[this.locale][key], params);
  }

  /** What to show for an error: chosen by its code, never the server's (English) message. */
  error(error: Pick<EssKitError, 'code' | 'status' | 'message'>): string {
    return this.t(errorMessageKey(error.code, error.status), {
      code: error.code,
      message: error.message,
      origin: globalThis.location?.origin ?? '',
    });
  }

  /** A date and time in the locale. */
  dateTime(unixSeconds: number): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      unixSeconds * 1000,
    );
  }

  /** A remaining duration, e.g. "2 days" / "5 min" / "0:42". */
  duration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    const unit = (value: number, name: 'day' | 'hour' | 'minute' | 'second') =>
      new Intl.NumberFormat(this.locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
    if (seconds >= 86_400) return unit(Math.floor(seconds / 86_400), 'day');
    if (seconds >= 3_600) return unit(Math.floor(seconds / 3_600), 'hour');
    if (seconds >= 60) return unit(Math.floor(seconds / 60), 'minute');
    return unit(seconds, 'second');
  }
}
