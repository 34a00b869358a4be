import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * - `pass`: bytes flow both ways.
 * - `refuse`: new connections are reset as soon as they are accepted; switching to it resets every open one.
 * - `blackhole`: new connections are accepted and never answered; open ones go silent from the switch on
 *   (bytes are read and dropped both ways, no FIN, no RST), as when a network path or NAT entry dies, so a
 *   gRPC client only notices through its own deadlines or keepalives.
 */
export type FaultMode = 'pass' | 'refuse' | 'blackhole';

export interface TcpFaultProxy {
  host: string;
  port: number;
  /** `host:port`, e.g. for FIRESTORE_EMULATOR_HOST. */
  address: string;
  mode(): FaultMode;
  setMode(mode: FaultMode): void;
  /** Client connections currently open through the proxy (forwarding or blackholed). */
  openConnections(): number;
  /** Connections accepted since start, whatever became of them: shows that a client reconnected. */
  acceptedConnections(): number;
  close(): Promise<void>;
}

interface Connection {
  client: Socket;
  /** Absent for a connection accepted in blackhole mode: nothing is ever sent upstream. */
  upstream: Socket | undefined;
  blackholed: boolean;
}

function drop(): void {
  // Bytes read and thrown away: the peer's writes succeed and nothing ever comes back.
}

/**
 * A TCP proxy in the test process in front of `target`, whose mode a test switches at any moment to
 * simulate an outage of what is behind it (the Firestore emulator, a provider) without touching that process.
 * Blackholed connections stay silent after a switch back to `pass` (their byte stream has lost data and
 * could not be resumed); only new connections flow again.
 */
export async function startTcpFaultProxy(
  target: { host: string; port: number } | string,
  options: { mode?: FaultMode; host?: string } = {},
): Promise<TcpFaultProxy> {
  const { host: targetHost, port: targetPort } = typeof target === 'string' ? parseAddress(target) : target;
  let mode: FaultMode = options.mode ?? 'pass';
  let accepted = 0;
  const connections = new Set<Connection>();

  function forget(connection: Connection): void {
    connections.delete(connection);
    connection.client.destroy();
    connection.upstream?.destroy();
  }

  function blackhole(connection: Connection): void {
    if (connection.blackholed) return;
    connection.blackholed = true;
    const { client, upstream } = connection;
    if (upstream) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      upstream.on('data', drop);
      upstream.resume();
      // The target going away must not reach the client as a FIN or RST either.
      upstream.removeAllListeners('end');
      upstream.removeAllListeners('close');
      upstream.on('error', drop);
    }
    client.on('data', drop);
    client.resume();
    // A client giving up is the one close a blackhole lets through (it started it); without this the
    // half-open socket would be held until the proxy closes.
    client.on('end', () => forget(connection));
  }

  function reset(connection: Connection): void {
    connections.delete(connection);
    connection.client.resetAndDestroy();
    connection.upstream?.resetAndDestroy();
  }

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    accepted += 1;
    if (mode === 'refuse') {
      client.on('error', drop);
      client.resetAndDestroy();
      return;
    }
    const connection: Connection = { client, upstream: undefined, blackholed: false };
    connections.add(connection);
    client.on('error', drop);
    client.on('close', () => forget(connection));
    if (mode === 'blackhole') {
      blackhole(connection);
      return;
    }
    const upstream = net.connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    connection.upstream = upstream;
    upstream.on('error', () => {
      // The target is down or reset us: the client sees the same, unless the connection is blackholed.
      if (!connection.blackholed) reset(connection);
    });
    upstream.on('close', () => {
      if (!connection.blackholed) forget(connection);
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address: host, port } = server.address() as AddressInfo;

  return {
    host,
    port,
    address: `${host}:${port}`,
    mode: () => mode,
    setMode(next) {
      mode = next;
      if (next === 'refuse') for (const connection of [...connections]) reset(connection);
      if (next === 'blackhole') for (const connection of connections) blackhole(connection);
    },
    openConnections: () => connections.size,
    acceptedConnections: () => accepted,
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of [...connections]) forget(connection);
      });
    },
  };
}

function parseAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  const port = Number(address.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port)) throw new Error(`not a host:port address: ${address}`);
  return { host: address.slice(0, separator).replace(/^\[(.*)\]$/, '$1'), port };
}
