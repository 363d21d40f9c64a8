/**
 * ESS's "now". Against the real ESS it is this process's clock. The emulator has a clock of its own
 * that tests and the demo move on (`POST /_emulator/clock`), and ESS sends no callback when a QR
 * code expires: so in emulator mode the BFF reads the emulator's offset (`GET /_emulator/clock`)
 * and decides "expired" by the emulator's time, the same time that refuses a scan.
 */
import type { Clock } from '../deps.js';
import type { Logger } from '../logger.js';

/** How often the emulator's clock offset is read. */
export const EMULATOR_CLOCK_POLL_MS = 2_000;

export interface EssTime extends Clock {
  /** Stops polling (idempotent). */
  close(): void;
}

/** ESS time when ESS is the real one: the BFF's own clock. */
export function localEssTime(clock: Clock): EssTime {
  return { now: () => clock.now(), close: () => {} };
}

/**
 * ESS time read from the emulator at `endpoint`: the BFF's clock plus the emulator's offset, polled
 * every `pollMs`. `onChange` runs after the offset moved (e.g. to announce QR codes that expired).
 */
export function emulatorEssTime(options: {
  endpoint: string;
  clock: Clock;
  logger: Logger;
  onChange?: () => unknown;
  pollMs?: number;
  fetch?: typeof fetch;
}): EssTime {
  const fetchImpl = options.fetch ?? fetch;
  const url = `${options.endpoint.replace(/\/+$/, '')}/_emulator/clock`;
  let offsetMs = 0;
  let closed = false;
  const poll = async () => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { offsetSeconds?: unknown };
      const next = typeof body.offsetSeconds === 'number' ? body.offsetSeconds * 1000 : offsetMs;
      if (next !== offsetMs && !closed) {
        offsetMs = next;
        options.logger.info('emulator clock moved', { offsetSeconds: next / 1000 });
        await options.onChange?.();
      }
    } catch (error) {
      // The emulator is restarting or not up yet: keep the last offset and try again.
      options.logger.debug('emulator clock not readable', { error: (error as Error).message });
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), options.pollMs ?? EMULATOR_CLOCK_POLL_MS);
  timer.unref?.();
  return {
    now: () => options.clock.now() + offsetMs,
    close() {
      closed = true;
      clearInterval(timer);
    },
  };
}
