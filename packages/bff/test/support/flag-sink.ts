/**
 * A sink that records every write attempt as text with its `replay` flag, even after it closed (so
 * a test sees a write that should not have been tried), and can refuse writes like a real sink does
 * when its client is gone: `refuseFrom` = index of the first write to refuse (the sink closes then).
 */
import type { Sink } from '../../src/live/sink.js';

export interface Write {
  text: string;
  replay: boolean | undefined;
  frame: Uint8Array;
}

export class FlagSink implements Sink {
  readonly writes: Write[] = [];
  closed = false;
  closeCalls = 0;
  drains = 0;
  /** What `drain()` returns (default: already drained). */
  drainWith: () => Promise<void> = () => Promise.resolve();
  #listeners: (() => void)[] = [];

  constructor(readonly refuseFrom = Number.POSITIVE_INFINITY) {}

  write(frame: Uint8Array, replay?: boolean): boolean {
    const index = this.writes.length;
    this.writes.push({ text: Buffer.from(frame).toString('utf8'), replay, frame });
    if (this.closed) return false;
    if (index >= this.refuseFrom) {
      this.close();
      return false;
    }
    return true;
  }

  drain(): Promise<void> {
    this.drains++;
    return this.drainWith();
  }

  close(): void {
    this.closeCalls++;
    if (this.closed) return;
    this.closed = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.#listeners.push(listener);
  }

  /** The texts written, in order. */
  texts(): string[] {
    return this.writes.map((w) => w.text);
  }
}
