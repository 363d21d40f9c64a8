// QR codes through intake, on the real stores: a flow created from a code is linked by the BFF's
// UserData, a failed scan records why, the state follows count and expiry, and a change the BFF
// makes itself is announced once per state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.js';
import { essEvent, fresh, isoOf, logged, qrRecord, T0 } from '../../test/support/intake-fixtures.js';
import { qrSnapshot } from '../store/records.js';
import type { QrRecord, Store } from '../store/types.js';
import { announceQrCode, ingestEvent, qrEventData } from './intake.js';
import { qrUserData } from './user-data.js';

const NOW_MS = 1_700_000_500_000;
const now = () => NOW_MS;
const NOW_ISO = new Date(NOW_MS).toISOString();

describe('qrEventData', () => {
  it('is the browser payload of a QR change, at the time given', () => {
    const record = qrRecord({ flowIds: ['yDf1'], organizationId: 'yDorg', link: 'yDsecret' });
    expect(qrEventData(record, T0 + 3)).toEqual({
      v: 1,
      type: 'qr',
      qrCodeId: record.qrCodeId,
      state: 'active',
      occurredAt: isoOf(T0 + 3),
      qrCode: qrSnapshot(record),
    });
  });
});

const all = backends('intake-qr');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

for (const backend of all) {
  describe(`QR codes through intake (${backend.name})`, () => {
    let opened: Store | null = null;
    beforeAll(async () => {
      opened = await backend.open();
    });
    afterAll(async () => {
      await opened?.close();
    });
    const storeOr = (ctx: { skip: () => void }): Store => {
      if (!opened) ctx.skip();
      return opened as Store;
    };
    const stored = async (store: Store, over: Partial<QrRecord> = {}) => {
      const record = qrRecord(over);
      await store.putQrCode(record);
      return record;
    };

    it('links a flow created from a QR code, counts it and announces the code', async (ctx) => {
      const store = storeOr(ctx);
      const qr = await stored(store, { maxFlowNum: 2, organizationId: 'yDorgA' });
      const flowId = fresh('F');
      const event = essEvent({
        flowId,
        flowStatus: 1,
        organizationId: 'yDorgA',
        occurredAt: T0 + 9,
        userData: qrUserData(qr.link as string, 'partner-data'),
      });
      const events = logged(await ingestEvent(store, event, { now }));
      expect(events.map((e) => e.kind)).toEqual(['flow', 'qr']);
      const expected: QrRecord = { ...qr, flowIds: [flowId], flowCount: 1, updatedAt: NOW_ISO };
      expect(events[1]).toMatchObject({
        kind: 'qr',
        organizationId: 'yDorgA',
        flowId,
        qrCodeId: qr.qrCodeId,
        family: 'flow',
        msgType: 'FlowStatusChange',
        data: {
          v: 1,
          type: 'qr',
          qrCodeId: qr.qrCodeId,
          state: 'active',
          occurredAt: isoOf(T0 + 9),
          qrCode: qrSnapshot(expected),
        },
      });
      expect(events[1]?.ess ?? null).toBeNull();
      expect(await store.getQrCode(qr.qrCodeId)).toEqual(expected);

      // The second flow uses the code up.
      const second = fresh('F');
      const [, exhausted] = logged(
        await ingestEvent(
          store,
          essEvent({ flowId: second, flowStatus: 1, userData: qrUserData(qr.link as string) }),
          { now },
        ),
      );
      expect(exhausted?.data).toMatchObject({
        state: 'exhausted',
        qrCode: { flowIds: [flowId, second], flowCount: 2 },
      });
      expect(await store.getQrCode(qr.qrCodeId)).toMatchObject({ state: 'exhausted', flowCount: 2 });

      // A later change of a linked flow: the code does not change, so nothing about it is logged or written.
      const later = logged(
        await ingestEvent(
          store,
          essEvent({ flowId, flowStatus: 2, userData: qrUserData(qr.link as string) }),
          { now: () => NOW_MS + 5000 },
        ),
      );
      expect(later.map((e) => e.kind)).toEqual(['flow']);
      expect((await store.getQrCode(qr.qrCodeId))?.updatedAt).toBe(NOW_ISO);
    });

    it("files a flow made from a member's QR code, and the code's entry, under the code's organization", async (ctx) => {
      const store = storeOr(ctx);
      const qr = await stored(store, { organizationId: 'yDmember' });
      const flowId = fresh('F');
      // The callback names no organization and the target is the group's main one.
      const events = logged(
        await ingestEvent(
          store,
          essEvent({ flowId, flowStatus: 1, userData: qrUserData(qr.link as string) }),
          {
            now,
            targetOrganizationId: 'yDmain',
          },
        ),
      );
      expect(events.map((e) => [e.kind, e.organizationId])).toEqual([
        ['flow', 'yDmember'],
        ['qr', 'yDmember'],
      ]);
      expect(await store.getOwner('flow', flowId)).toBe('yDmember');
      // A code without an organization leaves the target's in place.
      const plain = await stored(store);
      const other = fresh('F');
      const later = logged(
        await ingestEvent(
          store,
          essEvent({ flowId: other, flowStatus: 1, userData: qrUserData(plain.link as string) }),
          {
            now,
            targetOrganizationId: 'yDmain',
          },
        ),
      );
      expect(later.map((e) => e.organizationId)).toEqual(['yDmain', 'yDmain']);
    });

    it('links only by the BFF UserData of a flow event', async (ctx) => {
      const store = storeOr(ctx);
      const qr = await stored(store);
      const untouched = async () => expect(await store.getQrCode(qr.qrCodeId)).toEqual(qr);
      // Someone else's UserData, or none.
      const foreign = Buffer.from(JSON.stringify({ qr: qr.link })).toString('base64');
      for (const userData of [foreign, undefined, qrUserData('yDunknownLink')]) {
        const events = logged(
          await ingestEvent(store, essEvent({ flowId: fresh('F'), flowStatus: 1, userData }), { now }),
        );
        expect(events.map((e) => e.kind)).toEqual(['flow']);
      }
      await untouched();
      // The code's id on a flow event is no link.
      logged(
        await ingestEvent(store, essEvent({ flowId: fresh('F'), flowStatus: 1, qrCodeId: qr.qrCodeId }), {
          now,
        }),
      );
      await untouched();
      // No flow: nothing to link (and the code is not looked at, even when it has expired meanwhile).
      const expiring = await stored(store, { expiredTime: T0 });
      const noFlow = logged(
        await ingestEvent(store, essEvent({ flowStatus: 1, userData: qrUserData(expiring.link as string) }), {
          now,
        }),
      );
      expect(noFlow.map((e) => e.kind)).toEqual(['ess']);
      expect(await store.getQrCode(expiring.qrCodeId)).toEqual(expiring);
      // A charge (fee family) naming a flow with the link: neither a flow change nor a link.
      const charged = fresh('F');
      const cost = logged(
        await ingestEvent(
          store,
          essEvent({
            flowId: charged,
            msgType: 'FlowCost',
            family: 'fee',
            userData: qrUserData(qr.link as string),
          }),
          { now },
        ),
      );
      expect(cost.map((e) => e.kind)).toEqual(['ess']);
      await untouched();
    });

    it('announces a linked code whose expiry has passed even when the flow was already counted', async (ctx) => {
      const store = storeOr(ctx);
      const flowId = fresh('F');
      const qr = await stored(store, {
        flowIds: [flowId],
        flowCount: 1,
        expiredTime: Math.floor(NOW_MS / 1000),
      });
      const events = logged(
        await ingestEvent(
          store,
          essEvent({ flowId, flowStatus: 2, userData: qrUserData(qr.link as string) }),
          { now },
        ),
      );
      expect(events.map((e) => e.kind)).toEqual(['flow', 'qr']);
      expect(events[1]?.data).toMatchObject({
        state: 'expired',
        qrCode: { flowIds: [flowId], flowCount: 1 },
      });
      expect(await store.getQrCode(qr.qrCodeId)).toMatchObject({ state: 'expired', updatedAt: NOW_ISO });
      // One second before its expiry the code is still active: nothing to announce.
      const flow2 = fresh('F');
      const fresher = await stored(store, {
        flowIds: [flow2],
        flowCount: 1,
        expiredTime: Math.floor(NOW_MS / 1000) + 1,
      });
      const quiet = logged(
        await ingestEvent(
          store,
          essEvent({ flowId: flow2, flowStatus: 2, userData: qrUserData(fresher.link as string) }),
          {
            now,
          },
        ),
      );
      expect(quiet.map((e) => e.kind)).toEqual(['flow']);
    });

    it('records why a scan failed: ErrorCode, Code or the message type; ErrorMessage, Message, Reason or a default', async (ctx) => {
      const store = storeOr(ctx);
      const failure = async (data: Record<string, unknown>) => {
        const qr = await stored(store, { organizationId: 'yDorgQ' });
        const event = essEvent({
          family: 'qr',
          msgType: 'CreateFlowByQrCode',
          qrCodeId: qr.qrCodeId,
          occurredAt: T0 + 30,
          data,
        });
        const events = logged(await ingestEvent(store, event, { now }));
        expect(events.map((e) => e.kind)).toEqual(['ess', 'qr']);
        expect(events[0]?.ess).toEqual(event);
        expect(events[1]).toMatchObject({
          qrCodeId: qr.qrCodeId,
          family: 'qr',
          msgType: 'CreateFlowByQrCode',
        });
        const record = await store.getQrCode(qr.qrCodeId);
        expect(record?.flowIds).toEqual([]);
        expect(events[1]?.data).toEqual(qrEventData(record as QrRecord, T0 + 30));
        return record?.failure;
      };
      const at = isoOf(T0 + 30);
      expect(
        await failure({ ErrorCode: 'E1', Code: 'C1', ErrorMessage: 'em', Message: 'm', Reason: 'r' }),
      ).toEqual({ code: 'E1', message: 'em', at });
      expect(await failure({ Code: 42, Message: 'm', Reason: 'r' })).toEqual({
        code: '42',
        message: 'm',
        at,
      });
      expect(await failure({ Reason: 'r' })).toEqual({ code: 'CreateFlowByQrCode', message: 'r', at });
      expect(await failure({})).toEqual({
        code: 'CreateFlowByQrCode',
        message: 'flow creation from the QR code failed',
        at,
      });
      // The QR owner files it when the message names no organization.
      const qr = await stored(store);
      await store.putOwner('qr', qr.qrCodeId, 'yDorgOwner');
      const [entry] = logged(
        await ingestEvent(
          store,
          essEvent({ family: 'qr', msgType: 'CreateFlowByQrCode', qrCodeId: qr.qrCodeId }),
          { now },
        ),
      );
      expect(entry?.organizationId).toBe('yDorgOwner');
    });

    it('records a failure only on the code it names, and logs one for an unknown code without crashing', async (ctx) => {
      const store = storeOr(ctx);
      const qr = await stored(store);
      const unknown = logged(
        await ingestEvent(
          store,
          essEvent({ family: 'qr', msgType: 'CreateFlowByQrCode', qrCodeId: fresh('Q') }),
          { now },
        ),
      );
      expect(unknown.map((e) => e.kind)).toEqual(['ess']);
      // A qr-family message about a flow created from the code (linked by UserData): the failure
      // goes to the code named, and a flow is not counted for a qr message.
      const other = await stored(store);
      const events = logged(
        await ingestEvent(
          store,
          essEvent({
            family: 'qr',
            msgType: 'CreateFlowByQrCode',
            qrCodeId: other.qrCodeId,
            flowId: fresh('F'),
            userData: qrUserData(qr.link as string),
          }),
          { now },
        ),
      );
      expect(events.map((e) => [e.kind, e.qrCodeId ?? null])).toEqual([
        ['ess', null],
        ['qr', other.qrCodeId],
      ]);
      expect(await store.getQrCode(qr.qrCodeId)).toEqual(qr);
      expect((await store.getQrCode(other.qrCodeId))?.flowIds).toEqual([]);

      // Linked and named at once: one record, one entry.
      const same = await stored(store);
      const once = logged(
        await ingestEvent(
          store,
          essEvent({
            family: 'qr',
            msgType: 'CreateFlowByQrCode',
            qrCodeId: same.qrCodeId,
            flowId: fresh('F'),
            userData: qrUserData(same.link as string),
          }),
          { now },
        ),
      );
      expect(once.map((e) => e.kind)).toEqual(['ess', 'qr']);

      // A flow callback that also names its linked code's id is a count, never a failed scan.
      const scanned = await stored(store);
      const flowId = fresh('F');
      await ingestEvent(
        store,
        essEvent({
          flowId,
          flowStatus: 1,
          qrCodeId: scanned.qrCodeId,
          userData: qrUserData(scanned.link as string),
        }),
        { now },
      );
      expect(await store.getQrCode(scanned.qrCodeId)).toMatchObject({ flowIds: [flowId], failure: null });
    });

    it('announces a change the BFF made once per state, as QrCode<State>, at the second given', async (ctx) => {
      const store = storeOr(ctx);
      const record = qrRecord({ organizationId: 'yDorgA', state: 'cancelled', updatedAt: NOW_ISO });
      const head = await store.head();
      await announceQrCode(store, record, NOW_MS + 999);
      await announceQrCode(store, record, NOW_MS + 5000); // the same state again: nothing
      const expired: QrRecord = { ...record, state: 'expired' };
      await announceQrCode(store, expired, NOW_MS + 7000);
      const entries = (await store.readEvents(head, 100)).events.filter(
        (e) => e.qrCodeId === record.qrCodeId,
      );
      expect(entries.map((e) => e.msgType)).toEqual(['QrCodeCancelled', 'QrCodeExpired']);
      expect(entries[0]).toMatchObject({ kind: 'qr', family: 'qr', organizationId: 'yDorgA' });
      expect(entries[0]?.data).toEqual(qrEventData(record, Math.floor(NOW_MS / 1000)));
      expect(entries[1]?.data).toEqual(qrEventData(expired, Math.floor(NOW_MS / 1000) + 7));
      expect(await store.getQrCode(record.qrCodeId)).toEqual(expired);
      // The default time is the wall clock.
      const active = qrRecord({ state: 'active' });
      const before = Math.floor(Date.now() / 1000);
      await announceQrCode(store, active);
      const [announced] = (await store.readEvents(head, 100)).events.filter(
        (e) => e.qrCodeId === active.qrCodeId,
      );
      expect(announced?.msgType).toBe('QrCodeActive');
      const at =
        Date.parse((announced?.data as { occurredAt?: string } | undefined)?.occurredAt ?? '') / 1000;
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    });
  });
}
