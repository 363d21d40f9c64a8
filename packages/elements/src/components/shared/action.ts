import type { ReactiveControllerHost } from 'lit';
import type { EssKitError } from '../../client/errors.js';

/**
 * One request a person started (get a signing link, download, create or cancel a QR code): `busy`
 * while it runs, and the error it ended with, which `fail` also fires as `ess-error`. The host
 * re-renders when either changes.
 */
export class ActionController {
  busy = false;
  error: EssKitError | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly fail: (error: unknown, action: string) => EssKitError,
  ) {}

  /** Runs `work`; a throw becomes {@link error} (and an `ess-error` naming `action`). */
  async run(action: string, work: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      await work();
    } catch (error) {
      this.error = this.fail(error, action);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
