/**
 * Reconciliation: ESS callbacks can be lost upstream, so flows that are still open and have been
 * quiet for a while are re-read with DescribeFlowBriefs (≤ 100 ids per call, through the ESS
 * client's per-action rate limiter). A status that moved becomes an event like any callback
 * (details from DescribeFlowInfo); an unchanged flow is only marked as checked. QR codes whose
 * expiry passed are announced as `expired` (ESS sends no callback for that).
 */
import type { BffConfig } from '../config.js';
import type { EssClient } from '../ess/client.js';
import type { Logger } from '../logger.js';
import { isPlatform, subCompanyActing } from '../platform/tenants.js';
import type { Store } from '../store/types.js';
import { announceQrCode, type IntakeEvent, ingestEvent } from './intake.js';

/** DescribeFlowBriefs and DescribeFlowInfo take at most 100 ids (ess-api.md §7.10, §7.14). */
export const BATCH_SIZE = 100;

export interface ReconcilerOptions {
  store: Store;
  ess: EssClient;
  logger: Logger;
  config: Pick<BffConfig, 'groupMembers' | 'organization' | 'ess'>;
  /** Pause between rounds; 0 disables the timer (runOnce still works). */
  intervalMs: number;
  /** A flow is refreshed once nothing was heard about it for this long. */
  quietMs: number;
  /** Flows looked at per round (bounded so a round stays inside the rate limits). */
  maxFlowsPerRound?: number;
  now?: () => number;
  /** Told how each round ended (metrics). */
  onRound?: (outcome: 'ok' | 'failed') => void;
  /** ESS's time (unix ms), which decides QR expiry; default `now`. */
  essNow?: () => number;
}

export interface Reconciler {
  /** One round; resolves to the number of flows whose change was recorded. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a running round. */
  stop(): Promise<void>;
}

interface Brief {
  FlowId: string;
  FlowStatus: number;
  FlowName?: string;
  FlowMessage?: string;
  Deadline?: number;
  CreatedOn?: number;
}

interface Detail extends Brief {
  FlowApproverInfos?: {
    RecipientId?: string;
    ApproveStatus?: number;
    ApproveType?: string;
    ApproveName?: string;
    OrganizationName?: string;
    ApproveTime?: number;
    ApproveMessage?: string;
  }[];
}

