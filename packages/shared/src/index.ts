/**
 * @ess-kit/shared — the protocol core used by every ess-kit package.
 * Web Crypto and standard JavaScript only, so it runs in browsers, Node 20 and edge runtimes.
 */
export const ESS_VERSION = '2020-11-11' as const;
export * from './api/index.js';
export * from './rules/index.js';
