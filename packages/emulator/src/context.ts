import type { CallbackDispatcher } from './callbacks/index.js';
import type { PlatformCallbacks } from './essbasic/callbacks.js';
import type { Faults } from './faults.js';
import type { Clock } from './state/clock.js';
import type { EmulatorState } from './state/store.js';
import type { CallbackTarget } from './state/types.js';

/** Resolved emulator settings (defaults applied). */
export interface EmulatorConfig {
  secretId: string;
  secretKey: string;
  /** CreateDocument composition delay, ms. */
  composeDelayMs: number;
  /** Persist state to this JSON file. */
  dataFile?: string;
  /** Callback targets configured at start (ESS_CALLBACK_URLS / options); survive reset. */
  callbackTargets: CallbackTarget[];
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** Secret for the HMAC on /files/... download links. */
  fileUrlSecret: string;
  /** Tolerated clock skew for TC3 timestamps, seconds (ESS: 5 minutes). */
  maxClockSkewSeconds: number;
  /** Send the deprecated FlowCost callback on each quota charge and refund (default false). */
  flowCostCallbacks: boolean;
  /** Platform mode (essbasic 2021-05-26 beside ess); credentials default to the ess ones. */
  essbasic: { enabled: boolean; secretId: string; secretKey: string };
}

/**
 * Everything a part of the emulator needs, passed explicitly (no globals): the API actions,
 * the control API, the pages, the callback dispatcher and fault injection all receive it.
 */
export interface EmulatorContext {
  config: EmulatorConfig;
  clock: Clock;
  state: EmulatorState;
  callbacks: CallbackDispatcher;
  faults: Faults;
  /** Platform mode's callbacks (essbasic/callbacks.ts); absent when platform mode is off. */
  platformCallbacks?: PlatformCallbacks;
  /** Base URL for links the emulator hands out (sign pages, QR pages, file URLs), no trailing slash. */
  publicUrl(): string;
}
