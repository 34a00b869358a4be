import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Classic scripts written to a temporary folder, the way esbuild writes dist/addon/Code.js. */
export class ScriptBundles {
  readonly #directory = mkdtempSync(join(tmpdir(), 'apps-script-bundle-'));
  #count = 0;

  write(source: string, path = join(this.#directory, `Code-${++this.#count}.js`)): string {
    writeFileSync(path, source);
    return path;
  }

  remove(): void {
    rmSync(this.#directory, { recursive: true, force: true });
  }
}
