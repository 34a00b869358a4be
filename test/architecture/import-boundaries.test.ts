import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(path.join(root, directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function importedModules(file: string): string[] {
  const source = readFileSync(path.join(root, file), 'utf8');
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] as string);
}

function violations(
  files: string[],
  forbidden: (specifier: string, file: string) => boolean,
  allowed: (file: string) => boolean,
): string[] {
  return files
    .filter((file) => !allowed(file))
    .flatMap((file) =>
      importedModules(file)
        .filter((specifier) => forbidden(specifier, file))
        .map((specifier) => `${file} imports ${specifier}`),
    );
}

/** Static imports and re-exports with their clause, to tell `import type` from an import that stays in the code. */
function importStatements(file: string): { typeOnly: boolean; specifier: string }[] {
  const source = readFileSync(path.join(root, file), 'utf8');
  const pattern = /^\s*(?:import|export)(\s+type\b)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => ({ typeOnly: match[1] !== undefined, specifier: match[2] as string }));
}

const resolvesUnder = (directory: string, specifier: string, file: string) =>
  specifier.startsWith('.') && path.relative(root, path.resolve(root, path.dirname(file), specifier)).startsWith(`${directory}/`);

const backendFiles = sourceFiles('backend/src');
const aiSdk = (specifier: string) => /^(openai|@anthropic-ai\/sdk|@google\/generative-ai)(\/|$)/.test(specifier);
const firebaseAdmin = (specifier: string) => /^(firebase-admin|@google-cloud\/firestore)(\/|$)/.test(specifier);
const express = (specifier: string) => /^express(\/|$)/.test(specifier);

describe('import boundaries', () => {
  test('the scan sees the backend and recognises imports', () => {
    expect(backendFiles.length).toBeGreaterThan(20);
    expect(importedModules('backend/src/ai/providers/openai/openai-adapter.ts')).toContain('openai');
  });

  test('only provider adapters import an AI SDK', () => {
    expect(violations(backendFiles, aiSdk, (file) => file.startsWith('backend/src/ai/providers/'))).toEqual([]);
  });

  test('only repositories and the Firestore platform code import firebase-admin', () => {
    const allowed = (file: string) => file.endsWith('-repository.ts') || file.startsWith('backend/src/platform/firestore/');
    expect(violations(backendFiles, firebaseAdmin, allowed)).toEqual([]);
  });

  test('express stays in the HTTP layer: routes files, the app and platform/http', () => {
    const allowed = (file: string) =>
      file.endsWith('-routes.ts') ||
      file.startsWith('backend/src/platform/http/') ||
      ['backend/src/app.ts', 'backend/src/compose-app.ts', 'backend/src/auth/authenticate.ts', 'backend/src/start-backend.ts'].includes(
        file,
      );
    expect(violations(backendFiles, express, allowed)).toEqual([]);
  });

  test('the add-on server code imports its own modules and only the packages that bundle for Apps Script, never backend code', () => {
    const addonFiles = [...sourceFiles('addon/src'), ...sourceFiles('addon/shared')];
    // marked (Markdown lexer) is pure ECMAScript with no I/O, so it runs in Apps Script's V8 once bundled;
    // it is reached through addon/src/markdown/ only.
    const bundledPackages: Record<string, string> = { marked: 'addon/src/markdown/' };
    const outside = (specifier: string, file: string) => {
      if (!specifier.startsWith('.')) return !(specifier in bundledPackages && file.startsWith(bundledPackages[specifier] as string));
      // The contracts' types, checked below to be imported as types only.
      if (resolvesUnder('contracts', specifier, file)) return false;
      return !path.relative(root, path.resolve(root, path.dirname(file), specifier)).startsWith('addon/');
    };
    expect(violations(addonFiles, outside, () => false)).toEqual([]);
  });

  test('the add-on (server code and pages) imports contracts/ with `import type` only, so no zod reaches Apps Script or a page', () => {
    const addonFiles = sourceFiles('addon');
    const valueImports = addonFiles.flatMap((file) =>
      importStatements(file)
        .filter((statement) => resolvesUnder('contracts', statement.specifier, file) && !statement.typeOnly)
        .map((statement) => `${file} imports ${statement.specifier}`),
    );
    expect(valueImports).toEqual([]);
    const contractImports = addonFiles.filter((file) =>
      importedModules(file).some((specifier) => resolvesUnder('contracts', specifier, file)),
    );
    expect(contractImports.length).toBeGreaterThan(3);
  });

  test('contracts/ imports only zod and its own files: nothing of the backend or the add-on', () => {
    const contractFiles = sourceFiles('contracts');
    expect(contractFiles.length).toBeGreaterThan(5);
    const foreign = (specifier: string, file: string) =>
      specifier.startsWith('.') ? !resolvesUnder('contracts', specifier, file) : specifier !== 'zod';
    expect(violations(contractFiles, foreign, () => false)).toEqual([]);
  });
});
