/**
 * The SSE hub: every open browser stream of this process, indexed by what it watches, fed by the
 * store's live subscription. One encoded frame per event is shared by all recipients; one timer
 * beats the heartbeat for all connections; nothing is left behind when a connection goes.
 */
import { compareEventIds } from '../store/event-id.js';
import type { EventId, StoredEvent } from '../store/types.js';
import { browserFrame, PING_FRAME } from './frames.js';
import type { Sink } from './sink.js';

export interface HubOptions {
  heartbeatMs: number;
  maxConnections: number;
  maxConnectionsPerToken: number;
}

/** Who may see an event: the watched ids and the organization of the token. */
export interface Watch {
  flowIds: readonly string[];
  qrCodeIds: readonly string[];
  /** Organization the token acts for; null = the main organization. */
  organizationId: string | null;
  /** Per-token connection cap key (the token id). */
  tokenKey: string;
  /** Unix ms when the token expires; the stream is closed at the first heartbeat after it. */
  expiresAt?: number;
}

/**
 * One stream. While `pending` it buffers live events (replay or snapshots are being sent); `go`
 * flushes what the replay did not already cover and switches to direct writes.
 */
export class Connection {
  pending: StoredEvent[] | null = [];
  constructor(
    readonly sink: Sink,
    readonly watch: Watch,
  ) {}

  /** Ends the replay phase: sends buffered events newer than `position`, then goes live. */
  go(position: EventId | null): void {
    const buffered = this.pending ?? [];
    this.pending = null;
    for (const event of buffered) {
      if (position !== null && compareEventIds(event.id, position) <= 0) continue;
      const frame = browserFrame(event);
      // Part of the catch-up: not counted against the live backlog.
      if (frame && !this.sink.write(frame, true)) return;
    }
  }
}

export type OpenRefusal = 'too-many-connections' | 'too-many-for-token';

export class SseHub {
  readonly #byTopic = new Map<string, Set<Connection>>();
  readonly #perToken = new Map<string, number>();
  readonly #all = new Set<Connection>();
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  readonly #groupMembers: ReadonlySet<string>;

  /**
   * @param groupMemberIds organizations configured as group members; every other organization id
   *   (or none) counts as the main organization.
   */
  constructor(
    readonly options: HubOptions,
    groupMemberIds: Iterable<string> = [],
  ) {
    this.#groupMembers = new Set(groupMemberIds);
  }

  /** Open connections (for tests, metrics and leak checks). */
  get size(): number {
    return this.#all.size;
  }

  /** Topics with at least one watcher (leak checks). */
  get topicCount(): number {
    return this.#byTopic.size;
  }

  /** Tokens with at least one open connection (leak checks). */
  get tokenCount(): number {
    return this.#perToken.size;
  }

  /** Whether a connection for `tokenKey` may open now. */
  refusal(tokenKey: string): OpenRefusal | null {
    if (this.#all.size >= this.options.maxConnections) return 'too-many-connections';
    if ((this.#perToken.get(tokenKey) ?? 0) >= this.options.maxConnectionsPerToken)
      return 'too-many-for-token';
    return null;
  }

  /** Registers a stream (in its buffering phase); it is removed when its sink closes. */
  open(sink: Sink, watch: Watch): Connection {
    const connection = new Connection(sink, watch);
    this.#all.add(connection);
    this.#perToken.set(watch.tokenKey, (this.#perToken.get(watch.tokenKey) ?? 0) + 1);
    for (const topic of this.#topicsOf(watch)) {
      let set = this.#byTopic.get(topic);
      if (!set) {
        set = new Set();
        this.#byTopic.set(topic, set);
      }
      set.add(connection);
    }
    sink.onClose(() => this.#remove(connection));
    if (!this.#heartbeat) {
      this.#heartbeat = setInterval(() => this.#beat(), this.options.heartbeatMs);
      this.#heartbeat.unref?.();
    }
    return connection;
  }

  /** Delivers a log event to every connection that watches it and may see it. */
  publish(event: StoredEvent): void {
    if (!event.data) return;
    // Topics include the organization, so every watcher found may see the event: no per-connection check.
    const tenant = this.#tenant(event.organizationId);
    const topic =
      event.kind === 'flow'
        ? `${tenant}|f:${event.flowId}`
        : event.kind === 'qr'
          ? `${tenant}|q:${event.qrCodeId}`
          : null;
    if (!topic) return;
    const watchers = this.#byTopic.get(topic);
    if (!watchers) return;
    let frame: Uint8Array | null = null;
    for (const connection of watchers) {
      if (connection.pending) {
        connection.pending.push(event);
        continue;
      }
      frame ??= browserFrame(event);
      if (frame) connection.sink.write(frame);
    }
  }

  /** Organization isolation: a token sees events of its own organization only. */
  maysee(watch: Watch, event: Pick<StoredEvent, 'organizationId'>): boolean {
    return this.#tenant(event.organizationId) === this.#tenant(watch.organizationId);
  }

  /** A group member's id, or null for the main organization (whatever its id). */
  #tenant(organizationId: string | null | undefined): string | null {
    return organizationId && this.#groupMembers.has(organizationId) ? organizationId : null;
  }

  /** Closes every stream and stops the heartbeat; `farewell` is written to each first (shutdown hint). */
  closeAll(farewell?: Uint8Array): void {
    for (const connection of [...this.#all]) {
      if (farewell) connection.sink.write(farewell, true);
      connection.sink.close();
    }
    this.#stopHeartbeat();
  }

  #beat(): void {
    // Expiry rides on the heartbeat: no timer per connection. The client's reconnect then needs a fresh token.
    const now = Date.now();
    for (const connection of this.#all) {
      const { expiresAt } = connection.watch;
      if (expiresAt !== undefined && expiresAt <= now) connection.sink.close();
      else if (!connection.pending) connection.sink.write(PING_FRAME);
    }
  }

  #remove(connection: Connection): void {
    if (!this.#all.delete(connection)) return;
    connection.pending = null;
    const count = (this.#perToken.get(connection.watch.tokenKey) ?? 1) - 1;
    if (count <= 0) this.#perToken.delete(connection.watch.tokenKey);
    else this.#perToken.set(connection.watch.tokenKey, count);
    for (const topic of this.#topicsOf(connection.watch)) {
      const set = this.#byTopic.get(topic);
      if (!set) continue;
      set.delete(connection);
      if (set.size === 0) this.#byTopic.delete(topic);
    }
    if (this.#all.size === 0) this.#stopHeartbeat();
  }

  #topicsOf(watch: Watch): string[] {
    const tenant = this.#tenant(watch.organizationId);
    return [
      ...watch.flowIds.map((id) => `${tenant}|f:${id}`),
      ...watch.qrCodeIds.map((id) => `${tenant}|q:${id}`),
    ];
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }
}
