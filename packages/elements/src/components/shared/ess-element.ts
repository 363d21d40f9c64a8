import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import {
  type EssConfig,
  type EssTheme,
  essConfigContext,
  globalConfig,
  mergeConfig,
  onConfigure,
  storeFor,
} from '../../client/config.js';
import { type EssKitError, toEssKitError } from '../../client/errors.js';
import type { EssStore } from '../../client/store.js';
import type { TokenResult } from '../../client/token.js';
import { LocaleController } from '../../localization/controller.js';
import { ActionController } from './action.js';

/** Detail of `ess-error`, fired by every element when something it did or loaded failed. */
export interface EssErrorDetail {
  /** What failed: `load-flow`, `sign-url`, `files`, `create-qr`, `cancel-qr`, … */
  action: string;
  code: string;
  message: string;
  status: number;
  requestId: string | null;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ess-error': CustomEvent<EssErrorDetail>;
  }
}

// Outside the class so the manifest analyzer does not list a generic event named "type".
function essEvent<T>(type: string, detail: T, cancelable: boolean): CustomEvent<T> {
  return new CustomEvent(type, { bubbles: true, composed: true, cancelable, detail });
}

/**
 * Base of the ess-kit elements: resolves configuration (element attributes, then the nearest
 * `<ess-config>`, then `EssKit.configure`), hands out the shared store, localizes, and fires
 * `ess-error`.
 */
export class EssElement extends LitElement {
  static override properties: PropertyDeclarations = {
    bffUrl: { attribute: 'bff-url' },
    token: {},
    tokenUrl: { attribute: 'token-url' },
    locale: {},
    theme: { reflect: true },
    getToken: { attribute: false },
    globalVersion: { state: true, attribute: false },
  };

  /** Base URL of the ess-kit BFF (overrides `<ess-config>` / `EssKit.configure`). */
  declare bffUrl?: string;
  /** A short-lived BFF token. */
  declare token?: string;
  /** Partner endpoint returning `{ "token": ... }`, fetched with credentials. */
  declare tokenUrl?: string;
  /** `zh-CN` or `en`; default: `<ess-config>`, `EssKit.configure`, `<html lang>`, then `zh-CN`. */
  declare locale?: string;
  /** Colour scheme: `auto` (default), `light` or `dark`; reflected for styling. */
  declare theme?: EssTheme;
  /** Function returning a fresh token (property only). */
  declare getToken?: () => Promise<string | TokenResult> | string | TokenResult;

  /** The nearest `<ess-config>`'s configuration (context), if any. */
  protected inherited?: EssConfig;

  private globalVersion = 0;

  protected readonly i18n = new LocaleController(this, () => this.config.locale);
  // Subscribes to the nearest <ess-config>; a change re-renders through `inherited`.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: a Lit controller registers itself with its host.
  private readonly configConsumer = new ContextConsumer(this, {
    context: essConfigContext,
    subscribe: true,
    callback: (value) => {
      const previous = this.inherited;
      this.inherited = value;
      this.requestUpdate('inherited', previous);
    },
  });
  private stopConfigure: (() => void) | null = null;
  /** The request a person started (busy, error): one at a time per element. */
  protected readonly action = new ActionController(this, (error, action) => this.fail(error, action));

  /** The configuration in effect for this element. */
  get config(): EssConfig {
    void this.globalVersion;
    return mergeConfig(globalConfig(), this.inherited, {
      bffUrl: this.bffUrl,
      token: this.token,
      tokenUrl: this.tokenUrl,
      getToken: this.getToken,
      locale: this.locale,
      theme: this.theme,
    });
  }

  /** The store shared with every element of the same configuration. */
  protected get store(): EssStore {
    return storeFor(this.config);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopConfigure = onConfigure(() => {
      this.globalVersion++;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopConfigure?.();
    this.stopConfigure = null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Theme from <ess-config>/configure is mirrored to the host so :host([data-ess-theme]) styles apply.
    const theme = this.config.theme;
    if (theme && theme !== 'auto') this.dataset.essTheme = theme;
    else delete this.dataset.essTheme;
    this.lang = this.i18n.locale;
  }

  /** Fires `ess-error` with the error and returns it as an {@link EssKitError}. */
  protected fail(error: unknown, action: string): EssKitError {
    const essError = toEssKitError(error);
    const { code, message, status, requestId } = essError;
    this.emit<EssErrorDetail>('ess-error', { action, code, message, status, requestId });
    return essError;
  }

  /** Fires a bubbling, composed event; returns false when a listener called `preventDefault()`. */
  protected emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(essEvent(type, detail, cancelable));
  }
}
