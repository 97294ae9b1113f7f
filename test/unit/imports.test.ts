import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every module a file names: static, type-only, re-exports, dynamic import() and import types, as TypeScript parses them. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The project's own modules under `dirs` and the project modules each imports (packages and built-ins left out). */
function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.ts')) continue;
      const file = join(ROOT, dir, name);
      const targets = specifiers(file)
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(ROOT, resolve(dirname(file), s)));
      graph.set(relative(ROOT, file), targets);
    }
  }
  return graph;
}

/** One import circle, as the files around it (the first repeated at the end), or undefined when there is none. */
function findCircle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const walk = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const circle = walk(next);
        if (circle) return circle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const circle = walk(node);
      if (circle) return circle;
    }
  }
  return undefined;
}

/** Every module `from` imports, directly or through others. */
function reachable(graph: ReadonlyMap<string, readonly string[]>, from: string): string[] {
  const seen = new Set<string>();
  const pending = [...(graph.get(from) ?? [])];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return [...seen];
}

describe('the import graph', () => {
  const graph = importGraph(['src', 'function/src']);

  it('finds a circle when there is one, and reaches what a module imports through others', () => {
    expect(findCircle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCircle(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toBeUndefined();
    expect(reachable(new Map([['a', ['b']], ['b', ['c']], ['c', ['b']]]), 'a').sort()).toEqual(['b', 'c']);
  });

  it('sees type-only and dynamic imports as well as static ones', () => {
    // registry-token.ts: `import type` of ecr.ts, import() of aws-calls.ts; answer.ts: static imports.
    expect(graph.get('function/src/registry-token.ts')).toEqual(['src/core/ecr.ts', 'function/src/aws-calls.ts']);
    expect(graph.get('function/src/answer.ts')).toEqual(expect.arrayContaining(['function/src/limits.ts', 'src/core/oci.ts']));
    expect(specifiers(join(ROOT, 'src/bin/aws-sdk-client-ecr.ts'))).toContain('@aws-sdk/client-ecr');
  });

  it('has no circle in src/ or function/src', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(findCircle(graph)).toBeUndefined();
  });

  it('names only files that exist', () => {
    const missing = [...graph.values()].flat().filter((target) => !graph.has(target));
    expect(missing).toEqual([]);
  });

  it('gives the executables every SDK name the code takes from the SDK: src/bin/aws-sdk-client-ecr.ts exports each one', () => {
    const shim = readFileSync(join(ROOT, 'src/bin/aws-sdk-client-ecr.ts'), 'utf8');
    const exported = new Set(/export const \{([^}]*)\} = sdk;/.exec(shim)?.[1]?.split(',').map((name) => name.trim()).filter((name) => name !== ''));
    const used = new Set<string>();
    for (const file of graph.keys()) {
      if (file.startsWith('src/bin/')) continue;
      for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(/const \{([^}]*)\} = await import\('@aws-sdk\/client-[a-z-]+'\)/g)) {
        for (const name of match[1]?.split(',') ?? []) used.add(name.trim());
      }
    }
    expect(used).toContain('ListTagsForResourceCommand');
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('keeps each door to itself: no door under src/serve/doors reaches another, directly or through what it imports', () => {
    const doors = [...graph.keys()].filter((file) => file.startsWith('src/serve/doors/')).sort();
    expect(doors).toEqual(['src/serve/doors/api-gateway.ts', 'src/serve/doors/cloudfront.ts', 'src/serve/doors/proxy.ts']);
    for (const door of doors) expect(reachable(graph, door).filter((file) => doors.includes(file)), door).toEqual([]);
  });

  it("keeps doctor on the credential helper's library: it reaches index.ts, never the CLI or init", () => {
    const helper = reachable(graph, 'src/doctor/doctor.ts').filter((file) => file.startsWith('src/credential-helper/'));
    expect(helper).toContain('src/credential-helper/index.ts');
    expect(helper.filter((file) => /\/(cli|init)\.ts$/.test(file))).toEqual([]);
  });
});
