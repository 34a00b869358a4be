import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { FirestoreServer } from '@firestore-emulator/server';
import { startEmbeddedEmulator } from '../../../backend/src/platform/firestore/embedded-emulator';

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** This machine's first address other than loopback: where another machine would reach it. */
function externalAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to test the binding against');
  return found.address;
}

describe('the embedded Firestore emulator', () => {
  it('answers on loopback only, where the library alone would listen on every interface', async () => {
    const external = externalAddress();
    // The planted positive: the library's own start() binds 0.0.0.0, so the external address answers.
    const wideOpen = new FirestoreServer();
    const probe = net.createServer();
    const widePort = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await wideOpen.start(widePort);
    try {
      expect(await accepts(external, widePort)).toBe(true);
    } finally {
      wideOpen.stop();
    }

    const emulator = await startEmbeddedEmulator();
    try {
      const port = Number(emulator.host.split(':')[1]);
      expect(emulator.host.startsWith('127.0.0.1:')).toBe(true);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts(external, port)).toBe(false);
    } finally {
      emulator.stop();
    }
  });
});
