// The elements from the npm ESM build and @ess-kit/shared's main entry, bundled by Vite. The test
// opens index.html?bff=<BFF url>&token=<browser token>&flow=<FlowId>.
import '@ess-kit/elements';
import { EssKit, type EssStatusBadge, type FlowSnapshot, type StatusChangeDetail } from '@ess-kit/elements';
import '@ess-kit/elements/status-badge';
import { flowStatusLabel, signTc3 } from '@ess-kit/shared';

const params = new URLSearchParams(location.search);
EssKit.configure({ bffUrl: params.get('bff') ?? '', token: params.get('token') ?? '' });

const badge = document.createElement('ess-status-badge') as EssStatusBadge;
badge.setAttribute('flow-id', params.get('flow') ?? '');
badge.addEventListener('ess-status-change', (event) => {
  const { status, flow } = (event as CustomEvent<StatusChangeDetail>).detail;
  const snapshot: FlowSnapshot | undefined = flow;
  document.body.dataset.lastStatus = `${status}:${snapshot?.flowId ?? ''}:${flowStatusLabel(status, 'en')}`;
});
document.body.append(badge);
// Web Crypto in the browser: the same TC3 signer the BFF uses.
const signed = await signTc3({
  secretId: 'AKIDexample',
  secretKey: 'example-secret-key',
  service: 'ess',
  host: 'ess.tencentcloudapi.com',
  timestamp: 1_700_000_000,
  body: '{}',
});
document.body.dataset.tc3 = signed.authorization.split(' ')[0];
document.body.dataset.ready = 'esm';
