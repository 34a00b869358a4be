/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 30000,
  // The suites run one at a time in one worker process (npm test passes --maxWorkers=1), which Jest replaces once it
  // holds more than this after a suite: in one process for all of them the heap grew past 4 GB, and the last suites
  // ran out of time in garbage collection.
  workerIdleMemoryLimit: '1536MB',
};
