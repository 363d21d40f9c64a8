/**
 * @ess-kit/bff — the ess-kit backend-for-frontend: holds the ESS credentials, proxies a whitelist of
 * ESS actions for partner backends and browser tokens, and runs the guide's scenarios in one call.
 */

// Re-exported for receivers that already depend on the BFF; they live in @ess-kit/shared.
export { signWebhook, verifyWebhookSignature } from '@ess-kit/shared';
export { type Bff, type CreateBffOptions, createBff } from './app.js';
export {
  type BffConfig,
  type BffConfigInput,
  describeEnvironment,
  ENV_VARS,
  type EnvVar,
  ESS_HOSTS,
  loadConfig,
  secretValues,
} from './config.js';
export type { BffDeps, BffEnv, Caller, Clock } from './deps.js';
export { BffError, ConfigError, type ConfigProblem, ERROR_CODES, type ErrorCode } from './errors.js';
export { createEssClient, type EssClient } from './ess/client.js';
export { createLogger, type Logger } from './logger.js';
export { POLICY } from './policy.js';
export { bffListener, EXIT_CONFIG, type StartedBff, startBff } from './server.js';
export { STORE_LAYOUT_VERSION, StoreLayoutError } from './store/index.js';
