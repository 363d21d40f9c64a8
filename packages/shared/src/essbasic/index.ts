/**
 * The partner-platform API (第三方应用集成, product `essbasic` 2021-05-26) in the protocol core:
 * the supported actions and their schemas (derived from the official SDK's models), the
 * documented error codes, TC3 signing with service `essbasic`, and the platform's callbacks in the
 * normalized event model. Models are under the `EssbasicModels` namespace (their names — Agent,
 * Component, FlowInfo… — overlap the `ess` ones).
 */
export * from './actions-list.js';
export {
  applyPlatformCallback,
  ESSBASIC_APPROVE_STATUS,
  ESSBASIC_FLOW_STATUS,
  ESSBASIC_MSG_VERSION,
  isPlatformCallback,
} from './callbacks.js';
export * from './errors.js';
export * as EssbasicModels from './models.js';
export * from './schemas.js';
export { buildEssbasicHeaders } from './signing.js';
