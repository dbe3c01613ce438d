/** Reading the extension's own source (entrypoints, lib, components) for the security tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Everything that ends up in the extension; sandbox/, scripts/ and tests/ never do. */
export const SOURCE_DIRS = ['entrypoints', 'lib', 'components'];

export function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  return SOURCE_DIRS.flatMap((dir) => walk(join(ROOT, dir)));
}

export function rel(path: string): string {
  return relative(ROOT, path);
}

export function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

export function forEachNode(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => forEachNode(child, visit));
}

/** `browser.<api>` and `chrome.<api>` namespaces used in the source, with where. */
export function extensionApiUses(): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const sf = parse(file);
    forEachNode(sf, (node) => {
      if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression)) return;
      const root = node.expression.text;
      if (root !== 'browser' && root !== 'chrome') return;
      const api = node.name.text;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      uses.set(api, [...(uses.get(api) ?? []), `${rel(file)}:${line}`]);
    });
  }
  return uses;
}

/** `browser.<api>.<member>` pairs used in the source, e.g. `scripting.registerContentScripts`. */
export function extensionApiMembers(): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const sf = parse(file);
    forEachNode(sf, (node) => {
      if (!ts.isPropertyAccessExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const inner = node.expression;
      if (!ts.isIdentifier(inner.expression) || (inner.expression.text !== 'browser' && inner.expression.text !== 'chrome')) return;
      const member = `${inner.name.text}.${node.name.text}`;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      uses.set(member, [...(uses.get(member) ?? []), `${rel(file)}:${line}`]);
    });
  }
  return uses;
}
