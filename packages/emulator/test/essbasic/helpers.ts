/** Test support for platform mode: Tencent's own essbasic client pointed at the emulator, and the seeded Agents. */
import { createRequire } from 'node:module';
import { DEV_DEFAULTS } from '@ess-kit/shared';
import type { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/essbasic/v20210526/essbasic_client.js';
import type { PlatformSeedInfo } from '../../src/index.js';

const require = createRequire(import.meta.url);
const { essbasic } = require('tencentcloud-sdk-nodejs/tencentcloud/services/essbasic/index.js') as {
  essbasic: { v20210526: { Client: typeof Client } };
};

export type EssbasicClient = Client;

/** The official essbasic 2021-05-26 client, configured as a platform would configure it for a test host. */
export function officialEssbasicClient(
  url: string,
  credential = { secretId: DEV_DEFAULTS.emulatorSecretId, secretKey: DEV_DEFAULTS.emulatorSecretKey },
): Client {
  const { protocol, host } = new URL(url);
  return new essbasic.v20210526.Client({
    credential,
    region: '',
    profile: { httpProfile: { protocol: `${protocol}//`, endpoint: host, reqTimeout: 10 } },
  });
}

/** `Agent` for a seeded sub-company (0 = alpha, 1 = beta). */
export function seededAgent(application: PlatformSeedInfo, index: number) {
  const sub = application.subCompanies[index];
  return {
    AppId: application.AppId,
    ProxyOrganizationOpenId: sub.ProxyOrganizationOpenId,
    ProxyOperator: { OpenId: sub.operator.OpenId },
  };
}

export async function seedOf(url: string): Promise<{ application: PlatformSeedInfo }> {
  return (await fetch(`${url}/_emulator/seed`)).json() as Promise<{ application: PlatformSeedInfo }>;
}

/** A person's signature box on page 1 of the seed contract (ChannelCreateFlowByFiles SignComponents). */
export const SIGNATURE_COMPONENT = {
  ComponentType: 'SIGN_SIGNATURE',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 100,
  ComponentPosY: 400,
  ComponentWidth: 120,
  ComponentHeight: 50,
};

/** A company seal box on page 1 of the seed contract. */
export const SEAL_COMPONENT = {
  ComponentType: 'SIGN_SEAL',
  FileIndex: 0,
  ComponentPage: 1,
  ComponentPosX: 300,
  ComponentPosY: 300,
  ComponentWidth: 120,
  ComponentHeight: 120,
};
