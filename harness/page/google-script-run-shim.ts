/**
 * Stands in for the `google.script` object HtmlService gives a page: each `google.script.run.NAME(args)` is
 * sent to the harness, which runs NAME from the real add-on bundle as one execution. Handlers are called
 * asynchronously with (value, userObject), as in Apps Script.
 */

interface RunnerOptions {
  success?: (value: unknown, userObject?: unknown) => void;
  failure?: (error: Error, userObject?: unknown) => void;
  userObject?: unknown;
}

interface RunReply {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
}

function createRunner(options: RunnerOptions): unknown {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (property === 'withSuccessHandler') return (success: RunnerOptions['success']) => createRunner({ ...options, success });
        if (property === 'withFailureHandler') return (failure: RunnerOptions['failure']) => createRunner({ ...options, failure });
        if (property === 'withUserObject') return (userObject: unknown) => createRunner({ ...options, userObject });
        if (typeof property !== 'string') return undefined;
        return (...args: unknown[]) => {
          void execute(property, args, options);
        };
      },
    },
  );
}

async function execute(functionName: string, args: unknown[], options: RunnerOptions): Promise<void> {
  let reply: RunReply;
  try {
    const response = await fetch('/harness/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ functionName, args }),
    });
    reply = (await response.json()) as RunReply;
  } catch (error) {
    reply = { ok: false, error: { name: 'NetworkError', message: `The harness did not answer: ${String(error)}` } };
  }
  window.parent?.postMessage({ type: 'harness:executed', functionName }, '*');
  if (reply.ok) {
    options.success?.(reply.value, options.userObject);
  } else {
    const error = new Error(reply.error?.message ?? 'Unknown error');
    error.name = reply.error?.name ?? 'ScriptError';
    if (options.failure) options.failure(error, options.userObject);
    else console.error(error);
  }
}

(window as unknown as { google: unknown }).google = {
  script: {
    run: createRunner({}),
    host: {
      close: () => window.parent?.postMessage({ type: 'harness:close' }, '*'),
      setHeight: () => undefined,
      setWidth: () => undefined,
      editor: { focus: () => undefined },
    },
  },
};
