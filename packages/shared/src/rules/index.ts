/**
 * The integration guide's rules (and the API facts where they differ) as pure functions that return
 * `RuleViolation[]` — empty when the request is fine. No zod and no I/O here, so browser code can
 * import these by deep path without pulling in the schemas.
 */
export * from './approvers.js';
export * from './components.js';
export * from './contract-type.js';
export * from './flows.js';
export * from './placement.js';
export * from './qr.js';
export * from './templates.js';
export * from './text.js';
export * from './types.js';
