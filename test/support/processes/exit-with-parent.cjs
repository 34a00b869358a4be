// Preloaded (`node --require`) into a backend the test kit starts, and nowhere else. The kit kills its
// children when the test process exits, but a test process that is itself SIGKILLed (a CI timeout) runs no
// exit handler; its end still closes the pipe on the child's stdin, and the child then ends itself the same
// way. The stdin handle is unref'd, so it never keeps the backend alive by itself.
process.stdin.on('end', () => process.kill(process.pid, 'SIGKILL'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGKILL'));
process.stdin.resume();
process.stdin.unref();
