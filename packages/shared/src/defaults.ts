/**
 * Values every ess-kit package agrees on (docs/internals.md, "Defaults shared by every package").
 * Development-only credentials: they are public on purpose and only ever unlock the offline emulator.
 */

/** The ESS API version ess-kit speaks. */
export const ESS_VERSION = '2020-11-11' as const;

/** Ports, emulator credentials and dev secrets used when nothing else is configured. */
export const DEV_DEFAULTS = Object.freeze({
  /** Emulator port when `ESS_EMULATOR_PORT` is not set. */
  emulatorPort: 8788,
  /** BFF port when `PORT` is not set. */
  bffPort: 8787,
  /** Demo site port when `DEMO_PORT` is not set. */
  demoPort: 8789,
  /** Port of the demo's second BFF, in 第三方应用 mode (ESS_API=essbasic), when `PLATFORM_PORT` is not set. */
  platformBffPort: 8790,
  /** SecretId the emulator accepts out of the box. */
  emulatorSecretId: 'AKIDEssKitEmulator00000000000000',
  /** SecretKey the emulator accepts out of the box. */
  emulatorSecretKey: 'EssKitEmulatorSecretKey000000000',
  /** The emulator's seeded operator (32 chars, like every ESS id). */
  emulatorOperatorUserId: 'yDEssKitOperator0000000000000001',
  /** Dev CallbackUrlKey: exactly 32 bytes, as AES-256 needs. */
  callbackKey: 'EssKitDevCallbackKey000000000000',
  /** Dev token for the `Content-Signature` callback header. */
  callbackToken: 'ess-kit-dev-callback-token',
  /** Partner API key accepted by a BFF in development. */
  partnerApiKey: 'dev-partner-key',
  /** Secret a development BFF signs browser tokens with. */
  tokenSecret: 'ess-kit-dev-token-secret-change-me-0000000000',
  /** The emulator's partner-platform (essbasic) application: its AppId (32 chars, like every ESS id). */
  platformAppId: 'yDEssKitPlatformApp0000000000001',
  /** Dev callback key of that application: exactly 32 bytes, like the ess one. */
  platformCallbackKey: 'EssKitDevPlatformKey000000000000',
  /** Dev callback token of that application (`Content-Signature`). */
  platformCallbackToken: 'ess-kit-dev-platform-token',
} as const);

/** Environment variables that override the default ports. */
export const DEV_PORT_ENV = Object.freeze({
  emulatorPort: 'ESS_EMULATOR_PORT',
  bffPort: 'PORT',
  demoPort: 'DEMO_PORT',
  platformBffPort: 'PLATFORM_PORT',
} as const);
