/**
 * Deterministic data for the stories. Every story gets its own `EssStore` whose `fetch` answers from
 * the fixtures below and whose event stream never connects, so `storybook-static/` renders the same
 * states anywhere, with no BFF and no network.
 */
import { EssStore, type FlowSnapshot, type QrSnapshot } from '@ess-kit/elements';

/** A fixed "now" for the fixtures' timestamps (the components compute time left from the real clock). */
const UPDATED_AT = '2026-11-28T08:00:00.000Z';
const CREATED_ON = 1_795_852_800; // 2026-11-28 00:00 UTC
/** A deadline far enough ahead that "time left" never runs out while the stories are kept. */
const DEADLINE = 2_145_916_800; // 2038-01-01 00:00 UTC

type Approver = FlowSnapshot['approvers'][number];

const company = (approveStatus: number, signOrder = 0): Approver => ({
  recipientId: `yDRecipientCompany${signOrder}00000000000000`.slice(0, 32),
  approverType: 'ORGANIZATION',
  approverName: '张经办',
  organizationName: '示例商城有限公司',
  approveStatus,
  signOrder,
  approveTime: approveStatus === 3 ? CREATED_ON + 3_600 : null,
  approveMessage: null,
});
const person = (approveStatus: number, signOrder = 1, approveMessage: string | null = null): Approver => ({
  recipientId: `yDRecipientPerson${signOrder}000000000000000`.slice(0, 32),
  approverType: 'PERSON',
  approverName: '李小明',
  organizationName: null,
  approveStatus,
  signOrder,
  approveTime: approveStatus === 3 || approveStatus === 4 ? CREATED_ON + 7_200 : null,
  approveMessage,
});
const silentCompany = (): Approver => ({
  recipientId: 'yDRecipientSilent000000000000000',
  approverType: 'ENTERPRISESERVER',
  approverName: null,
  organizationName: '示例商城有限公司',
  approveStatus: 3,
  signOrder: 0,
  approveTime: CREATED_ON + 60,
  approveMessage: null,
});

/** A flow snapshot with sensible defaults; `flowId` doubles as the fixture key. */
export function flow(flowId: string, overrides: Partial<FlowSnapshot> = {}): FlowSnapshot {
  return {
    flowId,
    flowStatus: 1,
    flowName: '服务协议 Service agreement',
    flowMessage: null,
    deadline: 0,
    createdOn: CREATED_ON,
    unordered: false,
    updatedAt: UPDATED_AT,
    eventId: '42',
    approvers: [company(2, 0), person(1, 1)],
    ...overrides,
  };
}

/** One flow per ESS flow status (ess-api.md §6.1), with signers in matching states. */
export const FLOWS_BY_STATUS: Record<number, FlowSnapshot> = {
  0: flow('yDFlowNotStarted0000000000000000', { flowStatus: 0, approvers: [company(0, 0), person(0, 1)] }),
  1: flow('yDFlowPending00000000000000000000', { flowStatus: 1, deadline: DEADLINE }),
  2: flow('yDFlowPartial00000000000000000000', { flowStatus: 2, approvers: [company(3, 0), person(2, 1)] }),
  3: flow('yDFlowRefused00000000000000000000', {
    flowStatus: 3,
    flowMessage: '金额有误 / The amount is wrong',
    approvers: [company(3, 0), person(4, 1, '金额有误 / The amount is wrong')],
  }),
  4: flow('yDFlowSigned000000000000000000000', { flowStatus: 4, approvers: [company(3, 0), person(3, 1)] }),
  5: flow('yDFlowExpired00000000000000000000', {
    flowStatus: 5,
    deadline: CREATED_ON + 86_400,
    approvers: [company(3, 0), person(5, 1)],
  }),
  6: flow('yDFlowCancelled000000000000000000', {
    flowStatus: 6,
    flowMessage: '重复发起',
    approvers: [company(6, 0), person(6, 1)],
  }),
  7: flow('yDFlowNotStartedFill000000000000', { flowStatus: 7, approvers: [company(7, 0), person(7, 1)] }),
  8: flow('yDFlowWaitingFill000000000000000', { flowStatus: 8, approvers: [company(8, 0), person(1, 1)] }),
  9: flow('yDFlowPartiallyFilled00000000000', { flowStatus: 9, approvers: [company(10, 0), person(8, 1)] }),
  10: flow('yDFlowFillRefused000000000000000', { flowStatus: 10, approvers: [company(10, 0), person(4, 1)] }),
  16: flow('yDFlowInvalidated000000000000000', { flowStatus: 16, approvers: [company(3, 0), person(9, 1)] }),
  21: flow('yDFlowReleased000000000000000000', {
    flowStatus: 21,
    approvers: [company(15, 0), person(15, 1)],
  }),
};