const APPROVER_TYPE_NUMBER: Record<string, number> = { ORGANIZATION: 0, PERSON: 1, ENTERPRISESERVER: 3 };

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, ess, logger } = options;
  const now = options.now ?? Date.now;
  const maxFlows = options.maxFlowsPerRound ?? 1000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<number> | null = null;
  let stopped = false;

  const actingFor = (organizationId: string | null) => {
    // 第三方应用: every flow belongs to a sub-company, read as that sub-company (platform/tenants.ts).
    if (organizationId && isPlatform(options.config)) return subCompanyActing(options.config, organizationId);
    const member = organizationId
      ? options.config.groupMembers.find((m) => m.organizationId === organizationId)
      : null;
    if (!member) return undefined;
    return {
      operatorUserId: member.operatorUserId ?? options.config.organization.operatorUserId ?? '',
      proxyOrganizationId: member.organizationId,
    };
  };

  const reconcileBatch = async (organizationId: string | null, flowIds: string[]): Promise<number> => {
    const as = actingFor(organizationId);
    const callOptions = as?.operatorUserId ? { as } : {};
    const briefs = (await ess.call('DescribeFlowBriefs', { FlowIds: flowIds }, callOptions)).FlowBriefs as
      | Brief[]
      | undefined;
    const changed: Brief[] = [];
    for (const brief of briefs ?? []) {
      const stored = await store.getFlow(brief.FlowId);
      if (stored && stored.snapshot.flowStatus !== brief.FlowStatus) changed.push(brief);
      else await store.touchFlow(brief.FlowId, now());
    }
    if (changed.length === 0) return 0;
    const infos = (await ess.call('DescribeFlowInfo', { FlowIds: changed.map((b) => b.FlowId) }, callOptions))
      .FlowDetailInfos as Detail[] | undefined;
    const byId = new Map((infos ?? []).map((d) => [d.FlowId, d]));
    let recorded = 0;
    for (const brief of changed) {
      const detail = byId.get(brief.FlowId) ?? brief;
      const event: IntakeEvent = {
        family: 'flow',
        msgType: 'FlowStatusChange',
        msgId: null,
        format: 'v2',
        organizationId,
        flowId: brief.FlowId,
        flowStatus: detail.FlowStatus,
        operate: 'reconcile',
        occurredAt: Math.floor(now() / 1000),
        approvers: (detail as Detail).FlowApproverInfos?.map((a) => ({
          recipientId: a.RecipientId ?? '',
          approveStatus: a.ApproveStatus ?? 0,
          approverType: APPROVER_TYPE_NUMBER[a.ApproveType ?? ''],
          approverName: a.ApproveName,
          organizationName: a.OrganizationName,
          approveTime: a.ApproveTime,
          approveMessage: a.ApproveMessage,
        })),
        // Another instance reconciling the same change at the same moment records it once.
        dedupeKey: `reconcile:${brief.FlowId}:${detail.FlowStatus}`,
        data: {
          FlowId: brief.FlowId,
          FlowName: detail.FlowName,
          FlowMessage: detail.FlowMessage,
          DeadLine: detail.Deadline,
          CreateOn: detail.CreatedOn,
        },
      };
      const result = await ingestEvent(store, event, { now });
      if (!result.duplicate && result.events.some((e) => e.data)) recorded++;
      await store.touchFlow(brief.FlowId, now());
    }
    return recorded;
  };

  const round = async (): Promise<number> => {
    // Instances sharing a Redis store take turns: one round per interval in all, not one each, so
    // ESS reads (and its rate limits) do not grow with the number of instances. A leased round
    // that finds nothing to do costs nothing either way.
    if (options.intervalMs > 0 && !(await store.tryLease('reconcile', options.intervalMs * 0.9))) return 0;
    const quiet = await store.openFlowsQuietSince(now() - options.quietMs, maxFlows);
    const byOrganization = new Map<string | null, string[]>();
    for (const { flowId, organizationId } of quiet) {
      const list = byOrganization.get(organizationId) ?? [];
      list.push(flowId);
      byOrganization.set(organizationId, list);
    }
    let recorded = 0;
    for (const [organizationId, flowIds] of byOrganization) {
      for (let i = 0; i < flowIds.length && !stopped; i += BATCH_SIZE) {
        const batch = flowIds.slice(i, i + BATCH_SIZE);
        try {
          recorded += await reconcileBatch(organizationId, batch);
        } catch (error) {
          // Unreachable ESS or a rate limit: leave these flows for the next round.
          logger.warn('reconcile batch failed', { flows: batch.length, error: (error as Error).message });
        }
      }
    }
    // QR codes expire without a callback: announce the ones whose time has passed.
    const nowSeconds = Math.floor((options.essNow ?? now)() / 1000);
    for (const record of await store.qrCodesExpiredBy(nowSeconds, 100)) {
      await announceQrCode(
        store,
        { ...record, state: 'expired', updatedAt: new Date(now()).toISOString() },
        now(),
      );
      recorded++;
    }
    if (recorded > 0) logger.info('reconciled', { changed: recorded, checked: quiet.length });
    return recorded;
  };

  const runOnce = (): Promise<number> => {
    running ??= round()
      .then(
        (recorded) => {
          options.onRound?.('ok');
          return recorded;
        },
        (error) => {
          options.onRound?.('failed');
          throw error;
        },
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  const schedule = () => {
    if (stopped || options.intervalMs <= 0) return;
    timer = setTimeout(() => {
      timer = null;
      void runOnce()
        .catch((error) => logger.warn('reconcile round failed', { error: (error as Error).message }))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref?.();
  };
  schedule();

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}
