import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Builds one self-contained HTML page: the page's script and stylesheet are bundled and inlined, because
 * HtmlService serves a single file and pages must not load code from the network.
 */
export async function buildHtmlPage(pageDirectory: string, name: string): Promise<string> {
  const template = await readFile(path.join(pageDirectory, `${name}.html`), 'utf8');
  const css = await readFile(path.join(pageDirectory, `${name}.css`), 'utf8');
  const script = await build({
    entryPoints: [path.join(pageDirectory, `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = (script.outputFiles[0]?.text ?? '')
    // A literal "</script" inside the inlined code would end the script element early.
    .replace(/<\/script/gi, '<\\/script');
  return template.replace(`/* inline:${name}.css */`, () => css).replace(`/* inline:${name}.js */`, () => code);
}
