// Loads a Terraform module directory through the HCL v2 parser (hcl2json) into the shapes the tests walk.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { getExpressionAst, parse, TFExpressionSyntaxTree, wrapTerraformExpression } from '@cdktn/hcl2json';

export const REPO = resolve(import.meta.dirname, '../..');
/** Root modules that call this module: private, public, CloudFront, ECS, two regions, and a certificate and zone of your own. */
export const EXAMPLE_DIRS = [
  join(REPO, 'example'),
  join(REPO, 'example/public'),
  join(REPO, 'example/cloudfront'),
  join(REPO, 'example/ecs'),
  join(REPO, 'example/multi-region'),
  join(REPO, 'example/existing-certificate'),
] as const;
export const MODULE_DIRS = [REPO, ...EXAMPLE_DIRS] as const;

/** A JSON value as hcl2json produces it: expressions are strings wrapped in `${...}`. */
export type Hcl = string | number | boolean | null | Hcl[] | { [key: string]: Hcl };
export type HclObject = { [key: string]: Hcl };

export interface TfFile {
  readonly path: string;
  readonly name: string;
  readonly text: string;
  readonly body: HclObject;
}

export interface Block {
  readonly file: string;
  readonly body: HclObject;
}

export interface TfModule {
  readonly dir: string;
  readonly files: readonly TfFile[];
  readonly resources: ReadonlyMap<string, Block>; // "aws_x.name"
  readonly data: ReadonlyMap<string, Block>; // "aws_x.name"
  readonly variables: ReadonlyMap<string, Block>;
  readonly outputs: ReadonlyMap<string, Block>;
  readonly locals: ReadonlyMap<string, Block>;
  readonly modules: ReadonlyMap<string, Block>;
  readonly providers: ReadonlyMap<string, Block>; // "aws", or "aws.us_east_1" for an aliased one
}

export function tfFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map((name) => join(dir, name));
}

export function isObject(value: Hcl | undefined): value is HclObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** hcl2json writes each block as a one-element list of its body. */
function bodies(value: Hcl | undefined): HclObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export async function loadModule(dir: string): Promise<TfModule> {
  const files: TfFile[] = [];
  const resources = new Map<string, Block>();
  const data = new Map<string, Block>();
  const variables = new Map<string, Block>();
  const outputs = new Map<string, Block>();
  const locals = new Map<string, Block>();
  const modules = new Map<string, Block>();
  const providers = new Map<string, Block>();

  const add = (map: Map<string, Block>, key: string, block: Block) => {
    if (map.has(key)) throw new Error(`${block.file}: ${key} is declared twice`);
    map.set(key, block);
  };

  for (const path of tfFiles(dir)) {
    const text = readFileSync(path, 'utf8');
    const name = relative(REPO, path);
    const body = (await parse(name, text)) as HclObject;
    files.push({ path, name, text, body });

    for (const [kind, target] of [
      ['resource', resources],
      ['data', data],
    ] as const) {
      const byType = body[kind];
      if (!isObject(byType)) continue;
      for (const [type, byName] of Object.entries(byType)) {
        if (!isObject(byName)) continue;
        for (const [blockName, list] of Object.entries(byName)) {
          for (const b of bodies(list)) add(target, `${type}.${blockName}`, { file: name, body: b });
        }
      }
    }
    for (const [kind, target] of [
      ['variable', variables],
      ['output', outputs],
      ['module', modules],
      ['provider', providers],
    ] as const) {
      const byName = body[kind];
      if (!isObject(byName)) continue;
      for (const [blockName, list] of Object.entries(byName)) {
        for (const b of bodies(list)) {
          // Several configurations of one provider differ by alias, which is how modules name them.
          const key = kind === 'provider' && typeof b.alias === 'string' ? `${blockName}.${b.alias}` : blockName;
          add(target, key, { file: name, body: b });
        }
      }
    }
    for (const localsBody of bodies(body.locals)) {
      for (const [key, value] of Object.entries(localsBody)) add(locals, key, { file: name, body: { value } });
    }
  }
  return { dir, files, resources, data, variables, outputs, locals, modules, providers };
}

/** Every string in a value that holds a template expression. */
export function expressions(value: Hcl | undefined): string[] {
  if (typeof value === 'string') return value.includes('${') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => expressions(item));
  if (isObject(value)) return Object.values(value).flatMap((item) => expressions(item));
  return [];
}

/**
 * References (`var.x`, `aws_x.y.attr`, `local.z`, ...) in a value, found in the HCL expression parser's syntax
 * tree. Unlike hcl2json's own reference finder this also walks the bodies of for expressions, leaving out
 * their iteration variables.
 */
export async function references(file: string, value: Hcl | undefined): Promise<string[]> {
  const found: string[] = [];
  for (const expression of expressions(value)) {
    const ast = await getExpressionAst(file, wrapTerraformExpression(`"${expression}"`).wrap);
    if (ast !== null) collect(ast, [], found);
  }
  return found;
}

function collect(node: TFExpressionSyntaxTree.ExpressionType, bound: readonly string[], found: string[]): void {
  if (TFExpressionSyntaxTree.isScopeTraversalExpression(node)) {
    const segments = node.meta.traversal.map((part) => part.segment);
    if (segments[0] !== undefined && !bound.includes(segments[0])) found.push(segments.join('.'));
    return;
  }
  const inner = TFExpressionSyntaxTree.isForExpression(node) ? [...bound, node.meta.keyVar, node.meta.valVar] : bound;
  for (const child of node.children ?? []) collect(child, inner, found);
}
