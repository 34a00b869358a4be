import { build } from 'esbuild';
import path from 'node:path';

const shimEntry = path.resolve(__dirname, '..', 'page', 'google-script-run-shim.ts');

/** The google.script shim as one browser script, built once when the harness starts. */
export async function buildGoogleScriptShim(): Promise<string> {
  const result = await build({
    entryPoints: [shimEntry],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the google.script shim');
  return output.text;
}

/**
 * Apps Script serves an HtmlOutput with `google.script` already defined; the harness does the same by
 * putting the shim before any of the page's own scripts.
 */
export function withGoogleScript(html: string, shim: string): string {
  const tag = `<script>${shim.replace(/<\/script/gi, '<\\/script')}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}
