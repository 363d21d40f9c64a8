import { type EssKitError, toEssKitError } from './errors.js';
import { BffHttp, type FetchLike } from './http.js';
import { type EventSourceFactory, LiveConnection } from './live.js';
import { type TokenOptions, TokenSource } from './token.js';
import type { CreateQrRequest, FileUrls, FlowSnapshot, LiveMessage, QrSnapshot, SignUrl } from './types.js';

/** What a watcher receives: the latest snapshot, or the error that prevents having one. */
export interface Watched<T> {
  snapshot: T | null;
  error: EssKitError | null;
}

type Listener<T> = (state: Watched<T>) => void;

/** Options of an {@link EssStore}. */
export interface EssStoreOptions extends TokenOptions {
  /** Base URL of the BFF, e.g. `https://partner.example/ess`. */
  bffUrl?: string;
  /** Replaces `fetch` (fixtures, Storybook). */
  fetch?: FetchLike;
  /** Replaces `new EventSource(url)`; `null` disables the live connection (fixture mode). */
  eventSource?: EventSourceFactory | null;
}

class Entry<T> {
  state: Watched<T> = { snapshot: null, error: null };
  readonly listeners = new Set<Listener<T>>();
  loading: Promise<void> | null = null;
}

/**
 * The page's shared client state: one snapshot cache and one live connection for every element
 * that uses the same BFF and token source. Elements watch ids; the store fetches each snapshot
 * once, keeps it current from the event stream, and refetches everything on `resync`.
 *
 * For Storybook and component tests, create one with `eventSource: null` and feed it with
 * {@link EssStore.seed} / {@link EssStore.seedQr}.
 */
export class EssStore {
  readonly http: BffHttp;
  private readonly flows = new Map<string, Entry<FlowSnapshot>>();
  private readonly qrs = new Map<string, Entry<QrSnapshot>>();
  private readonly live: LiveConnection | null;
  /** False for a pure fixture store (no fetch, no event stream): only seeded snapshots exist. */
  private readonly fetches: boolean;

  constructor(options: EssStoreOptions = {}) {
    const tokens = new TokenSource(options);
    this.http = new BffHttp(options.bffUrl ?? '', tokens, options.fetch);
    this.live =
      options.eventSource === null
        ? null
        : new LiveConnection(this.http, tokens, (message) => this.receive(message), options.eventSource);
    this.fetches = this.live !== null || options.fetch !== undefined;
  }

  /** Watches a flow; the listener is called now (if known) and on every change. Returns an unsubscribe function. */
  watchFlow(flowId: string, listener: Listener<FlowSnapshot>): () => void {
    return this.watch(this.flows, flowId, listener, () =>
      this.http.json<FlowSnapshot>('GET', `/v1/flows/${encodeURIComponent(flowId)}`),
    );
  }

  /** Watches a one-code-multi-sign QR code. Returns an unsubscribe function. */
  watchQr(qrCodeId: string, listener: Listener<QrSnapshot>): () => void {
    return this.watch(this.qrs, qrCodeId, listener, () =>
      this.http.json<QrSnapshot>('GET', `/v1/qr-codes/${encodeURIComponent(qrCodeId)}`),
    );
  }

  /** The cached snapshot of a flow, if any. */
  flow(flowId: string): FlowSnapshot | null {
    return this.flows.get(flowId)?.state.snapshot ?? null;
  }

  /** Puts a flow snapshot into the cache (fixtures, or a snapshot the page already has). */
  seed(flow: FlowSnapshot): void {
    this.apply(this.flows, flow.flowId, flow);
  }

  /** Puts a QR snapshot into the cache. */
  seedQr(qrCode: QrSnapshot): void {
    this.apply(this.qrs, qrCode.qrCodeId, qrCode);
  }

  /** A fresh signing link (CreateSchemeUrl through the BFF). Never cached: links expire. */
  signUrl(
    flowId: string,
    query: { recipientId?: string; endPoint?: string; pathType?: string },
  ): Promise<SignUrl> {
    return this.http.json<SignUrl>('GET', `/v1/flows/${encodeURIComponent(flowId)}/sign-url`, { query });
  }

  /** Fresh download links for the signed files (DescribeFileUrls through the BFF). */
  fileUrls(flowId: string, query: { fileType?: string; fileName?: string }): Promise<FileUrls> {
    return this.http.json<FileUrls>('GET', `/v1/flows/${encodeURIComponent(flowId)}/files`, { query });
  }

