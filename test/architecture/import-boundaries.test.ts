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

/** A source file and the module specifiers it imports: the scanned tree, or an in-memory graph with a planted violation. */
interface ImportingFile {
  file: string;
  specifiers: string[];
}

/**
 * Files left out of the folder rules, each with why. Every one must still break a rule (checked below), so the list
 * shrinks as they are fixed.
 */
const folderRuleExceptions: Record<string, string> = {
  // The configuration schema is assembled from domain schemas (SMTP URL, key-encryption keys, model catalog file).
  // It belongs beside compose-app.ts rather than in platform/; moving it waits for the provider-descriptor work on it.
  'backend/src/platform/config.ts': 'configuration schema built from domain schemas',
};

/** The top-level folder of backend/src a file or resolved import is in; undefined for the root files (app.ts, compose-app.ts, ...). */
function backendFolder(file: string): string | undefined {
  const parts = path.posix.relative('backend/src', file).split('/');
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** Imports from one top-level folder into another, as "from -> to" with the file and specifier that make each. */
function folderImports(files: ImportingFile[], exceptions = folderRuleExceptions): { from: string; to: string; evidence: string }[] {
  return files.flatMap(({ file, specifiers }) => {
    const from = backendFolder(file);
    if (from === undefined || file in exceptions) return [];
    return specifiers
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ to: backendFolder(path.posix.join(path.posix.dirname(file), specifier)), specifier }))
      .filter((edge): edge is { to: string; specifier: string } => edge.to !== undefined && edge.to !== from)
      .map(({ to, specifier }) => ({ from, to, evidence: `${file} imports ${specifier}` }));
  });
}

/** platform/ is the plumbing every domain folder builds on, so it may import none of them (nor the root files). */
function platformImportingDomains(files: ImportingFile[], exceptions = folderRuleExceptions): string[] {
  return files
    .filter(({ file }) => file.startsWith('backend/src/platform/') && !(file in exceptions))
    .flatMap(({ file, specifiers }) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.'))
        // contracts/ sits outside backend/src and imports only zod: every part may build on it.
        .filter((specifier) => !path.posix.join(path.posix.dirname(file), specifier).startsWith('contracts/'))
        .filter((specifier) => backendFolder(path.posix.join(path.posix.dirname(file), specifier)) !== 'platform')
        .map((specifier) => `${file} imports ${specifier}`),
    );
}

/**
 * Cycles between top-level folders, each as "a -> b -> a" with one import per step: a folder that reaches back to
 * itself cannot be understood, tested or moved without the others on its loop.
 */
function folderCycles(files: ImportingFile[], exceptions = folderRuleExceptions): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const { from, to, evidence } of folderImports(files, exceptions)) {
    const targets = edges.get(from) ?? new Map<string, string>();
    if (!targets.has(to)) targets.set(to, evidence);
    edges.set(from, targets);
  }
  const cycles = new Set<string>();
  // Depth-first from each folder; a cycle is reported once, starting from its alphabetically first folder.
  const walk = (start: string, trail: string[]) => {
    const here = trail[trail.length - 1] as string;
    for (const [next, evidence] of edges.get(here) ?? []) {
      if (next === start) {
        const loop = [...trail, start];
        const steps = loop.slice(1).map((to, index) => edges.get(loop[index] as string)?.get(to));
        cycles.add(`${loop.join(' -> ')} (${[...steps, evidence].slice(0, loop.length - 1).join('; ')})`);
      } else if (next > start && !trail.includes(next)) walk(start, [...trail, next]);
    }
  };
  for (const folder of [...edges.keys()].sort()) walk(folder, [folder]);
  return [...cycles];
}

const backendImports: ImportingFile[] = backendFiles.map((file) => ({ file, specifiers: importedModules(file) }));
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

  test('platform/ imports no domain folder', () => {
    expect(platformImportingDomains(backendImports)).toEqual([]);
  });

  test('no cycle between the top-level folders of backend/src', () => {
    expect(folderCycles(backendImports)).toEqual([]);
  });

  test('each exception to the folder rules still breaks one, so the list only shrinks', () => {
    const exempted = backendImports.filter(({ file }) => file in folderRuleExceptions);
    expect(exempted.map(({ file }) => file)).toEqual(Object.keys(folderRuleExceptions));
    for (const exception of exempted) {
      const broken = [...platformImportingDomains([exception], {}), ...folderCycles(backendImports, {})];
      expect(broken.filter((violation) => violation.includes(exception.file))).not.toEqual([]);
    }
  });
});

describe('the folder rules catch a planted violation', () => {
  test('platform/ importing a domain folder is reported, importing platform/ is not', () => {
    const planted: ImportingFile[] = [
      { file: 'backend/src/platform/http/define-route.ts', specifiers: ['zod', './caller', '../logger', '../../auth/caller'] },
      { file: 'backend/src/platform/outbound/outbound-guard.ts', specifiers: ['../../compose-app'] },
      { file: 'backend/src/platform/http/common-schemas.ts', specifiers: ['../../../../contracts/common'] },
      { file: 'backend/src/auth/authenticate.ts', specifiers: ['../platform/http/caller'] },
    ];
    expect(platformImportingDomains(planted)).toEqual([
      'backend/src/platform/http/define-route.ts imports ../../auth/caller',
      'backend/src/platform/outbound/outbound-guard.ts imports ../../compose-app',
    ]);
  });

  test('a cycle between two folders and one through three are reported with the imports that make them', () => {
    const planted: ImportingFile[] = [
      { file: 'backend/src/ai/settings/ai-settings.ts', specifiers: ['../../alerts/alert-settings', '../../platform/logger'] },
      { file: 'backend/src/alerts/alert-routes.ts', specifiers: ['../ai/settings/ai-settings-repository'] },
      { file: 'backend/src/auth/authenticate.ts', specifiers: ['../members/membership'] },
      { file: 'backend/src/members/membership.ts', specifiers: ['../audit/audit-log'] },
      { file: 'backend/src/audit/audit-log.ts', specifiers: ['../auth/caller'] },
    ];
    expect(folderCycles(planted)).toEqual([
      'ai -> alerts -> ai (backend/src/ai/settings/ai-settings.ts imports ../../alerts/alert-settings; backend/src/alerts/alert-routes.ts imports ../ai/settings/ai-settings-repository)',
      'audit -> auth -> members -> audit (backend/src/audit/audit-log.ts imports ../auth/caller; backend/src/auth/authenticate.ts imports ../members/membership; backend/src/members/membership.ts imports ../audit/audit-log)',
    ]);
  });

  test('imports that only go one way, within a folder or from the root files, are no cycle', () => {
    const planted: ImportingFile[] = [
      { file: 'backend/src/alerts/alert-routes.ts', specifiers: ['../ai/settings/ai-settings-repository', './alert-settings'] },
      { file: 'backend/src/ai/ask-ai.ts', specifiers: ['../platform/logger', './settings/ai-settings'] },
      { file: 'backend/src/compose-app.ts', specifiers: ['./ai/compose-ask-ai', './alerts/compose-alerts'] },
      { file: 'backend/src/ai/compose-ask-ai.ts', specifiers: ['../compose-app'] },
    ];
    expect(folderCycles(planted)).toEqual([]);
  });
});
