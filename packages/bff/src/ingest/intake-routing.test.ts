// Intake, field by field, on the real stores: which organization an event is filed under, which
// owners it teaches, which deliveries count as the same one, and the exact flow payload browsers get.
import type { EssEvent } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.js';
import { essEvent, fresh, isoOf, logged, T0 } from '../../test/support/intake-fixtures.js';
import type { FlowRecord, Store } from '../store/types.js';
import { ingestEvent, resolveOrganization } from './intake.js';

const NOW_MS = 1_700_000_123_456;
const now = () => NOW_MS;

const all = backends('intake-routing');
afterAll(async () => {
  for (const backend of all) await backend.cleanup();
});

for (const backend of all) {
  describe(`intake routing and payload (${backend.name})`, () => {
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

    it('resolves the organization: payload, then flow, seal, template and QR owner, then the target', async (ctx) => {
      const store = storeOr(ctx);
      const ids = { flowId: fresh('F'), sealId: fresh('S'), templateId: fresh('T'), qrCodeId: fresh('Q') };
      await store.putOwner('flow', ids.flowId, 'yDorgFlow');
      await store.putOwner('seal', ids.sealId, 'yDorgSeal');
      await store.putOwner('template', ids.templateId, 'yDorgTemplate');
      await store.putOwner('qr', ids.qrCodeId, 'yDorgQr');
      const resolve = (over: Partial<EssEvent>, target: string | null = 'yDorgTarget') =>
        resolveOrganization(store, essEvent(over), target);
      expect(await resolve({ ...ids, organizationId: 'yDorgPayload' })).toBe('yDorgPayload');
      expect(await resolve(ids)).toBe('yDorgFlow');
      const { flowId: _f, ...noFlow } = ids;
      expect(await resolve(noFlow)).toBe('yDorgSeal');
      const { sealId: _s, ...noSeal } = noFlow;
      expect(await resolve(noSeal)).toBe('yDorgTemplate');
      const { templateId: _t, ...qrOnly } = noSeal;
      expect(await resolve(qrOnly)).toBe('yDorgQr');
      expect(await resolve({})).toBe('yDorgTarget');
      expect(await resolve({}, null)).toBeNull();
      // An id nobody owns does not stop the search: the next kind still counts.
      expect(await resolve({ ...ids, flowId: fresh('Funowned') })).toBe('yDorgSeal');
      expect(
        await resolve({
          flowId: fresh('F'),
          sealId: fresh('S'),
          templateId: fresh('T'),
          qrCodeId: fresh('Q'),
        }),
      ).toBe('yDorgTarget');
      // Each kind is looked up as its own kind: the QR's id as a flow id finds nothing.
      expect(await resolve({ flowId: ids.qrCodeId })).toBe('yDorgTarget');
    });

    it('files an event under the target organization, or none, when nothing else names one', async (ctx) => {
      const store = storeOr(ctx);
      const [withTarget] = logged(
        await ingestEvent(store, essEvent({ family: 'seal', msgType: 'OperateSeal' }), {
          targetOrganizationId: 'yDorgTarget',
        }),
      );
      expect(withTarget?.organizationId).toBe('yDorgTarget');
      const [without] = logged(
        await ingestEvent(store, essEvent({ family: 'seal', msgType: 'OperateSeal' })),
      );
      expect(without?.organizationId).toBeNull();
    });

    it('learns owners: a flow from any organization found, seals and templates only from the payload', async (ctx) => {
      const store = storeOr(ctx);
      // Payload organization: flow, seal and (template family only) template owners are learned.
      const named = { flowId: fresh('F'), sealId: fresh('S'), templateId: fresh('T') };
      await ingestEvent(
        store,
        essEvent({ ...named, family: 'template', msgType: 'TemplateUpdate', organizationId: 'yDorgA' }),
      );
      expect(await store.getOwner('flow', named.flowId)).toBe('yDorgA');
      expect(await store.getOwner('seal', named.sealId)).toBe('yDorgA');
      expect(await store.getOwner('template', named.templateId)).toBe('yDorgA');

      // A template id on another family's event does not make its organization the template's owner.
      const onFlow = { flowId: fresh('F'), templateId: fresh('T') };
      await ingestEvent(store, essEvent({ ...onFlow, flowStatus: 1, organizationId: 'yDorgB' }));
      expect(await store.getOwner('template', onFlow.templateId)).toBeNull();
      expect(await store.getOwner('flow', onFlow.flowId)).toBe('yDorgB');

      // Only the target's organization: the flow is learned, seal and template are not.
      const targeted = { flowId: fresh('F'), sealId: fresh('S'), templateId: fresh('T') };
      await ingestEvent(store, essEvent({ ...targeted, family: 'template', msgType: 'TemplateAdd' }), {
        targetOrganizationId: 'yDorgTarget',
      });
      expect(await store.getOwner('flow', targeted.flowId)).toBe('yDorgTarget');
      expect(await store.getOwner('seal', targeted.sealId)).toBeNull();
      expect(await store.getOwner('template', targeted.templateId)).toBeNull();

      // No organization at all: nothing is learned.
      const orphan = { flowId: fresh('F'), sealId: fresh('S') };
      await ingestEvent(store, essEvent({ ...orphan, flowStatus: 1 }));
      expect(await store.getOwner('flow', orphan.flowId)).toBeNull();
      expect(await store.getOwner('seal', orphan.sealId)).toBeNull();

      // A seal event with the payload's organization and no flow: the seal only.
      const sealOnly = fresh('S');
      await ingestEvent(
        store,
        essEvent({ sealId: sealOnly, family: 'seal', msgType: 'OperateSeal', organizationId: 'yDorgC' }),
      );
      expect(await store.getOwner('seal', sealOnly)).toBe('yDorgC');
    });

    it('dedupes by the delivery key unless told not to; dedupe:false leaves no key behind', async (ctx) => {
      const store = storeOr(ctx);
      const once = essEvent({ family: 'seal', msgType: 'OperateSeal' });
      expect((await ingestEvent(store, once)).duplicate).toBe(false);
      expect((await ingestEvent(store, { ...once, msgId: fresh('msg') })).duplicate).toBe(true);
      // Another delivery key is another delivery.
      expect((await ingestEvent(store, { ...once, dedupeKey: fresh('key') })).duplicate).toBe(false);

      // Reconciliation's results carry no key: recorded each time, and later deliveries are not blocked.
      const timed = essEvent({
        flowId: fresh('F'),
        flowStatus: 1,
        operate: 'start',
        occurredAt: T0 + 1,
        data: { OccurTime: T0 + 1 },
      });
      expect((await ingestEvent(store, timed, { dedupe: false })).duplicate).toBe(false);
      expect((await ingestEvent(store, timed, { dedupe: false })).duplicate).toBe(false);
      expect((await ingestEvent(store, timed)).duplicate).toBe(false);
      expect((await ingestEvent(store, timed)).duplicate).toBe(true);
      // The same content under another delivery key: the content key catches it.
      expect((await ingestEvent(store, { ...timed, dedupeKey: fresh('key') })).duplicate).toBe(true);
    });

    it('treats a resend as the same delivery only when ESS stated a positive time, an operation and a flow', async (ctx) => {
      const store = storeOr(ctx);
      /** Records `first`, then the same content under a new MsgId; true when the second is a duplicate. */
      const resendIsDuplicate = async (first: EssEvent, second: Partial<EssEvent> = {}) => {
        expect((await ingestEvent(store, first)).duplicate).toBe(false);
        return (await ingestEvent(store, { ...first, dedupeKey: fresh('key'), ...second })).duplicate;
      };
      const flowEvent = (data: Record<string, unknown>, over: Partial<EssEvent> = {}) =>
        essEvent({
          flowId: fresh('F'),
          flowStatus: 1,
          operate: 'sign',
          recipientId: 'yDsigner',
          data,
          ...over,
        });

      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }))).toBe(true);
      expect(await resendIsDuplicate(flowEvent({ UpdatedOn: T0 + 7 }))).toBe(true);
      // OccurTime comes first: the same OccurTime with another UpdatedOn is the same delivery.
      const both = flowEvent({ OccurTime: T0 + 7, UpdatedOn: T0 + 8 });
      expect(await resendIsDuplicate(both, { data: { OccurTime: T0 + 7, UpdatedOn: T0 + 9 } })).toBe(true);
      // And a different OccurTime with the same UpdatedOn is another change.
      const same = flowEvent({ OccurTime: T0 + 7, UpdatedOn: T0 + 8 });
      expect(await resendIsDuplicate(same, { data: { OccurTime: T0 + 6, UpdatedOn: T0 + 8 } })).toBe(false);

      expect(await resendIsDuplicate(flowEvent({}))).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: 0 }))).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: -5 }))).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: String(T0 + 7) }))).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }, { operate: undefined }))).toBe(false);
      expect(
        await resendIsDuplicate(
          essEvent({
            family: 'seal',
            msgType: 'OperateSeal',
            operate: 'Create',
            data: { OccurTime: T0 + 7 },
          }),
        ),
      ).toBe(false);
      // Without a recipient or a status the rest still decides.
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }, { recipientId: undefined }))).toBe(
        true,
      );
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }, { flowStatus: undefined }))).toBe(true);
      // Each part of the key tells changes apart.
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }), { recipientId: 'yDother' })).toBe(
        false,
      );
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }), { flowStatus: 2 })).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }), { operate: 'refuse' })).toBe(false);
      expect(await resendIsDuplicate(flowEvent({ OccurTime: T0 + 7 }), { flowId: fresh('F') })).toBe(false);
      // The recipient slot and the status slot are not interchangeable.
      const slotted = flowEvent({ OccurTime: T0 + 7 }, { recipientId: '2', flowStatus: undefined });
      expect(await resendIsDuplicate(slotted, { recipientId: undefined, flowStatus: 2 })).toBe(false);
    });

    it('gives browsers the flow change exactly, and stores the record it describes', async (ctx) => {
      const store = storeOr(ctx);
      const flowId = fresh('F');
      const event = essEvent({
        flowId,
        flowStatus: 1,
        operate: 'start',
        occurredAt: T0 + 5,
        organizationId: 'yDorgA',
        data: { FlowName: 'Lease' },
      });
      const events = logged(await ingestEvent(store, event, { now }));
      expect(events).toHaveLength(1);
      const [entry] = events;
      expect(entry).toMatchObject({
        kind: 'flow',
        organizationId: 'yDorgA',
        flowId,
        family: 'flow',
        msgType: 'FlowStatusChange',
      });
      expect(entry?.ess).toEqual(event);
      const snapshot = {
        flowId,
        flowStatus: 1,
        flowName: 'Lease',
        flowMessage: null,
        deadline: 0,
        createdOn: 0,
        unordered: false,
        updatedAt: new Date(NOW_MS).toISOString(),
        eventId: entry?.id,
        approvers: [],
      };
      expect(entry?.data).toEqual({
        v: 1,
        type: 'flow',
        flowId,
        flowStatus: 1,
        operate: 'start',
        occurredAt: isoOf(T0 + 5),
        flow: snapshot,
      });
      expect(await store.getFlow(flowId)).toEqual({
        snapshot,
        organizationId: 'yDorgA',
        occurredAt: T0 + 5,
        touchedAt: NOW_MS,
      } satisfies FlowRecord);

      // No operation stated: operate is null, not missing.
      const [next] = logged(
        await ingestEvent(store, essEvent({ flowId, flowStatus: 2, occurredAt: T0 + 6 }), { now }),
      );
      expect(next?.data).toMatchObject({ type: 'flow', flowStatus: 2, operate: null });
      expect(next?.data && 'operate' in next.data).toBe(true);
    });

    it('logs a change that does not apply without a payload and leaves the record alone', async (ctx) => {
      const store = storeOr(ctx);
      const flowId = fresh('F');
      await ingestEvent(store, essEvent({ flowId, flowStatus: 4, occurredAt: T0 + 50 }), { now });
      const before = await store.getFlow(flowId);
      const [stale] = logged(
        await ingestEvent(store, essEvent({ flowId, flowStatus: 1, occurredAt: T0 + 60 }), {
          now: () => NOW_MS + 99_000,
        }),
      );
      expect(stale).toMatchObject({ kind: 'flow', flowId, data: null });
      expect(await store.getFlow(flowId)).toEqual(before);
      // The same status, older than the record: not applied either.
      const [older] = logged(
        await ingestEvent(store, essEvent({ flowId, flowStatus: 4, occurredAt: T0 + 10 }), {
          now: () => NOW_MS + 99_000,
        }),
      );
      expect(older?.data).toBeNull();
      expect(await store.getFlow(flowId)).toEqual(before);
    });

    it('keeps the newest time seen, the known owner, and the status when an event states none', async (ctx) => {
      const store = storeOr(ctx);
      const flowId = fresh('F');
      await ingestEvent(store, essEvent({ flowId, flowStatus: 1, occurredAt: T0 + 200 }), { now });
      // Status 2 moves forward even though its time is older: the record keeps the newer time.
      logged(await ingestEvent(store, essEvent({ flowId, flowStatus: 2, occurredAt: T0 + 100 }), { now }));
      expect(await store.getFlow(flowId)).toMatchObject({
        occurredAt: T0 + 200,
        snapshot: { flowStatus: 2 },
      });
      logged(await ingestEvent(store, essEvent({ flowId, flowStatus: 2, occurredAt: T0 + 300 }), { now }));
      expect((await store.getFlow(flowId))?.occurredAt).toBe(T0 + 300);

      // An event without a status on a known flow: applied with the status the flow has.
      const [noStatus] = logged(
        await ingestEvent(store, essEvent({ flowId, occurredAt: T0 + 400, data: { FlowName: 'Renamed' } }), {
          now,
        }),
      );
      expect(noStatus?.kind).toBe('flow');
      expect(noStatus?.data).toMatchObject({ flowStatus: 2, flow: { flowName: 'Renamed', flowStatus: 2 } });

      // An event without a status on an unknown flow cannot start a snapshot: logged for partners only.
      const unknown = fresh('F');
      const [partnerOnly] = logged(await ingestEvent(store, essEvent({ flowId: unknown })));
      expect(partnerOnly).toMatchObject({ kind: 'ess', flowId: unknown, data: null });
      expect(await store.getFlow(unknown)).toBeNull();

      // A record whose owner is known only to the record (read from ESS): a change that names no
      // organization keeps it.
      const owned = fresh('F');
      await store.putFlow({
        snapshot: {
          flowId: owned,
          flowStatus: 1,
          flowName: 'x',
          flowMessage: null,
          deadline: 0,
          createdOn: 0,
          unordered: false,
          updatedAt: new Date(0).toISOString(),
          eventId: null,
          approvers: [],
        },
        organizationId: 'yDorgKept',
        occurredAt: 0,
        touchedAt: 0,
      });
      const [kept] = logged(await ingestEvent(store, essEvent({ flowId: owned, flowStatus: 2 }), { now }));
      expect(kept?.organizationId).toBeNull();
      expect((await store.getFlow(owned))?.organizationId).toBe('yDorgKept');
      // …and one that names it replaces it.
      await ingestEvent(store, essEvent({ flowId: owned, flowStatus: 4, organizationId: 'yDorgNew' }), {
        now,
      });
      expect((await store.getFlow(owned))?.organizationId).toBe('yDorgNew');
    });

    it('files what is not a flow status change as a partner-only entry', async (ctx) => {
      const store = storeOr(ctx);
      // A charge about a flow: not a change of the flow.
      const charged = fresh('F');
      const [cost] = logged(
        await ingestEvent(store, essEvent({ flowId: charged, flowStatus: 1, msgType: 'FlowCost' })),
      );
      expect(cost).toMatchObject({
        kind: 'ess',
        flowId: charged,
        family: 'flow',
        msgType: 'FlowCost',
        data: null,
      });
      expect(await store.getFlow(charged)).toBeNull();
      // Another family naming a flow.
      const sealed = fresh('F');
      const [seal] = logged(
        await ingestEvent(
          store,
          essEvent({ flowId: sealed, flowStatus: 1, family: 'seal', msgType: 'OperateSeal' }),
        ),
      );
      expect(seal).toMatchObject({ kind: 'ess', flowId: sealed, family: 'seal', data: null });
      expect(await store.getFlow(sealed)).toBeNull();
      // A flow message without a flow id.
      const [anonymous] = logged(await ingestEvent(store, essEvent({ flowStatus: 1 })));
      expect(anonymous).toMatchObject({ kind: 'ess', flowId: null, data: null });
      // A partner-only entry keeps the whole message for partners.
      const event = essEvent({ family: 'staff', msgType: 'StaffJoin', data: { UserId: 'u1' } });
      const [staff] = logged(await ingestEvent(store, event));
      expect(staff?.ess).toEqual(event);
      expect(staff?.flowId).toBeNull();
    });
  });
}