  /** Creates a one-code-multi-sign QR code (CreateMultiFlowSignQRCode through the BFF). */
  async createQr(request: CreateQrRequest): Promise<QrSnapshot> {
    const qrCode = await this.http.json<QrSnapshot>('POST', '/v1/qr-codes', { body: request });
    this.seedQr(qrCode);
    return qrCode;
  }

  /** Cancels a QR code (CancelMultiFlowSignQRCode through the BFF). */
  async cancelQr(qrCodeId: string): Promise<QrSnapshot> {
    const qrCode = await this.http.json<QrSnapshot>('DELETE', `/v1/qr-codes/${encodeURIComponent(qrCodeId)}`);
    this.seedQr(qrCode);
    return qrCode;
  }

  /** Refetches every watched snapshot (what the BFF's `resync` asks for). */
  async resync(): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const [id, entry] of this.flows) {
      if (entry.listeners.size)
        jobs.push(
          this.load(this.flows, id, () => this.http.json('GET', `/v1/flows/${encodeURIComponent(id)}`)),
        );
    }
    for (const [id, entry] of this.qrs) {
      if (entry.listeners.size)
        jobs.push(
          this.load(this.qrs, id, () => this.http.json('GET', `/v1/qr-codes/${encodeURIComponent(id)}`)),
        );
    }
    await Promise.all(jobs);
  }

  private watch<T extends { updatedAt: string }>(
    map: Map<string, Entry<T>>,
    id: string,
    listener: Listener<T>,
    fetchSnapshot: () => Promise<T>,
  ): () => void {
    let entry = map.get(id);
    if (!entry) {
      entry = new Entry<T>();
      map.set(id, entry);
    }
    entry.listeners.add(listener);
    if (entry.state.snapshot || entry.state.error) listener(entry.state);
    if (!entry.state.snapshot && !entry.loading && this.fetches) void this.load(map, id, fetchSnapshot);
    this.updateLive();
    const owned = entry;
    return () => {
      owned.listeners.delete(listener);
      this.updateLive();
    };
  }

  private load<T extends { updatedAt: string }>(
    map: Map<string, Entry<T>>,
    id: string,
    fetchSnapshot: () => Promise<T>,
  ): Promise<void> {
    const entry = map.get(id);
    if (!entry) return Promise.resolve();
    entry.loading ??= fetchSnapshot()
      .then((snapshot) => this.apply(map, id, snapshot))
      .catch((error: unknown) => {
        entry.state = { snapshot: entry.state.snapshot, error: toEssKitError(error) };
        for (const listener of entry.listeners) listener(entry.state);
        this.updateLive();
      })
      .finally(() => {
        entry.loading = null;
      });
    return entry.loading;
  }

  private apply<T extends { updatedAt: string }>(map: Map<string, Entry<T>>, id: string, snapshot: T): void {
    let entry = map.get(id);
    if (!entry) {
      entry = new Entry<T>();
      map.set(id, entry);
    }
    const current = entry.state.snapshot;
    // Events can arrive out of order with fetched snapshots: never go back in time.
    if (current && Date.parse(snapshot.updatedAt) < Date.parse(current.updatedAt)) return;
    entry.state = { snapshot, error: null };
    for (const listener of entry.listeners) listener(entry.state);
  }

  private receive(message: LiveMessage): void {
    switch (message.type) {
      case 'snapshot':
        if (message.kind === 'flow') this.apply(this.flows, message.flow.flowId, message.flow);
        else this.apply(this.qrs, message.qrCode.qrCodeId, message.qrCode);
        break;
      case 'flow':
        if (message.flow) this.apply(this.flows, message.flowId, message.flow);
        break;
      case 'qr':
        if (message.qrCode) this.apply(this.qrs, message.qrCodeId, message.qrCode);
        break;
      case 'resync':
        void this.resync();
        break;
    }
  }

  private updateLive(): void {
    if (!this.live) return;
    // An id the BFF refuses or does not know (403/404) stays out of the stream: the BFF would
    // refuse the whole stream, and every other element would lose its live updates.
    const refused = (entry: Entry<unknown>) =>
      !entry.state.snapshot && (entry.state.error?.status === 403 || entry.state.error?.status === 404);
    const watched = (map: Map<string, Entry<unknown>>) =>
      [...map].filter(([, entry]) => entry.listeners.size > 0 && !refused(entry)).map(([id]) => id);
    this.live.watch(
      watched(this.flows as Map<string, Entry<unknown>>),
      watched(this.qrs as Map<string, Entry<unknown>>),
    );
  }

  /** Closes the live connection. */
  close(): void {
    this.live?.close();
  }
}
