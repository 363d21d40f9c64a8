import { createServer } from 'node:net';

/** A port that cannot be listened on, with the setting a person changes to fix it. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly role: string,
    readonly setting: string,
  ) {
    super(
      `Port ${port} (${role}) is already in use. Stop whatever is listening there, ` +
        `or pick another port with ${setting}.`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Resolves `port` on `host`: 0 becomes a free port chosen by the OS; any other port is checked by
 * listening on it briefly, so a port in use is reported before anything has started.
 */
export function claimPort(port: number, host: string, role: string, setting: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
        reject(new PortInUseError(port, role, setting));
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => {
      const address = probe.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolvePort(chosen));
    });
  });
}

/** Parses a port setting; throws a message naming the setting when it is not 0–65535. */
export function parsePort(value: string | undefined, fallback: number, setting: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${setting} must be a port number between 0 and 65535, got "${value}"`);
  }
  return port;
}
