// A TCP proxy in front of a real server (Redis), so a test can take the server away without touching
// it: `freeze()` stops passing bytes (a hung server), `down()` drops every connection and refuses new
// ones (a crashed server), `up()` restores normal service on the same port.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  freeze(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let frozen = false;
  const onConnection = (client: net.Socket) => {
    const upstream = net.createConnection({ host: targetHost, port: targetPort });
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  };
  let server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
      server.close(() => resolve());
    });
  return {
    port,
    freeze() {
      frozen = true;
    },
    down: closeServer,
    async up() {
      frozen = false;
      if (server.listening) return;
      server = net.createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: closeServer,
  };
}
