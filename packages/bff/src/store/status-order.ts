/**
 * Flow status ordering from `@ess-kit/shared` (one model for the BFF, the emulator and the
 * components): a status applies only when it does not move the flow backwards in its lifecycle.
 */
export { isTerminalFlowStatus, shouldApplyFlowStatus } from '@ess-kit/shared';
