/**
 * No credentials or tokens are kept anywhere (DESIGN §3). Statically: the type of every value
 * the code writes to browser.storage or IndexedDB has no field that could hold one, the CSRF
 * token stays inside lib/admin-api (in memory), and nothing touches cookies. The e2e test
 * (tests/e2e/security.e2e.test.ts) checks the same on a real profile after a sync and a change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extensionApiUses, forEachNode, parse, rel, ROOT, sourceFiles } from './source';

const CREDENTIAL = /csrf|xsrf|password|passwd|secret|credential|cookie|^sid$|session_?id|(auth|access|refresh|bearer|api|id|session)_?token|^token$/i;

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json did not parse');
  return ts.createProgram({ rootNames: sourceFiles(), options: { ...config.options, noEmit: true } });
}

/** Property paths inside `type` whose name looks like a credential. */
function credentialFields(checker: ts.TypeChecker, type: ts.Type, path = '', seen = new Set<ts.Type>(), depth = 0): string[] {
  if (depth > 8 || seen.has(type)) return [];
  seen.add(type);
  if (type.isUnionOrIntersection()) return type.types.flatMap((part) => credentialFields(checker, part, path, seen, depth + 1));
  const found: string[] = [];
  const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  if (element) found.push(...credentialFields(checker, element, `${path}[]`, seen, depth + 1));
  const values = checker.getIndexTypeOfType(type, ts.IndexKind.String);
  if (values) found.push(...credentialFields(checker, values, `${path}[*]`, seen, depth + 1));
  if (checker.isArrayType(type) || checker.isTupleType(type)) return found;
  for (const property of checker.getPropertiesOfType(type)) {
    const decl = property.valueDeclaration ?? property.declarations?.[0];
    // Built-in prototypes (String, Date, Map…) are not data we store.
    if (!decl || decl.getSourceFile().fileName.includes('/node_modules/')) continue;
    const name = property.getName();
    const here = path ? `${path}.${name}` : name;
    if (CREDENTIAL.test(name)) found.push(here);
    found.push(...credentialFields(checker, checker.getTypeOfSymbolAtLocation(property, decl), here, seen, depth + 1));
  }
  return found;
}

interface StorageWrite {
  where: string;
  kind: 'browser.storage' | 'IndexedDB';
  fields: string[];
}

function storageWrites(prog: ts.Program): StorageWrite[] {
  const checker = prog.getTypeChecker();
  const writes: StorageWrite[] = [];
  for (const file of sourceFiles()) {
    const sf = prog.getSourceFile(file);
    if (!sf) continue;
    forEachNode(sf, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const method = node.expression.name.text;
      const receiver = node.expression.expression;
      const receiverType = checker.typeToString(checker.getTypeAtLocation(receiver));
      let kind: StorageWrite['kind'] | null = null;
      if (method === 'set' && /\bstorage\.(local|session|sync|managed)$/.test(receiver.getText(sf))) kind = 'browser.storage';
      if ((method === 'put' || method === 'add') && /ObjectStore|IDBPIndex/.test(receiverType)) kind = 'IndexedDB';
      if (!kind) return;
      const value = node.arguments[0];
      if (!value) return;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      writes.push({ where: `${rel(file)}:${line}`, kind, fields: credentialFields(checker, checker.getTypeAtLocation(value)) });
    });
  }
  return writes;
}

describe('no credentials or tokens are stored', () => {
  const prog = program();
  const writes = storageWrites(prog);

  it("the detector sees the one credential the code holds: the Session's CSRF token", () => {
    const checker = prog.getTypeChecker();
    const types = prog.getSourceFile(join(ROOT, 'lib/core/types.ts'));
    const session = types?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Session');
    expect(session).toBeDefined();
    expect(credentialFields(checker, checker.getTypeAtLocation(session!))).toEqual(['csrfToken']);
    // A Job, which the cache does store, has none: the detector is not just matching everything.
    const job = types?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Job');
    expect(credentialFields(checker, checker.getTypeAtLocation(job!))).toEqual([]);
  });

  it('finds the writes it is meant to check (settings, cache)', () => {
    expect(writes.some((w) => w.kind === 'browser.storage' && w.where.startsWith('lib/settings/'))).toBe(true);
    expect(writes.filter((w) => w.kind === 'IndexedDB' && w.where.startsWith('lib/cache/')).length).toBeGreaterThan(3);
  });

  it('writes no value whose type has a credential-like field', () => {
    expect(writes.filter((w) => w.fields.length > 0).map((w) => `${w.where} (${w.kind}): ${w.fields.join(', ')}`)).toEqual([]);
  });

  it('keeps the CSRF token inside lib/admin-api (memory only)', () => {
    const outside: string[] = [];
    for (const file of sourceFiles()) {
      const path = rel(file);
      if (path.startsWith('lib/admin-api/') || path === 'lib/core/types.ts') continue; // the adapter, and the contract's Session type
      const sf = parse(file);
      forEachNode(sf, (node) => {
        if ((ts.isIdentifier(node) || ts.isStringLiteral(node)) && /csrf|xsrf/i.test(node.text)) {
          outside.push(`${path}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${node.text}`);
        }
      });
    }
    expect(outside).toEqual([]);
  });

  it('never reads or writes cookies itself (the browser sends the session cookie)', () => {
    expect(extensionApiUses().has('cookies')).toBe(false);
    for (const file of sourceFiles()) expect(readFileSync(file, 'utf8'), rel(file)).not.toMatch(/document\.cookie/);
  });

  it('the cache schema declares no credential field', () => {
    const schema = readFileSync(join(ROOT, 'lib/cache/schema.ts'), 'utf8');
    expect(schema).not.toMatch(/csrf|password|secret|\bsid\b|cookie|[a-z]Token\b/i);
  });
});
