import vm from 'node:vm';
import { build } from 'esbuild';

const globalName = 'AddOn';

/**
 * Bundles the add-on server code into one classic script. Apps Script has no module system and calls
 * triggers and `google.script.run` targets by global function name, so every export of the entry becomes a
 * top-level `function` declaration that forwards to the bundle.
 */
export async function buildAppsScriptBundle(
  entry: string,
  define: Record<string, string> = {},
): Promise<{ code: string; functionNames: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName,
    platform: 'neutral',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    define,
  });
  const bundle = result.outputFiles[0]?.text ?? '';
  const functionNames = exportedFunctionNames(bundle);
  const declarations = functionNames
    .map((name) => `function ${name}() {\n  return ${globalName}.${name}.apply(this, arguments);\n}`)
    .join('\n\n');
  return { code: `${bundle}\n${declarations}\n`, functionNames };
}

/** Loads the bundle in an empty context, as Apps Script would, to read which functions it exports. */
function exportedFunctionNames(bundle: string): string[] {
  const context = vm.createContext({});
  vm.runInContext(`${bundle}\nthis.__exports = ${globalName};`, context);
  const exported = (context as { __exports: Record<string, unknown> }).__exports;
  return Object.keys(exported)
    .filter((name) => typeof exported[name] === 'function')
    .sort();
}
