'use strict';
// One Apps Script execution at a time, each in a fresh vm context.
//
// Plain CommonJS on purpose: a worker thread does not inherit the TypeScript loader of tsx or ts-jest.

const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const fs = require('node:fs');
const util = require('node:util');
const vm = require('node:vm');
const { installAppsScriptGlobals } = require('./script-realm-globals');

const { replyPort, signalBuffer, wireKeys } = workerData;
const signal = new Int32Array(signalBuffer);
const WAITING = 0;

const globalsInstaller = new vm.Script(`(${installAppsScriptGlobals.toString()})`, { filename: 'apps-script-globals.js' });
let compiledBundle = null;

function loadBundle(bundlePath) {
  const stat = fs.statSync(bundlePath);
  const cached = compiledBundle;
  if (cached && cached.path === bundlePath && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    return cached.script;
  }
  const script = new vm.Script(fs.readFileSync(bundlePath, 'utf8'), { filename: bundlePath });
  compiledBundle = { path: bundlePath, mtimeMs: stat.mtimeMs, size: stat.size, script };
  return script;
}

// Apps Script services are synchronous: post the call, then block this thread until the main thread has
// run it on the real host object and posted the reply. receiveMessageOnPort reads that reply without an
// event loop turn, and a MessagePort carries a reply of any size, so no shared buffer has to grow.
function callHostSynchronously(executionId, handleId, method, args) {
  Atomics.store(signal, 0, WAITING);
  parentPort.postMessage({ type: 'call', executionId, handleId, method, args });
  while (Atomics.load(signal, 0) === WAITING) Atomics.wait(signal, 0, WAITING);
  const received = receiveMessageOnPort(replyPort);
  if (!received) throw new Error('Apps Script runtime: the host reply went missing');
  return received.message;
}

function describeError(error) {
  if (error !== null && typeof error === 'object') {
    return {
      name: typeof error.name === 'string' ? error.name : 'Error',
      message: typeof error.message === 'string' ? error.message : String(error),
      stack: typeof error.stack === 'string' ? error.stack : undefined,
    };
  }
  return { name: 'Error', message: String(error) };
}

function isCallableScriptFunction(context, globalsBeforeBundle, functionName) {
  if (typeof functionName !== 'string' || functionName === '' || functionName.endsWith('_')) return false;
  if (!Object.prototype.hasOwnProperty.call(context, functionName)) return false;
  const value = context[functionName];
  if (typeof value !== 'function') return false;
  return !globalsBeforeBundle.has(functionName) || globalsBeforeBundle.get(functionName) !== value;
}

async function execute(message) {
  const { executionId, bundlePath, functionName, args, services } = message;
  // The execution's clock starts now, not while this thread was still booting.
  parentPort.postMessage({ type: 'started', executionId });
  try {
    const script = loadBundle(bundlePath);
    const context = vm.createContext({}, { name: 'Apps Script execution ' + executionId });
    const install = globalsInstaller.runInContext(context);
    const runtime = install({
      wireKeys,
      services,
      call: (handleId, method, callArgs) => callHostSynchronously(executionId, handleId, method, callArgs),
      log: (level, logArgs) => parentPort.postMessage({ type: 'log', executionId, level, message: util.format(...logArgs) }),
    });
    const globalsBeforeBundle = new Map(Object.getOwnPropertyNames(context).map((name) => [name, context[name]]));
    script.runInContext(context);
    if (!isCallableScriptFunction(context, globalsBeforeBundle, functionName)) {
      return { type: 'result', executionId, ok: false, error: { name: 'Error', message: 'Script function not found: ' + functionName } };
    }
    // Called without a receiver, as Apps Script does: `this` is the script's global object.
    let value = Reflect.apply(context[functionName], undefined, runtime.argumentsFromClient(args));
    if (runtime.isThenable(value)) value = await value;
    const result = runtime.toClientValue(value);
    return { type: 'result', executionId, ok: true, value: result.value, illegalValue: result.illegalValue };
  } catch (error) {
    return { type: 'result', executionId, ok: false, error: describeError(error) };
  }
}

parentPort.on('message', (message) => {
  if (message.type !== 'execute') return;
  execute(message).then((result) => {
    try {
      parentPort.postMessage(result);
    } catch (error) {
      parentPort.postMessage({ type: 'result', executionId: message.executionId, ok: false, error: describeError(error) });
    }
  });
});
