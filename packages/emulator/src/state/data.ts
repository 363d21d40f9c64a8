/**
 * The whole persisted state: the ess records (types.ts) and the partner platform's
 * (essbasic/types.ts). Kept apart from types.ts because the platform's records use the ess ones.
 */
import type { PlatformData } from '../essbasic/types.js';
import type {
  CallbackTarget,
  Flow,
  FlowDocument,
  Organization,
  QrCode,
  Seal,
  Staff,
  StoredFile,
  Template,
} from './types.js';

/** Everything the emulator knows; persisted as JSON with `--data FILE`. */
export interface StateData {
  version: 1;
  mainOrganizationId: string;
  organizations: Record<string, Organization>;
  staff: Record<string, Staff>;
  seals: Record<string, Seal>;
  templates: Record<string, Template>;
  files: Record<string, StoredFile>;
  flows: Record<string, Flow>;
  documents: Record<string, FlowDocument>;
  qrCodes: Record<string, QrCode>;
  callbackTargets: CallbackTarget[];
  /** CreateDocument ClientToken → DocumentId (idempotency). */
  clientTokens: Record<string, string>;
  /** The partner platform (essbasic): absent when platform mode is off. */
  platform?: PlatformData;
}