/** Signer progress variations of a waiting or partially signed flow. */
export const PROGRESS_FLOWS = {
  noneSigned: flow('yDFlowProgressNone00000000000000', {
    approvers: [company(2, 0), person(1, 1), person(1, 2)],
  }),
  oneOfThree: flow('yDFlowProgressOne000000000000000', {
    flowStatus: 2,
    approvers: [company(3, 0), person(2, 1), person(1, 2)],
  }),
  twoOfThree: flow('yDFlowProgressTwo000000000000000', {
    flowStatus: 2,
    approvers: [company(3, 0), person(3, 1), person(2, 2)],
  }),
  unordered: flow('yDFlowProgressUnordered000000000', {
    flowStatus: 2,
    unordered: true,
    approvers: [company(2, 0), person(3, 1)],
  }),
  silentSigned: flow('yDFlowProgressSilent000000000000', {
    flowStatus: 2,
    approvers: [silentCompany(), person(2, 1)],
  }),
  transferred: flow('yDFlowProgressTransferred0000000', {
    flowStatus: 2,
    approvers: [company(3, 0), person(19, 1)],
  }),
  withDeadline: flow('yDFlowProgressDeadline0000000000', { flowStatus: 1, deadline: DEADLINE }),
};

/** A one-code-multi-sign QR code; `state` and counts vary per story. */
export function qr(qrCodeId: string, overrides: Partial<QrSnapshot> = {}): QrSnapshot {
  return {
    qrCodeId,
    qrCodeUrl: `https://ess.example/qr/${qrCodeId}`,
    templateId: 'yDTemplateB2C0000000000000000000',
    flowName: '会员协议 Membership agreement',
    maxFlowNum: 5,
    flowCount: 2,
    flowIds: ['yDFlowFromQr10000000000000000000', 'yDFlowFromQr20000000000000000000'],
    expiredTime: DEADLINE,
    state: 'active',
    failure: null,
    updatedAt: UPDATED_AT,
    ...overrides,
  };
}

export const QRS = {
  active: qr('yDQrActive0000000000000000000000'),
  fresh: qr('yDQrFresh00000000000000000000000', { flowCount: 0, flowIds: [] }),
  exhausted: qr('yDQrExhausted0000000000000000000', {
    state: 'exhausted',
    maxFlowNum: 2,
    flowCount: 2,
  }),
  expired: qr('yDQrExpired000000000000000000000', { state: 'expired', expiredTime: CREATED_ON }),
  cancelled: qr('yDQrCancelled0000000000000000000', { state: 'cancelled' }),
  quotaFailure: qr('yDQrQuotaFailure0000000000000000', {
    failure: { code: 'QUOTA_EXHAUSTED', message: '合同份额不足 / No contract quota left', at: UPDATED_AT },
  }),
};

/**
 * A fixture answer: a JSON body with a status, a file served from `file` (a URL Storybook serves,
 * e.g. a PDF the BFF would relay), or `'pending'` for a request that never completes.
 */
export type FixtureAnswer = { status: number; body: unknown } | { file: string } | 'pending';

/** The smallest valid PDF, for download buttons that are "ready". */
const SAMPLE_PDF =
  'data:application/pdf;base64,JVBERi0xLjQKMSAwIG9iajw8L1R5cGUvQ2F0YWxvZy9QYWdlcyAyIDAgUj4+ZW5kb2JqCjIgMCBvYmo8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PmVuZG9iagozIDAgb2JqPDwvVHlwZS9QYWdlL1BhcmVudCAyIDAgUi9NZWRpYUJveFswIDAgNTk1IDg0Ml0+PmVuZG9iagp0cmFpbGVyPDwvUm9vdCAxIDAgUj4+CiUlRU9G';

