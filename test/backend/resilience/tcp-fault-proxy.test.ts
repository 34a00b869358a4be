import net, { type AddressInfo, type Socket } from 'node:net';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../support/processes/tcp-fault-proxy';

jest.setTimeout(20_000);

/** What a client socket saw, recorded as it happens so silence can be asserted over a window. */
interface Observed {
  socket: Socket;
  data: string;
  connected: boolean;
  ended: boolean;
  closed: boolean;
  error: Error | undefined;
}

function connect(port: number): Observed {
  const socket = net.connect({ host: '127.0.0.1', port });
  const observed: Observed = { socket, data: '', connected: false, ended: false, closed: false, error: undefined };
  socket.on('connect', () => (observed.connected = true));
  socket.on('data', (chunk: Buffer) => (observed.data += chunk.toString('utf8')));
  socket.on('end', () => (observed.ended = true));
  socket.on('close', () => (observed.closed = true));
  socket.on('error', (error) => (observed.error = error));
  return observed;
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TCP fault proxy in front of an echo server', () => {
  let echo: net.Server;
  let proxy: TcpFaultProxy;
  const echoSockets = new Set<Socket>();
  const clients: Socket[] = [];
  const open = (): Observed => {
    const observed = connect(proxy.port);
    clients.push(observed.socket);
    return observed;
  };

  beforeAll(async () => {
    echo = net.createServer((socket) => {
      echoSockets.add(socket);
      socket.on('close', () => echoSockets.delete(socket));
      socket.on('error', () => undefined);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port });
  });
  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    proxy.setMode('pass');
    // Each test starts with no connection left over from the one before.
    await until(() => proxy.openConnections() === 0);
  });
  afterAll(async () => {
    await proxy.close();
    for (const socket of echoSockets) socket.destroy();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('names its address as host:port', () => {
    expect(proxy.address).toBe(`127.0.0.1:${proxy.port}`);
  });

  it('pass: forwards both ways', async () => {
    const client = open();
    client.socket.write('hello');
    await until(() => client.data === 'hello');
  });

  it('refuse: a new connection is reset at once', async () => {
    proxy.setMode('refuse');
    const startedAt = Date.now();
    const client = open();
    client.socket.write('hello');
    await until(() => client.closed, 1000);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(client.data).toBe('');
  });

  it('refuse: switching to it resets the connections already open', async () => {
    const client = open();
    client.socket.write('before');
    await until(() => client.data === 'before');
    proxy.setMode('refuse');
    await until(() => client.closed, 1000);
    expect(client.error?.message ?? 'closed').toMatch(/ECONNRESET|closed/);
    expect(proxy.openConnections()).toBe(0);
  });

  it('blackhole: a new connection is accepted and left silent, without FIN or RST', async () => {
    proxy.setMode('blackhole');
    const client = open();
    await until(() => client.connected);
    client.socket.write('anyone there?');
    await pause(500);
    expect(client).toMatchObject({ data: '', ended: false, closed: false, error: undefined });
  });

  it('blackhole: an open connection goes silent from the switch on and stays open', async () => {
    const client = open();
    client.socket.write('before');
    await until(() => client.data === 'before');
    proxy.setMode('blackhole');
    client.socket.write('after');
    await pause(500);
    expect(client).toMatchObject({ data: 'before', ended: false, closed: false, error: undefined });
    expect(proxy.openConnections()).toBe(1);
  });

  it('back to pass: new connections flow again; blackholed ones stay silent', async () => {
    proxy.setMode('blackhole');
    const silenced = open();
    await until(() => silenced.connected);
    proxy.setMode('pass');
    const fresh = open();
    fresh.socket.write('again');
    silenced.socket.write('still there?');
    await until(() => fresh.data === 'again');
    await pause(300);
    expect(silenced).toMatchObject({ data: '', closed: false });
  });

  it('close: destroys every socket it holds', async () => {
    const other = await startTcpFaultProxy({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port });
    const flowing = connect(other.port);
    flowing.socket.write('x');
    await until(() => flowing.data === 'x');
    other.setMode('blackhole');
    const silent = connect(other.port);
    await until(() => silent.connected);
    await other.close();
    await until(() => flowing.closed && silent.closed, 1000);
  });
});
