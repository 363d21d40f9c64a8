/**
 * The configuration of 第三方应用 mode (docs/partner-platform.md): which product (`ESS_API`), its hosts,
 * and the AppId rule. config.ts loads; these are its platform parts.
 */
import type { ConfigProblem } from '../errors.js';

type Env = Record<string, string | undefined>;
/** The products (config.ts's `ess.api`). */
type EssApi = 'ess' | 'essbasic';

/** Partner-platform (essbasic) API hosts per environment (ess-api.md §1.1; the file host is shared). */
export const ESSBASIC_HOSTS = {
  test: {
    endpoint: 'https://essbasic.test.ess.tencent.cn',
    fileEndpoint: 'https://file.test.ess.tencent.cn',
  },
  production: {
    endpoint: 'https://essbasic.tencentcloudapi.com',
    fileEndpoint: 'https://file.ess.tencent.cn',
  },
} as const;

/** ESS_API (or the file's `ess.api`): which product the BFF speaks. A bad value is a problem, `ess` assumed. */
export function essApiOf(env: Env, file: { ess?: { api?: string } }, problems: ConfigProblem[]): EssApi {
  const raw = env.ESS_API || file.ess?.api || 'ess';
  if (raw === 'ess' || raw === 'essbasic') return raw;
  problems.push({
    setting: env.ESS_API ? 'ESS_API' : 'BFF_CONFIG:ess.api',
    message: 'must be ess (企业版) or essbasic (第三方应用)',
  });
  return 'ess';
}

/** The AppId belongs to platform mode: required there, refused in 企业版 (a forgotten ESS_API=essbasic). */
export function platformProblems(
  config: { ess: { api: EssApi; appId?: string } },
  env: Env,
  fromFile: boolean,
): ConfigProblem[] {
  const where = env.ESS_APP_ID ? 'ESS_APP_ID' : fromFile ? 'BFF_CONFIG:ess.appId' : 'ESS_APP_ID';
  if (config.ess.api === 'essbasic' && !config.ess.appId)
    return [
      { setting: 'ESS_APP_ID', message: 'is required with ESS_API=essbasic (the AppId of the 第三方应用)' },
    ];
  if (config.ess.api === 'ess' && config.ess.appId)
    return [
      { setting: where, message: 'is only used with ESS_API=essbasic; set ESS_API=essbasic or remove it' },
    ];
  return [];
}