export interface FixtureOptions {
  flows?: FlowSnapshot[];
  qrs?: QrSnapshot[];
  /** Answers by `"METHOD /path"` (path without query), overriding the defaults. */
  answers?: Record<string, FixtureAnswer>;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A store fed only by fixtures: snapshots are seeded, requests are answered from `answers` (then from
 * the seeded data), and the live connection is an inert stream that never opens.
 */
export function fixtureStore({ flows = [], qrs = [], answers = {} }: FixtureOptions = {}): EssStore {
  const byFlow = new Map(flows.map((f) => [f.flowId, f]));
  const byQr = new Map(qrs.map((q) => [q.qrCodeId, q]));
  const fixtureFetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = new URL(input).pathname;
    const answer = answers[`${method} ${path}`];
    if (answer === 'pending') return new Promise<Response>(() => {});
    if (answer && 'file' in answer) return fetch(new URL(answer.file, document.baseURI).href);
    if (answer) return json(answer.status, answer.body);
    const [, , kind, id, sub] = path.split('/');
    if (kind === 'flows' && id) {
      const found = byFlow.get(decodeURIComponent(id));
      if (!found)
        return json(404, {
          error: { code: 'FLOW_NOT_FOUND', message: 'No such flow.', requestId: 'fixture' },
        });
      if (sub === 'sign-url') {
        return json(200, {
          url: `https://essurl.cn/ess-kit-story-${found.flowId.slice(-6)}`,
          qrCodeUrl: null,
          expiresAt: null,
          endPoint: 'HTTP_SHORT_URL',
        });
      }
      if (sub === 'files') return json(200, { urls: [SAMPLE_PDF], expiresAt: null });
      return json(200, found);
    }
    if (kind === 'qr-codes') {
      if (method === 'POST') return json(200, QRS.fresh);
      const found = byQr.get(decodeURIComponent(id ?? ''));
      if (!found)
        return json(404, {
          error: { code: 'QR_NOT_FOUND', message: 'No such QR code.', requestId: 'fixture' },
        });
      return json(200, method === 'DELETE' ? { ...found, state: 'cancelled' } : found);
    }
    return json(404, {
      error: { code: 'NOT_FOUND', message: `No fixture for ${method} ${path}.`, requestId: 'fixture' },
    });
  };
  const inertStream = () => ({ readyState: 0, addEventListener() {}, close() {} });
  const store = new EssStore({
    bffUrl: 'https://bff.example',
    token: 'storybook-fixture-token',
    fetch: fixtureFetch,
    eventSource: inertStream,
  });
  for (const f of flows) store.seed(f);
  for (const q of qrs) store.seedQr(q);
  return store;
}

/** Ids whose answers the load-state stories fix: still loading, and refused for an expired token. */
const LOAD_STATE = {
  flow: {
    arg: 'flowId',
    route: '/v1/flows/',
    loading: 'yDFlowStillLoading00000000000000',
    expiredToken: 'yDFlowWithExpiredToken0000000000',
  },
  qr: {
    arg: 'qrCodeId',
    route: '/v1/qr-codes/',
    loading: 'yDQrStillLoading0000000000000000',
    expiredToken: 'yDQrWithExpiredToken000000000000',
  },
} as const;

/** Args and fixtures only: the story keeps its `name` literal, which Storybook's indexer reads statically. */
type LoadStateStory<A> = { args: Partial<A>; parameters: { fixtures: unknown } };

/** The "Loading" story of any component that reads a flow (`flow`) or a QR code (`qr`). */
export function loadingStory<A>(kind: keyof typeof LOAD_STATE): LoadStateStory<A> {
  const { arg, route, loading } = LOAD_STATE[kind];
  return {
    args: { [arg]: loading } as Partial<A>,
    parameters: { fixtures: { answers: { [`GET ${route}${loading}`]: 'pending' } } },
  };
}

/** The "Error · expired token" story: the BFF answers 401 TOKEN_EXPIRED. */
export function expiredTokenStory<A>(kind: keyof typeof LOAD_STATE): LoadStateStory<A> {
  const { arg, route, expiredToken } = LOAD_STATE[kind];
  const body = {
    error: { code: 'TOKEN_EXPIRED', message: 'The token has expired: get a new one.', requestId: 'fixture' },
  };
  return {
    args: { [arg]: expiredToken } as Partial<A>,
    parameters: { fixtures: { answers: { [`GET ${route}${expiredToken}`]: { status: 401, body } } } },
  };
}
