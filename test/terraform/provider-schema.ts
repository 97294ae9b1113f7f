// Reads Terraform provider schemas from the generated cdktn provider bindings: the config interfaces in
// each resource's index.d.ts carry argument names (in their registry doc links), optionality and nested
// block types; index.js names every readable attribute.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface ArgumentSchema {
  readonly required: boolean;
  /** The TypeScript type of the binding, e.g. `string`, `number`, `boolean | cdktn.IResolvable`, `string[]`. */
  readonly type: string;
}

export interface BlockSchema {
  readonly arguments: ReadonlyMap<string, ArgumentSchema>;
  readonly blocks: ReadonlyMap<string, { readonly required: boolean; readonly schema: BlockSchema }>;
}

export interface ResourceSchema extends BlockSchema {
  /** Every attribute name a reference may read (arguments and computed attributes, nested ones included). */
  readonly attributes: ReadonlySet<string>;
  /** Provider version the bindings were generated from, e.g. `6.66.0`. */
  readonly providerVersion: string;
}

const require = createRequire(import.meta.url);

const PACKAGES: Readonly<Record<string, string>> = {
  aws: '@cdktn/provider-aws',
  archive: '@cdktn/provider-archive',
};

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** `aws_apigatewayv2_api` (resource) → lib/apigatewayv2-api; `aws_region` (data) → lib/data-aws-region. */
function bindingDir(kind: 'resource' | 'data', type: string): string {
  const provider = type.split('_')[0] ?? '';
  const pkg = PACKAGES[provider];
  if (pkg === undefined) {
    throw new Error(`no provider bindings for ${type}: known providers are ${Object.keys(PACKAGES).join(', ')}`);
  }
  const rest = type.slice(provider.length + 1).replaceAll('_', '-');
  const dir = kind === 'data' ? `data-${provider}-${rest}` : rest;
  return join(packageDir(pkg), 'lib', dir);
}

export function providerVersionOf(provider: string): string {
  const pkg = PACKAGES[provider];
  if (pkg === undefined) throw new Error(`no provider bindings for ${provider}`);
  const json = JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')) as {
    cdktf?: { provider?: { version?: string } };
    cdktn?: { provider?: { version?: string } };
  };
  return json.cdktn?.provider?.version ?? json.cdktf?.provider?.version ?? 'unknown';
}

const cache = new Map<string, ResourceSchema | undefined>();

/** The schema of a resource or data source, or undefined when the provider has no such type. */
export function loadSchema(kind: 'resource' | 'data', type: string): ResourceSchema | undefined {
  const key = `${kind}:${type}`;
  if (!cache.has(key)) cache.set(key, readSchema(kind, type));
  return cache.get(key);
}

function readSchema(kind: 'resource' | 'data', type: string): ResourceSchema | undefined {
  const dir = bindingDir(kind, type);
  const dts = join(dir, 'index.d.ts');
  const js = join(dir, 'index.js');
  if (!existsSync(dts) || !existsSync(js)) return undefined;
  const source = ts.createSourceFile(dts, readFileSync(dts, 'utf8'), ts.ScriptTarget.Latest, true);

  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  let configName: string | undefined;
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isClassDeclaration(statement) && statement.name && declaresType(statement, type)) {
      configName = constructorConfig(statement) ?? `${statement.name.text}Config`;
    }
  }
  if (configName === undefined) return undefined;
  const config = interfaces.get(configName);
  if (config === undefined) throw new Error(`${dts}: no interface ${configName}`);

  const jsText = readFileSync(js, 'utf8');
  const attributes = new Set<string>();
  for (const match of jsText.matchAll(/get\w*Attribute\('([a-z0-9_]+)'\)|\(this, "([a-z0-9_]+)"/g)) {
    attributes.add(match[1] ?? match[2] ?? '');
  }
  const block = readBlock(config, interfaces, source);
  for (const name of block.arguments.keys()) attributes.add(name);
  for (const name of block.blocks.keys()) attributes.add(name);
  attributes.delete('');

  const version = /registry\.terraform\.io\/providers\/[^/]+\/[^/]+\/([^/]+)\/docs/.exec(source.text)?.[1] ?? 'unknown';
  return { ...block, attributes, providerVersion: version };
}

/** The interface the class's constructor takes as `config`: `XConfig`, or `XConfigA` where the bindings renamed it. */
function constructorConfig(node: ts.ClassDeclaration): string | undefined {
  for (const member of node.members) {
    if (!ts.isConstructorDeclaration(member)) continue;
    const type = member.parameters.find((parameter) => parameter.name.getText() === 'config')?.type;
    if (type !== undefined && ts.isTypeReferenceNode(type)) return type.typeName.getText();
  }
  return undefined;
}

function declaresType(node: ts.ClassDeclaration, type: string): boolean {
  return node.members.some(
    (member) =>
      ts.isPropertyDeclaration(member) &&
      member.name.getText() === 'tfResourceType' &&
      member.initializer !== undefined &&
      ts.isStringLiteral(member.initializer) &&
      member.initializer.text === type,
  );
}

function readBlock(
  node: ts.InterfaceDeclaration,
  interfaces: ReadonlyMap<string, ts.InterfaceDeclaration>,
  source: ts.SourceFile,
): BlockSchema {
  const args = new Map<string, ArgumentSchema>();
  const blocks = new Map<string, { required: boolean; schema: BlockSchema }>();
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined) continue;
    const doc = member
      .getFullText(source)
      .slice(0, member.getLeadingTriviaWidth(source))
      .replace(/^\s*\/?\*+\/?/gm, '')
      .trim();
    // The doc link ends in `#<terraform_name> <Class>#<terraform_name>}`.
    const name = /#([a-z0-9_]+) \w+#\1\}/.exec(doc)?.[1];
    if (name === undefined) throw new Error(`${source.fileName}: no Terraform name for ${member.name.getText(source)}`);
    const required = member.questionToken === undefined;
    const typeText = member.type.getText(source);
    if (doc.startsWith(`${name} block`)) {
      const nestedName = /^(\w+)/.exec(typeText)?.[1] ?? '';
      const nested = interfaces.get(nestedName);
      if (nested === undefined) throw new Error(`${source.fileName}: block ${name} has no interface ${nestedName}`);
      blocks.set(name, { required, schema: readBlock(nested, interfaces, source) });
    } else {
      args.set(name, { required, type: typeText });
    }
  }
  return { arguments: args, blocks };
}
