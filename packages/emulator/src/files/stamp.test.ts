// The signed PDF's marks sit where the ESS coordinates put them, on every kind of page (A4, Letter,
// landscape, /Rotate 90, CropBox and MediaBox offsets): a flow is created, signed and downloaded over
// HTTP, and the marks are read back from the file with pdf.js and compared within 1 pt with where
// pdf.js's own viewport says the boxes are.
import { loadPdfjs } from '@ess-kit/shared/pdf-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GEOMETRY_PAGES, geometryFixture } from '../../../shared/test/pdf-fixtures.js';
import { control, type Emulator, officialClient, startTestEmulator } from '../../test/helpers.js';
import { nearestBox, type PathBox, pathBoxes } from '../../test/stamps.js';

let emulator: Emulator;
let source: Uint8Array;
let signed: Uint8Array;

/** The person's signature box on every page, in ESS coordinates (top-left of the displayed page). */
const SIGNATURE = { ComponentPosX: 30, ComponentPosY: 40, ComponentWidth: 120, ComponentHeight: 40 };

beforeAll(async () => {
  emulator = await startTestEmulator();
  const client = officialClient(emulator.url);
  const seed = emulator.handle.seed();
  source = await geometryFixture();
  const upload = (await client.request('UploadFiles', {
    BusinessType: 'DOCUMENT',
    Caller: { OperatorId: seed.operator.UserId },
    FileInfos: [{ FileBody: Buffer.from(source).toString('base64'), FileName: 'geometry.pdf' }],
  })) as { FileIds: string[] };
  const pages = GEOMETRY_PAGES.map((spec, index) => ({ page: index + 1, spec }));
  const created = (await client.request('CreateFlowByFiles', {
    Operator: { UserId: seed.operator.UserId },
    FlowName: '坐标测试',
    FileIds: upload.FileIds,
    Approvers: [
      {
        ApproverType: 0,
        OrganizationName: '某某供应商有限公司',
        ApproverName: '王小二',
        ApproverMobile: '13900000001',
        SignComponents: pages.map(({ page, spec }) => ({
          ComponentType: 'SIGN_SEAL',
          FileIndex: 0,
          ComponentPage: page,
          ...spec.expected,
        })),
      },
      {
        ApproverType: 1,
        ApproverName: '李小四',
        ApproverMobile: '13900000002',
        SignComponents: pages.map(({ page }) => ({
          ComponentType: 'SIGN_SIGNATURE',
          FileIndex: 0,
          ComponentPage: page,
          ...SIGNATURE,
        })),
      },
    ],
  })) as { FlowId: string; Approvers: Array<{ RecipientId: string }> };
  for (const approver of created.Approvers) {
    const result = await control(
      emulator.url,
      `/flows/${created.FlowId}/approvers/${approver.RecipientId}/sign`,
      {},
    );
    expect(result.status, JSON.stringify(result.json)).toBe(200);
  }
  const urls = (await client.request('DescribeFileUrls', {
    Operator: { UserId: seed.operator.UserId },
    BusinessType: 'FLOW',
    BusinessIds: [created.FlowId],
  })) as { FileUrls: Array<{ Url: string }> };
  const download = await fetch(urls.FileUrls[0].Url, { signal: AbortSignal.timeout(10_000) });
  expect(download.status).toBe(200);
  signed = new Uint8Array(await download.arrayBuffer());
});

afterAll(async () => {
  await emulator?.close();
});

/** Where pdf.js's viewport puts displayed points (top-left origin) in user space, as a box. */
async function userBox(page: number, points: Array<[number, number]>): Promise<PathBox> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({ data: source.slice(), verbosity: 0 });
  try {
    const viewport = (await (await task.promise).getPage(page)).getViewport({ scale: 1 });
    const user = points.map(([u, v]) => viewport.convertToPdfPoint(u, v) as number[]);
    const xs = user.map((p) => p[0]);
    const ys = user.map((p) => p[1]);
    return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
  } finally {
    await task.destroy();
  }
}

describe('the emulator stamps the signed PDF where the ESS coordinates say', () => {
  it.each(GEOMETRY_PAGES.map((spec, index) => [spec.label, spec, index + 1] as const))(
    '%s',
    async (_label, spec, page) => {
      const boxes = (await pathBoxes(signed))[page - 1];
      // The seal is a ring of radius min(w, h)/2 − 2 centred in its box.
      const { ComponentPosX: x, ComponentPosY: y, ComponentWidth: w, ComponentHeight: h } = spec.expected;
      const centre = await userBox(page, [[x + w / 2, y + h / 2]]);
      const radius = Math.min(w, h) / 2 - 2;
      const seal = nearestBox(boxes, {
        minX: centre.minX - radius,
        minY: centre.minY - radius,
        maxX: centre.maxX + radius,
        maxY: centre.maxY + radius,
      });
      expect(seal.distance, JSON.stringify(seal.box)).toBeLessThanOrEqual(1);
      // The signature is underlined across its box's full width, a quarter of its height up from the bottom.
      const s = SIGNATURE;
      const lineY = s.ComponentPosY + s.ComponentHeight * 0.75;
      const line = await userBox(page, [
        [s.ComponentPosX, lineY],
        [s.ComponentPosX + s.ComponentWidth, lineY],
      ]);
      const underline = nearestBox(boxes, line);
      expect(underline.distance, JSON.stringify(underline.box)).toBeLessThanOrEqual(1);
    },
  );

  it('finds the marks only in the signed copy: the upload has no path at the seal box', async () => {
    const {
      ComponentPosX: x,
      ComponentPosY: y,
      ComponentWidth: w,
      ComponentHeight: h,
    } = GEOMETRY_PAGES[0].expected;
    const centre = await userBox(1, [[x + w / 2, y + h / 2]]);
    const radius = Math.min(w, h) / 2 - 2;
    const want = {
      minX: centre.minX - radius,
      minY: centre.minY - radius,
      maxX: centre.maxX + radius,
      maxY: centre.maxY + radius,
    };
    expect(nearestBox((await pathBoxes(source))[0], want).distance).toBeGreaterThan(1);
  });
});
