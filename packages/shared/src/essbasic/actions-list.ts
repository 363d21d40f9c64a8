/** The partner-platform API (第三方应用集成): product `essbasic`, version 2021-05-26. */
export const ESSBASIC_VERSION = '2021-05-26';
/** The signing service name of the partner-platform API (TC3 credential scope). */
export const ESSBASIC_SERVICE = 'essbasic';
/** The production API host (the test environment is `essbasic.test.ess.tencent.cn`). */
export const ESSBASIC_HOST = 'essbasic.tencentcloudapi.com';

/** The essbasic actions ess-kit supports (the partner scenarios of the integration guide). */
export const ESSBASIC_ACTIONS = [
  'UploadFiles',
  'ChannelCreateFlowByFiles',
  'DescribeTemplates',
  'CreateFlowsByTemplates',
  'CreateSignUrls',
  'ChannelCreateFlowSignUrl',
  'DescribeFlowDetailInfo',
  'DescribeResourceUrlsByFlows',
  'ChannelCancelFlow',
  'ChannelCreateMultiFlowSignQRCode',
  'ChannelCancelMultiFlowSignQRCode',
  'ChannelDescribeOrganizationSeals',
  'CreateConsoleLoginUrl',
  'SyncProxyOrganization',
  'SyncProxyOrganizationOperators',
] as const;
export type EssbasicActionName = (typeof ESSBASIC_ACTIONS)[number];

/** True when `name` is one of the supported essbasic actions. */
export function isEssbasicAction(name: string): name is EssbasicActionName {
  return (ESSBASIC_ACTIONS as readonly string[]).includes(name);
}
