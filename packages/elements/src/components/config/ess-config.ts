import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { type EssTheme, essConfigContext } from '../../client/config.js';
import type { EssStore } from '../../client/store.js';
import type { TokenResult } from '../../client/token.js';

/**
 * Configures every ess-kit element inside it (through `@lit/context`). Settings on an element
 * itself win over `<ess-config>`, which wins over `EssKit.configure()`.
 *
 * @summary Configuration provider for the ess-kit elements in its subtree.
 * @tag ess-config
 * @slot - The content that uses this configuration.
 */
export class EssConfigElement extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties: PropertyDeclarations = {
    bffUrl: { attribute: 'bff-url' },
    token: {},
    tokenUrl: { attribute: 'token-url' },
    locale: { reflect: true },
    theme: { reflect: true },
    getToken: { attribute: false },
    store: { attribute: false },
  };

  /** Base URL of the ess-kit BFF. */
  declare bffUrl?: string;
  /** A short-lived BFF token. */
  declare token?: string;
  /** Partner endpoint returning `{ "token": ... }`, fetched with credentials. */
  declare tokenUrl?: string;
  /** `zh-CN` or `en`. */
  declare locale?: string;
  /** `auto` (default), `light` or `dark`. */
  declare theme?: EssTheme;
  /** Function returning a fresh token (property only). */
  declare getToken?: () => Promise<string | TokenResult> | string | TokenResult;
  /** A store to use instead of the shared one (property only; fixtures, Storybook). */
  declare store?: EssStore;

  // Provides the merged settings to descendants (context protocol, @lit/context).
  private readonly provider = new ContextProvider(this, { context: essConfigContext, initialValue: {} });

  protected override willUpdate(_changed: PropertyValues): void {
    this.provider.setValue({
      bffUrl: this.bffUrl,
      token: this.token,
      tokenUrl: this.tokenUrl,
      getToken: this.getToken,
      locale: this.locale,
      theme: this.theme,
      store: this.store,
    });
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
