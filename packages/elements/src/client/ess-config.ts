import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { type EssConfig, type EssTheme, essConfigContext } from './config.js';
import type { EssStore } from './store.js';
import type { TokenResult } from './token.js';

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

  /** Base URL of the ess-kit BFF. */
  @property({ attribute: 'bff-url' }) bffUrl?: string;
  /** A short-lived BFF token. */
  @property() token?: string;
  /** Partner endpoint returning `{ "token": ... }`, fetched with credentials. */
  @property({ attribute: 'token-url' }) tokenUrl?: string;
  /** `zh-CN` or `en`. */
  @property({ reflect: true }) locale?: string;
  /** `auto` (default), `light` or `dark`. */
  @property({ reflect: true }) theme?: EssTheme;
  /** Function returning a fresh token (property only). */
  @property({ attribute: false }) getToken?: () => Promise<string | TokenResult> | string | TokenResult;
  /** A store to use instead of the shared one (property only; fixtures, Storybook). */
  @property({ attribute: false }) store?: EssStore;

  @provide({ context: essConfigContext })
  @property({ attribute: false })
  config: EssConfig | undefined = {};

  protected override willUpdate(_changed: PropertyValues): void {
    this.config = {
      bffUrl: this.bffUrl,
      token: this.token,
      tokenUrl: this.tokenUrl,
      getToken: this.getToken,
      locale: this.locale,
      theme: this.theme,
      store: this.store,
    };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
