/**
 * The dev stack's last line of defence: `npm start` runs the emulator, the BFF and the demo in one
 * process, so one stray promise rejection anywhere (a client closing a stream at the wrong moment)
 * would otherwise end all three. It is logged, loudly, and everything keeps running.
 */
export const STRAY_REJECTION = 'npm start: a promise was rejected and nothing handled it';

export function keepRunningOnStrayRejections(log: (line: string) => void = console.error): void {
  process.on('unhandledRejection', (reason) => {
    const detail = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    log(`${STRAY_REJECTION} (the servers keep running; please report it):\n${detail}`);
  });
}
