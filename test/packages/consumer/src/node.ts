// A Node ESM consumer of the installed tarballs: every entry point of @ess-kit/shared, the BFF and the
// emulator as libraries. Type-checked with skipLibCheck: false, then compiled and run; it prints one
// JSON line the packaging test reads.
import { createBff, loadConfig } from '@ess-kit/bff';
import { startEmulator } from '@ess-kit/emulator';
import { DEV_DEFAULTS, type EssEvent, flowStatusLabel, signTc3 } from '@ess-kit/shared';
import { geometryOf } from '@ess-kit/shared/pdf-layout';
import { findKeywordPositions } from '@ess-kit/shared/pdf-text';
import { validateQrRequest } from '@ess-kit/shared/rules';
import { isTerminalFlowStatus } from '@ess-kit/shared/status';
import type { FlowSnapshot } from '@ess-kit/shared/wire';

const emulator = await startEmulator({ port: 0 });
const config = loadConfig({
  ESS_ENDPOINT: emulator.url,
  ESS_FILE_ENDPOINT: emulator.url,
  STORE_URL: ':memory:',
});
const bff = await createBff(config);
try {
  const health = await bff.app.fetch(new Request('http://bff.test/healthz'));
  const seals = await bff.app.fetch(
    new Request('http://bff.test/v1/seals', {
      headers: { authorization: `Bearer ${DEV_DEFAULTS.partnerApiKey}` },
    }),
  );
  const signed = await signTc3({
    secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    service: 'ess',
    host: 'ess.tencentcloudapi.com',
    timestamp: 1_700_000_000,
    body: '{}',
  });
  const event: Pick<EssEvent, 'family'> = { family: 'flow' };
  const snapshot: Pick<FlowSnapshot, 'flowStatus'> = { flowStatus: 4 };
  const qr = validateQrRequest({ TemplateId: 'yDx', FlowName: '', MaxFlowNum: 1 });
  const positions = await findKeywordPositions(new Uint8Array([1, 2, 3]), ['甲方']).catch(
    (err: Error) => err.name,
  );
  console.log(
    JSON.stringify({
      health: health.status,
      seals: seals.status,
      authorization: signed.authorization.startsWith(
        'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/',
      ),
      label: flowStatusLabel(snapshot.flowStatus, 'en'),
      terminal: isTerminalFlowStatus(snapshot.flowStatus),
      family: event.family,
      qrViolations: qr.length,
      pdfText: positions,
      pageRotate: geometryOf({ view: [0, 0, 595, 842], rotate: 90 }).rotate,
    }),
  );
} finally {
  await bff.close();
  await emulator.close();
}
