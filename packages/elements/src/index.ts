/**
 * @ess-kit/elements — Tencent E-Sign web components. Importing this module defines every element
 * (guarded: loading it twice is harmless) and exposes {@link EssKit}.
 */
import './components/config/index.js';
import './components/status-badge/index.js';
import './components/sign-button/index.js';
import './components/qr-panel/index.js';
import './components/download-button/index.js';
import { configure, type EssConfig, globalConfig, resetStores, storeFor } from './client/config.js';
import { EssStore } from './client/store.js';

export type { EssConfig, EssTheme } from './client/config.js';
export { EssKitError } from './client/errors.js';
export { EssStore, type EssStoreOptions, type Watched } from './client/store.js';
export type { TokenOptions, TokenResult } from './client/token.js';
export type * from './client/types.js';
export { EssConfigElement } from './components/config/ess-config.js';
export { type DownloadDetail, EssDownloadButton } from './components/download-button/index.js';
export {
  EssQrPanel,
  type QrCancelledDetail,
  type QrCreatedDetail,
  type QrStateChangeDetail,
} from './components/qr-panel/index.js';
export type { EssErrorDetail } from './components/shared/ess-element.js';
export { EssSignButton, type SignOpenDetail } from './components/sign-button/index.js';
export { EssStatusBadge, type StatusChangeDetail } from './components/status-badge/index.js';

/** Script-level API: `EssKit.configure({ bffUrl, tokenUrl, locale })`. */
export const EssKit = {
  /** Page-wide defaults for every element (merged with earlier calls). */
  configure,
  /** The page-wide configuration. */
  config: (): EssConfig => globalConfig(),
  /** The shared store for a configuration (default: the page-wide one). */
  store: (config: EssConfig = globalConfig()): EssStore => storeFor(config),
  /** A store fed only with fixtures (`seed`/`seedQr`): no network. Pass it as `store` in the config. */
  fixtureStore: (): EssStore => new EssStore({ eventSource: null }),
  /** Closes every shared store's live connection. */
  reset: resetStores,
  version: '0.1.0',
};

const holder = globalThis as unknown as { EssKit?: typeof EssKit };
holder.EssKit ??= EssKit;
