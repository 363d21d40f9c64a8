import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { EssKitError } from '../../client/errors.js';
import type { EssStore, Watched } from '../../client/store.js';

/**
 * Keeps a host subscribed to one store entry (a flow or a QR code) while connected, and
 * resubscribes when the id or the store changes. The host reads {@link snapshot} / {@link error}.
 */
export class WatchController<T> implements ReactiveController {
  snapshot: T | null = null;
  error: EssKitError | null = null;
  private key: string | null = null;
  private stop: (() => void) | null = null;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly subscribe: (
      store: EssStore,
      id: string,
      listener: (state: Watched<T>) => void,
    ) => () => void,
    private readonly onChange: (state: Watched<T>, previous: T | null) => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.host.requestUpdate(); // the host's willUpdate then calls sync() and subscribes again
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop?.();
    this.stop = null;
    this.key = null;
  }

  /** Call from the host's `willUpdate`: (re)subscribes when `id` or `store` differ from last time. */
  sync(store: EssStore | null, id: string | null | undefined): void {
    const key = store && id && this.connected ? id : null;
    if (key === this.key && (this.stop || !key) && this.storeRef === store) return;
    this.stop?.();
    this.stop = null;
    this.key = key;
    this.storeRef = store;
    this.snapshot = null;
    this.error = null;
    if (!key || !store) return;
    this.stop = this.subscribe(store, key, (state) => {
      const previous = this.snapshot;
      this.snapshot = state.snapshot;
      this.error = state.error;
      this.onChange(state, previous);
      this.host.requestUpdate();
    });
  }

  private storeRef: EssStore | null = null;
}
