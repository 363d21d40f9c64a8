import type { BffHttp } from './http.js';
import type { TokenSource } from './token.js';
import type { LiveMessage } from './types.js';

/** The part of `EventSource` the live connection uses; injectable for fixtures. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** Opens an event stream; the default is `new EventSource(url)`. */
export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
const LIVE_EVENTS = ['snapshot', 'flow', 'qr', 'resync'] as const;

/**
 * The page's one `EventSource` to `GET /v1/events`, carrying every watched flow and QR id.
 * Reopened (with `since=<last event id>`, so nothing is missed) when the id set changes or the
 * connection drops; reconnects back off with jitter and happen at once when the tab becomes visible
 * or the network returns.
 */
export class LiveConnection {
  private source: EventSourceLike | null = null;
  private flowIds = '';
  private qrIds = '';
  private lastEventId: string | null = null;
  private attempt = 0;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private opening = false;
  private closed = false;
  private readonly wake = () => {
    if (document.visibilityState !== 'hidden' && this.reopenTimer !== null && this.attempt > 0)
      this.reopen(0);
  };

  constructor(
    private readonly http: BffHttp,
    private readonly tokens: TokenSource,
    private readonly onMessage: (message: LiveMessage) => void,
    private readonly factory: EventSourceFactory = (url) => new EventSource(url),
  ) {
    document.addEventListener('visibilitychange', this.wake);
    globalThis.addEventListener?.('online', this.wake);
  }

  /** Declares the ids to watch; the stream is reopened shortly after if they changed. */
  watch(flowIds: Iterable<string>, qrIds: Iterable<string>): void {
    const flows = [...flowIds].sort().join(',');
    const qrs = [...qrIds].sort().join(',');
    if (flows === this.flowIds && qrs === this.qrIds && (this.source || this.reopenTimer || this.opening))
      return;
    this.flowIds = flows;
    this.qrIds = qrs;
    this.attempt = 0;
    // Batch the ids of elements that connect in the same task into one request.
    this.reopen(0);
  }

  /** Closes the stream for good. */
  close(): void {
    this.closed = true;
    this.stop();
    document.removeEventListener('visibilitychange', this.wake);
    globalThis.removeEventListener?.('online', this.wake);
  }

  private stop(): void {
    if (this.reopenTimer !== null) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.source?.close();
    this.source = null;
  }

  private reopen(delayMs: number): void {
    if (this.reopenTimer !== null) clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      void this.open();
    }, delayMs);
  }

  private async open(): Promise<void> {
    this.source?.close();
    this.source = null;
    if (this.closed || (!this.flowIds && !this.qrIds)) return;
    const ids = `${this.flowIds}|${this.qrIds}`;
    this.opening = true;
    let token: string;
    try {
      token = await this.tokens.get();
    } catch {
      this.opening = false;
      this.retry();
      return;
    }
    this.opening = false;
    // The ids may have changed while the token was fetched; a newer open() is then scheduled.
    if (this.closed || ids !== `${this.flowIds}|${this.qrIds}` || this.reopenTimer !== null) return;
    const url = this.http.url('/v1/events', {
      flowIds: this.flowIds,
      qrCodeIds: this.qrIds,
      since: this.lastEventId,
      token,
    });
    const source = this.factory(url);
    this.source = source;
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      this.attempt = 0;
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      // A stream refused before it opened is most often an expired token: fetch a new one.
      if (!opened || source.readyState === CLOSED) this.tokens.invalidate(token);
      source.close();
      this.source = null;
      this.retry();
    });
    for (const type of LIVE_EVENTS) {
      source.addEventListener(type, (event) => {
        if (this.source !== source) return;
        if (event.lastEventId) this.lastEventId = event.lastEventId;
        let message: LiveMessage;
        try {
          message = JSON.parse(event.data) as LiveMessage;
        } catch {
          return; // a malformed message must not break the stream; the next snapshot repairs state
        }
        this.onMessage(message);
      });
    }
  }

  private retry(): void {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.reopen(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}
