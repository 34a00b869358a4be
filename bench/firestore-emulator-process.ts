import { startEmbeddedEmulator } from '../backend/src/platform/firestore/embedded-emulator';

/**
 * The Firestore emulator in its own process: in production Firestore is a remote service whose work does
 * not run on the backend's CPU, so the benchmark keeps the emulator's work off the measured process too.
 * Prints host:port on the first line of stdout; stops when stdin closes.
 */
async function main(): Promise<void> {
  const emulator = await startEmbeddedEmulator();
  process.stdout.write(`${emulator.host}\n`);
  process.stdin.resume();
  const stop = () => {
    emulator.stop();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
}

void main();
