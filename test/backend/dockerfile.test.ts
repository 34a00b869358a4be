import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildBackend } from '../../scripts/build-backend';

const root = path.resolve(__dirname, '../..');

interface Instruction {
  keyword: string;
  argument: string;
}

/** Dockerfile syntax: one instruction per line, `\` continues a line, `#` starts a comment. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  return logical
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const match = /^([A-Za-z]+)\s+(.*)$/.exec(line);
      if (!match) throw new Error(`Not a Dockerfile instruction: ${line}`);
      return { keyword: (match[1] as string).toUpperCase(), argument: match[2] as string };
    });
}

describe('the Dockerfile for Cloud Run', () => {
  const instructions = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    engines: { node: string };
  };
  const known = new Set(['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'CMD', 'EXPOSE', 'ARG', 'LABEL', 'ENTRYPOINT', 'HEALTHCHECK']);

  it('parses into known instructions, builds in one stage and runs as a non-root user on Node 22', () => {
    expect(instructions.filter((instruction) => !known.has(instruction.keyword))).toEqual([]);
    const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');
    expect(stages.map((stage) => stage.argument)).toEqual(['node:22-slim AS build', 'node:22-slim']);
    expect(instructions.filter((instruction) => instruction.keyword === 'USER').at(-1)?.argument).toBe('node');
    expect(instructions).toContainEqual({ keyword: 'ENV', argument: 'NODE_ENV=production' });
  });

  it('starts the same command as npm run start:production, on a file the build produces', async () => {
    const command = instructions.filter((instruction) => instruction.keyword === 'CMD').at(-1);
    const argv = JSON.parse(command?.argument ?? '[]') as string[];
    expect(argv.join(' ')).toBe(packageJson.scripts['start:production']);
    const builtFile = argv.find((part) => part.endsWith('.js')) as string;
    await buildBackend();
    expect(existsSync(path.join(root, builtFile))).toBe(true);
    expect(existsSync(path.join(root, 'dist/backend/admin-cli.js'))).toBe(true);
  });

  it('runs the build script the package names, copying only what it needs', () => {
    const runs = instructions.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.argument);
    expect(runs).toContain('npx tsx scripts/build-backend.ts');
    expect(packageJson.scripts['build:backend']).toBe('tsx scripts/build-backend.ts');
    const copies = instructions.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => instruction.argument);
    expect(copies.some((copy) => copy.includes('addon') || copy.includes('harness') || copy.startsWith('. '))).toBe(false);
  });

  it('copies into the build every top-level folder the backend imports from (contracts/ among them)', () => {
    const copied = instructions
      .filter((instruction) => instruction.keyword === 'COPY' && !instruction.argument.startsWith('--from'))
      .map((instruction) => instruction.argument.split(/\s+/)[0] as string);
    const backendFiles = readdirSync(path.join(root, 'backend/src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => path.join(entry.parentPath, entry.name));
    const outside = new Set<string>();
    for (const file of backendFiles) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\bfrom\s*['"](\.[^'"]+)['"]/g)) {
        const target = path.relative(root, path.resolve(path.dirname(file), specifier as string));
        const folder = target.split(path.sep)[0] as string;
        if (folder !== 'backend') outside.add(folder);
      }
    }
    expect([...outside]).toContain('contracts');
    expect([...outside].filter((folder) => !copied.includes(folder))).toEqual([]);
  });
});
