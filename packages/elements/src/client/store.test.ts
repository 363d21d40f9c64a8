import '../index.js';
import { afterEachCleanup } from '../test/hooks.js';
import {
  assert,
  backend,
  createFlow,
  equal,
  flowFixture,
  mintToken,
  mount,
  nextEvent,
  shadowText,
  signAs,
  useBackend,
  waitFor,
} from '../test/support.js';
import { configure } from './config.js';
import type { EventSourceLike } from './live.js';
import { EssStore } from './store.js';
import { jwtExpiry } from './token.js';
import type { FlowSnapshot } from './types.js';

afterEachCleanup();

/** Counts EventSource constructions and which of them are still open. */
function countEventSources() {
  const Original = window.EventSource;
  const opened: { url: string; source: EventSource }[] = [];
  class Counting extends Original {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      opened.push({ url: String(url), source: this });
    }
  }
  window.EventSource = Counting;
  return {
    opened,
    open: () => opened.filter((entry) => entry.source.readyState !== EventSource.CLOSED),
    restore: () => {
      window.EventSource = Original;
    },
  };
}

describe('client store against the real BFF', () => {
  it('one EventSource for many elements; reopened with the new ids and since=<last id>', async () => {
    const first = await createFlow('single-c');
    const second = await createFlow('single-c');
    const third = await createFlow('single-c');
    await useBackend({ flowIds: [first.flowId, second.flowId, third.flowId] });
    const sources = countEventSources();
    try {
      const badges = [first, second, first, second].map((flow) =>
        mount(`<ess-status-badge flow-id="${flow.flowId}"></ess-status-badge>`),
      );
      mount(`<ess-sign-button flow-id="${first.flowId}"></ess-sign-button>`);
      mount(`<ess-download-button flow-id="${second.flowId}"></ess-download-button>`);
      await waitFor(() => badges.every((badge) => badge.getAttribute('status') === '1'), 'all badges loaded');
      await waitFor(() => sources.opened.length === 1, 'one stream');
      const url = new URL(sources.opened[0].url);
      equal(
        url.searchParams.get('flowIds')?.split(',').sort().join(','),
        [first.flowId, second.flowId].sort().join(','),
      );
      // Live events reach every element through the one stream.
      await signAs(first.flowId, first.approvers[0].recipientId);
      await waitFor(
        () => badges[0].getAttribute('status') === '4' && badges[2].getAttribute('status') === '4',
        'both badges of flow 1 signed',
      );
      // A new element with a new id: the stream is reopened (still one open) with since=<last event id>.
      mount(`<ess-status-badge flow-id="${third.flowId}"></ess-status-badge>`);
      await waitFor(() => sources.opened.length === 2, 'reopened for the new id');
      await waitFor(() => sources.open().length === 1, 'exactly one open stream');
      const reopened = new URL(sources.opened[1].url);
      assert(reopened.searchParams.get('flowIds')?.includes(third.flowId), 'new id included');
      assert(reopened.searchParams.get('since'), 'since=<last event id> so nothing is missed');
    } finally {
      sources.restore();
    }
  });

  it('an id outside the token’s scope gets an error and does not break the stream for the others', async () => {
    const mine = await createFlow('single-c');
    const other = await createFlow('single-c');
    await useBackend({ flowIds: [mine.flowId] });
    const sources = countEventSources();
    try {
      const good = mount(`<ess-status-badge flow-id="${mine.flowId}"></ess-status-badge>`);
      const refused = mount(`<ess-status-badge flow-id="${other.flowId}" locale="en"></ess-status-badge>`);
      await waitFor(
        () => shadowText(refused).includes('This page may not show it'),
        'error state for the foreign flow',
      );
      await waitFor(() => good.getAttribute('status') === '1', 'own flow loaded');
      await waitFor(() => {
        const last = sources.opened.at(-1);
        return last && !last.url.includes(other.flowId) && last.source.readyState === EventSource.OPEN;
      }, 'the stream carries only the allowed id and is open');
      await signAs(mine.flowId, mine.approvers[0].recipientId);
      await waitFor(() => good.getAttribute('status') === '4', 'live update still arrives', 10_000);
    } finally {
      sources.restore();
    }
  });

  it('refreshes a getToken() token before it expires, and after a 401', async () => {
    const flow = await createFlow('single-c');
    const { bffUrl } = await backend();
    const issued: string[] = [];
    let reject = true;
    configure({
      bffUrl,
      getToken: async () => {
        // The first answer is a token the BFF refuses: the store must fetch another one after the 401.
        if (reject) {
          reject = false;
          issued.push('rejected');
          return 'not-a-valid-token';
        }
        const { token } = await mintToken({ flowIds: [flow.flowId] });
        issued.push(token);
        // Declared to expire in 1.5 s: the store must ask again before using it after that.
        return { token, expiresAt: new Date(Date.now() + 1500).toISOString() };
      },
    });
    const badge = mount(`<ess-status-badge flow-id="${flow.flowId}"></ess-status-badge>`);
    await waitFor(() => badge.getAttribute('status') === '1', 'loaded after the 401 retry');
    assert(
      issued.length >= 2 && issued[0] === 'rejected',
      `token fetched again after the 401 (${issued.length})`,
    );
    const before = issued.length;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const button = mount(`<ess-sign-button flow-id="${flow.flowId}" mode="desktop"></ess-sign-button>`);
    await waitFor(() => !button.hasAttribute('unavailable'), 'sign button ready');
    button.addEventListener('ess-sign-open', (event) => event.preventDefault());
    const opened = nextEvent(button, 'ess-sign-open', 10_000);
    button.shadowRoot?.querySelector('button')?.click();
    await opened;
    assert(issued.length > before, 'a fresh token was fetched once the old one was about to expire');
  });

  it('keeps working across a real token expiry (10 s BFF tokens, expiry read from the JWT)', async function () {
    this.timeout(30_000);
    const flow = await createFlow('single-c');
    const { bffUrl } = await backend();
    const issued: string[] = [];
    configure({
      bffUrl,
      getToken: async () => {
        const { token } = await mintToken({ flowIds: [flow.flowId], ttlSeconds: 10 });
        issued.push(token);
        return token; // a bare string: the store reads `exp` from the JWT
      },
    });
    const badge = mount(`<ess-status-badge flow-id="${flow.flowId}"></ess-status-badge>`);
    const button = mount(`<ess-sign-button flow-id="${flow.flowId}" mode="desktop"></ess-sign-button>`);
    await waitFor(
      () => badge.getAttribute('status') === '1' && !button.hasAttribute('unavailable'),
      'loaded',
    );
    const first = issued[0];
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    // The first token is now really expired at the BFF …
    const stale = await fetch(`${bffUrl}/v1/flows/${flow.flowId}`, {
      headers: { authorization: `Bearer ${first}` },
    });
    equal(stale.status, 401, 'the BFF refuses the expired token');
    // … and the components carry on with a fresh one.
    button.addEventListener('ess-sign-open', (event) => event.preventDefault());
    const opened = nextEvent(button, 'ess-sign-open', 10_000);
    button.shadowRoot?.querySelector('button')?.click();
    await opened;
    assert(issued.length >= 2 && issued.at(-1) !== first, 'a new token was fetched');
    await signAs(flow.flowId, flow.approvers[0].recipientId);
    await waitFor(
      () => badge.getAttribute('status') === '4',
      'live updates continue after the expiry',
      10_000,
    );
  });

  it('fetches token-url with credentials and uses { token }', async () => {
    const flow = await createFlow('single-c');
    const { bffUrl } = await backend();
    const { token } = await mintToken({ flowIds: [flow.flowId] });
    const calls: RequestInit[] = [];
    const originalFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).includes('/partner/token')) {
        calls.push(init ?? {});
        return Promise.resolve(
          new Response(JSON.stringify({ token }), { headers: { 'content-type': 'application/json' } }),
        );
      }
      return originalFetch(input, init);
    };
    try {
      const badge = mount(
        `<ess-config bff-url="${bffUrl}" token-url="/partner/token"><ess-status-badge flow-id="${flow.flowId}"></ess-status-badge></ess-config>`,
      ).querySelector('ess-status-badge') as HTMLElement;
      await waitFor(() => badge.getAttribute('status') === '1', 'loaded with the token from token-url');
      equal(calls[0]?.credentials, 'include');
    } finally {
      window.fetch = originalFetch;
    }
  });

  it('reads the expiry of the BFF’s tokens', async () => {
    const flow = await createFlow('single-c');
    const { token, expiresAt } = await mintToken({ flowIds: [flow.flowId], ttlSeconds: 120 });
    const expiry = jwtExpiry(token);
    assert(expiry !== null, 'the BFF token is a JWT with exp');
    assert(Math.abs(expiry - Date.parse(expiresAt)) < 2000, 'exp matches expiresAt');
  });

  it('a static token that expired gives a clear error state', async () => {
    const flow = await createFlow('single-c');
    const { bffUrl } = await backend();
    configure({ bffUrl, token: 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl' });
    const badge = mount(`<ess-status-badge flow-id="${flow.flowId}" locale="en"></ess-status-badge>`);
    const failed = nextEvent<{ status: number; message: string }>(badge, 'ess-error');
    equal((await failed).detail.status, 401);
    await waitFor(() => shadowText(badge).includes('Session expired'), 'error state');
    assert(!shadowText(badge).includes('eyJ'), 'the token is not shown');
  });
});

