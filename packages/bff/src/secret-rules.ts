/**
 * Which secrets each environment needs. The public development values (shared's `DEV_DEFAULTS`) only
 * unlock the emulator: with `ESS_ENV=test` or `production` every secret must be set, each public value
 * is refused on its own, callback targets must carry a `Content-Signature` token, and partner keys
 * must be long enough to resist guessing. Problems name the setting, never its value.
 */
import { DEV_DEFAULTS } from '@ess-kit/shared';

/** Shortest partner key accepted outside the emulator. */
export const MIN_PARTNER_KEY_LENGTH = 32;

/** One refused setting: where it was set (env var or `BFF_CONFIG:path`) and what is wrong. */
export interface SecretProblem {
  setting: string;
  message: string;
}

/** The secrets of a merged (not yet validated) configuration, with the names they were set under. */
export interface SecretSettings {
  env: 'emulator' | 'test' | 'production';
  essSecretId?: string;
  essSecretKey?: string;
  tokenSecret?: string;
  /** Earlier token secrets still accepted during a rotation (`BFF_TOKEN_SECRET=new,old`). */
  previousTokenSecrets?: readonly string[];
  apiKeys: readonly string[];
  targets: readonly { key?: string; token?: string; previous?: { key?: string; token?: string } }[];
  /** The name to report for a setting: the env var when the operator set it there. */
  nameOf(setting: 'apiKeys' | 'tokenSecret' | 'essSecretId' | 'essSecretKey'): string;
  /** The name to report for a callback target's key or token. */
  targetNameOf(index: number, field: 'key' | 'token', previous?: boolean): string;
}

const PUBLIC = new Set<string>([
  DEV_DEFAULTS.emulatorSecretId,
  DEV_DEFAULTS.emulatorSecretKey,
  DEV_DEFAULTS.callbackKey,
  DEV_DEFAULTS.callbackToken,
  DEV_DEFAULTS.partnerApiKey,
  DEV_DEFAULTS.tokenSecret,
]);

/** True for any of the public development values (whatever setting it was put in). */
export function isPublicDevValue(value: string | undefined): boolean {
  return value !== undefined && PUBLIC.has(value);
}

/** Every secret problem of `settings` (none in emulator mode, where the dev defaults apply). */
export function secretProblems(settings: SecretSettings): SecretProblem[] {
  if (settings.env === 'emulator') return [];
  const where = `when ESS_ENV=${settings.env}`;
  const publicValue = `is a public development value; it only works with ESS_ENV=emulator. Set your own secret ${where}`;
  const problems: SecretProblem[] = [];
  const add = (setting: string, message: string) => problems.push({ setting, message });

  for (const field of ['essSecretId', 'essSecretKey'] as const) {
    if (isPublicDevValue(settings[field])) add(settings.nameOf(field), publicValue);
  }
  if (!settings.tokenSecret) add(settings.nameOf('tokenSecret'), `is required ${where}`);
  else if (isPublicDevValue(settings.tokenSecret)) add(settings.nameOf('tokenSecret'), publicValue);
  if (settings.previousTokenSecrets?.some(isPublicDevValue)) add(settings.nameOf('tokenSecret'), publicValue);

  if (settings.apiKeys.length === 0)
    add(settings.nameOf('apiKeys'), `needs at least one partner API key ${where}`);
  for (const key of settings.apiKeys) {
    if (isPublicDevValue(key))
      add(
        settings.nameOf('apiKeys'),
        `contains the public development key; it only works with ESS_ENV=emulator. Set your own key ${where}`,
      );
    else if (key.length < MIN_PARTNER_KEY_LENGTH)
      add(
        settings.nameOf('apiKeys'),
        `each partner API key needs at least ${MIN_PARTNER_KEY_LENGTH} characters ${where} (e.g. \`openssl rand -hex 32\`)`,
      );
  }

  if (settings.targets.length === 0 || !settings.targets.some((t) => t.key))
    add('ESS_CALLBACK_KEY', `is required ${where}`);
  settings.targets.forEach((target, i) => {
    if (isPublicDevValue(target.key)) add(settings.targetNameOf(i, 'key'), publicValue);
    if (!target.token)
      add(
        settings.targetNameOf(i, 'token'),
        `is required ${where}: set the callback token ESS's console shows for this callback URL, so forged callbacks are refused`,
      );
    else if (isPublicDevValue(target.token)) add(settings.targetNameOf(i, 'token'), publicValue);
    // A pair kept during a rotation is accepted like the current one, so the same rule holds.
    for (const field of ['key', 'token'] as const)
      if (isPublicDevValue(target.previous?.[field])) add(settings.targetNameOf(i, field, true), publicValue);
  });
  return problems;
}