/** A scripted event stream, for the store's own logic (ordering, resync, reconnect). */
class ScriptedSource implements EventSourceLike {
  readyState = 1;
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data: unknown, id: string): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
    }
  }
  fail(): void {
    for (const listener of this.listeners.get('error') ?? []) listener(new MessageEvent('error'));
  }
}

describe('client store logic with a scripted stream', () => {
  function scripted(snapshots: Map<string, FlowSnapshot>) {
    const sources: ScriptedSource[] = [];
    const fetched: string[] = [];
    const store = new EssStore({
      bffUrl: 'https://bff.example',
      token: 't',
      eventSource: (url) => {
        const source = new ScriptedSource(url);
        sources.push(source);
        return source;
      },
      fetch: async (url) => {
        fetched.push(url);
        const id = new URL(url).pathname.split('/').pop() as string;
        const flow = snapshots.get(id);
        return flow
          ? new Response(JSON.stringify(flow), { status: 200 })
          : new Response(JSON.stringify({ error: { code: 'FLOW_NOT_FOUND', message: 'No such flow.' } }), {
              status: 404,
            });
      },
    });
    return { store, sources, fetched };
  }

  it('ignores older snapshots, refetches on resync, reconnects with since after an error', async () => {
    const flow = flowFixture({
      flowId: 'yDscripted0000000000000000000001',
      flowStatus: 1,
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    const snapshots = new Map([[flow.flowId, flow]]);
    const { store, sources, fetched } = scripted(snapshots);
    const seen: number[] = [];
    store.watchFlow(flow.flowId, (state) => state.snapshot && seen.push(state.snapshot.flowStatus));
    await waitFor(() => sources.length === 1 && seen.length === 1, 'stream opened and snapshot fetched');
    const newer = { ...flow, flowStatus: 2, updatedAt: '2026-01-01T00:00:03.000Z' };
    sources[0].emit(
      'flow',
      { v: 1, type: 'flow', flowId: flow.flowId, flowStatus: 2, operate: 'sign', flow: newer },
      '7',
    );
    const older = { ...flow, flowStatus: 1, updatedAt: '2026-01-01T00:00:02.000Z' };
    sources[0].emit(
      'flow',
      { v: 1, type: 'flow', flowId: flow.flowId, flowStatus: 1, operate: null, flow: older },
      '8',
    );
    equal(seen.join(','), '1,2', 'an older snapshot never moves the flow back');
    snapshots.set(flow.flowId, { ...flow, flowStatus: 4, updatedAt: '2026-01-01T00:00:09.000Z' });
    sources[0].emit('resync', { v: 1, type: 'resync', reason: 'log trimmed' }, '9');
    await waitFor(() => seen.at(-1) === 4, 'resync refetched the snapshot');
    equal(fetched.filter((url) => url.includes(flow.flowId)).length, 2);
    sources[0].fail();
    await waitFor(() => sources.length === 2, 'reconnected after the error', 5000);
    equal(new URL(sources[1].url).searchParams.get('since'), '9');
    store.close();
  });

  it('backs off after repeated failures, and reconnects at once when the network returns', async () => {
    const flow = flowFixture({ flowId: 'yDscripted0000000000000000000002' });
    const { store, sources } = scripted(new Map([[flow.flowId, flow]]));
    store.watchFlow(flow.flowId, () => {});
    await waitFor(() => sources.length === 1, 'first stream');
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const failedAt = Date.now();
      sources[sources.length - 1].fail();
      await waitFor(() => sources.length === attempt + 1, `reconnect ${attempt}`, 5000);
      gaps.push(Date.now() - failedAt);
    }
    assert(gaps[0] >= 400 && gaps[1] >= 900, `growing backoff (${gaps.join(', ')} ms)`);
    // The third failure waits 2–4 s; the 'online' event (or the tab becoming visible) cuts it short.
    const failedAt = Date.now();
    sources[sources.length - 1].fail();
    await new Promise((resolve) => setTimeout(resolve, 50));
    window.dispatchEvent(new Event('online'));
    await waitFor(() => sources.length === 4, 'reconnected when the network returned', 1500);
    assert(Date.now() - failedAt < 1500, 'without waiting for the backoff');
    store.close();
  });

  it('a missing flow gives an error state, not a hang', async () => {
    const { store } = scripted(new Map());
    const states: { error: string | undefined }[] = [];
    store.watchFlow('yDmissing000000000000000000000001', (state) =>
      states.push({ error: state.error?.code }),
    );
    await waitFor(() => states.length > 0, 'an answer');
    equal(states[0].error, 'FLOW_NOT_FOUND');
    store.close();
  });
});
