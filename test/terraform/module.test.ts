// Static checks of the Terraform module and the examples that need no terraform: the HCL v2 parser, the AWS
// provider v6 schema from the cdktn bindings (terraform-cli.test.ts validates against 5.100, the oldest supported
// release, with terraform itself), reference resolution, and the house rules for variables, outputs and toggles.
// What the module creates and refuses is asserted by terraform test (tests/*.tftest.hcl).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRepositoryPattern, repositoryMatcher } from '../../src/core/registry-path.ts';
import { allDocs } from '../support/docs.ts';
import {
  type Block,
  EXAMPLE_DIRS,
  expressions,
  type Hcl,
  type HclObject,
  isObject,
  loadModule,
  MODULE_DIRS,
  REPO,
  references,
  type TfModule,
} from './hcl.ts';
import { type BlockSchema, loadSchema, providerVersionOf } from './provider-schema.ts';

const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const LIFECYCLE = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);
/** Terraform's built-in resource types, which no provider binding describes, with their arguments. */
const BUILTIN_RESOURCES = new Map([['terraform_data', new Set(['input', 'triggers_replace'])]]);

const modules = new Map<string, TfModule>();
beforeAll(async () => {
  for (const dir of MODULE_DIRS) modules.set(dir, await loadModule(dir));
});

function moduleAt(dir: string): TfModule {
  const found = modules.get(dir);
  if (found === undefined) throw new Error(`module ${dir} was not loaded`);
  return found;
}

const root = () => moduleAt(REPO);

function isExpression(value: Hcl | undefined): boolean {
  return typeof value === 'string' && value.includes(`\${`);
}

/** Finds where a literal value cannot have the argument's type (expressions are left to Terraform). */
function typeProblem(type: string, value: Hcl): string | undefined {
  if (isExpression(value)) return undefined;
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (/^(string|number|boolean)( \| cdktn\.IResolvable)?$/.test(type)) {
    if (!scalar) return `expects a ${type.split(' ')[0]}, got ${JSON.stringify(value)}`;
    if (type.startsWith('number') && !Number.isFinite(Number(value))) return `expects a number, got ${JSON.stringify(value)}`;
    if (type.startsWith('boolean') && !['true', 'false'].includes(String(value))) {
      return `expects a boolean, got ${JSON.stringify(value)}`;
    }
  }
  if (type.endsWith('[]') && !Array.isArray(value)) return `expects a list, got ${JSON.stringify(value)}`;
  if (type.startsWith('{') && !isObject(value)) return `expects a map, got ${JSON.stringify(value)}`;
  return undefined;
}

/** Checks one block body against its schema; returns every problem found. */
function checkBlock(body: HclObject, schema: BlockSchema, where: string, topLevel: boolean): string[] {
  const problems: string[] = [];
  const present = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) {
      if (key === 'lifecycle') {
        for (const lifecycle of Array.isArray(value) ? value : []) {
          for (const name of Object.keys(isObject(lifecycle) ? lifecycle : {})) {
            if (!LIFECYCLE.has(name)) problems.push(`${where}: lifecycle has no argument "${name}"`);
          }
        }
      }
      continue;
    }
    if (key === 'dynamic') {
      for (const [name, list] of Object.entries(isObject(value) ? value : {})) {
        const nested = schema.blocks.get(name);
        if (nested === undefined) {
          problems.push(`${where}: dynamic "${name}" is not a block of this type`);
          continue;
        }
        present.add(name);
        for (const dynamic of Array.isArray(list) ? list.filter(isObject) : []) {
          if (dynamic.for_each === undefined) problems.push(`${where}: dynamic "${name}" has no for_each`);
          const contents = Array.isArray(dynamic.content) ? dynamic.content.filter(isObject) : [];
          if (contents.length !== 1) problems.push(`${where}: dynamic "${name}" needs exactly one content block`);
          for (const content of contents) problems.push(...checkBlock(content, nested.schema, `${where}.${name}`, false));
        }
      }
      continue;
    }
    const argument = schema.arguments.get(key);
    const block = schema.blocks.get(key);
    if (argument !== undefined) {
      present.add(key);
      const problem = typeProblem(argument.type, value);
      if (problem !== undefined) problems.push(`${where}: ${key} ${problem}`);
    } else if (block !== undefined) {
      present.add(key);
      const items = Array.isArray(value) ? value : [];
      if (items.length === 0 || !items.every(isObject)) {
        problems.push(`${where}: ${key} is a block; write it as ${key} { ... }`);
        continue;
      }
      for (const item of items.filter(isObject)) problems.push(...checkBlock(item, block.schema, `${where}.${key}`, false));
    } else {
      problems.push(`${where}: "${key}" is neither an argument nor a block of this type`);
    }
  }
  for (const [name, argument] of schema.arguments) {
    if (argument.required && !present.has(name)) problems.push(`${where}: required argument "${name}" is missing`);
  }
  for (const [name, block] of schema.blocks) {
    if (block.required && !present.has(name)) problems.push(`${where}: required block "${name}" is missing`);
  }
  return problems;
}

function typeOf(address: string): string {
  return address.split('.')[0] ?? '';
}

function dynamicIterators(value: Hcl | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => dynamicIterators(item));
  if (!isObject(value)) return [];
  const own = isObject(value.dynamic)
    ? Object.entries(value.dynamic).flatMap(([name, list]) =>
        (Array.isArray(list) ? list.filter(isObject) : []).map((d) => (typeof d.iterator === 'string' ? d.iterator : name)),
      )
    : [];
  return [...own, ...Object.values(value).flatMap((item) => dynamicIterators(item))];
}

/** The module a local `source` points at, loaded on demand. */
async function calledModule(from: TfModule, block: Block): Promise<TfModule | undefined> {
  const source = block.body.source;
  if (typeof source !== 'string' || !source.startsWith('.')) return undefined;
  const dir = resolve(from.dir, source);
  return modules.get(dir) ?? loadModule(dir);
}

/** A block without lifecycle.ignore_changes, whose entries name the block's own arguments rather than refer to anything. */
function withoutIgnoreChanges(body: HclObject): HclObject {
  if (!Array.isArray(body.lifecycle)) return body;
  const lifecycle = body.lifecycle.map((item) => {
    if (!isObject(item)) return item;
    const { ignore_changes: _ignored, ...rest } = item;
    return rest;
  });
  return { ...body, lifecycle };
}

interface Scope {
  readonly count: boolean;
  readonly forEach: boolean;
  readonly iterators: readonly string[];
}

async function unresolved(module: TfModule, file: string, body: Hcl, scope: Scope): Promise<string[]> {
  const problems: string[] = [];
  for (const reference of await references(file, body)) {
    const [head = '', second = '', third] = reference.split('.');
    // After the address come index keys (count, for_each) and then an attribute of the type.
    const resolvesAttribute = (kind: 'resource' | 'data', type: string, parts: string[]) => {
      const schema = loadSchema(kind, type);
      return parts.length === 0 || parts.some((part) => schema?.attributes.has(part) === true);
    };
    let ok: boolean;
    switch (head) {
      case 'var':
        ok = module.variables.has(second);
        break;
      case 'local':
        ok = module.locals.has(second);
        break;
      case 'path':
        ok = ['module', 'root', 'cwd'].includes(second);
        break;
      case 'terraform':
        ok = second === 'workspace';
        break;
      case 'count':
        ok = scope.count && second === 'index';
        break;
      case 'each':
        ok = scope.forEach && ['key', 'value'].includes(second);
        break;
      case 'data':
        ok =
          third !== undefined &&
          module.data.has(`${second}.${third}`) &&
          resolvesAttribute('data', second, reference.split('.').slice(3));
        break;
      case 'module': {
        const call = module.modules.get(second);
        const target = call === undefined ? undefined : await calledModule(module, call);
        ok = call !== undefined && (target === undefined || third === undefined || target.outputs.has(third));
        break;
      }
      default:
        if (scope.iterators.includes(head)) {
          ok = true;
        } else {
          const resource = module.resources.get(`${head}.${second}`);
          ok = resource !== undefined && resolvesAttribute('resource', head, reference.split('.').slice(2));
        }
    }
    if (!ok) problems.push(`${file}: ${reference} does not resolve`);
  }
  return problems;
}

describe.each(MODULE_DIRS.map((dir) => [relative(REPO, dir) || 'root module', dir] as const))('%s', (_label, dir) => {
  it('uses only arguments and blocks that exist in the provider schemas, and sets every required one', () => {
    const module = moduleAt(dir);
    const problems: string[] = [];
    for (const [kind, blocks] of [
      ['resource', module.resources],
      ['data', module.data],
    ] as const) {
      for (const [address, block] of blocks) {
        const builtin = kind === 'resource' ? BUILTIN_RESOURCES.get(typeOf(address)) : undefined;
        if (builtin !== undefined) {
          const unknown = Object.keys(block.body).filter((key) => !META_ARGUMENTS.has(key) && !builtin.has(key));
          problems.push(...unknown.map((key) => `${block.file}: ${address}: "${key}" is no argument of ${typeOf(address)}`));
          continue;
        }
        const schema = loadSchema(kind, typeOf(address));
        if (schema === undefined) {
          problems.push(`${block.file}: ${kind} type ${typeOf(address)} does not exist in the provider bindings`);
          continue;
        }
        problems.push(...checkBlock(block.body, schema, `${block.file}: ${kind === 'data' ? 'data.' : ''}${address}`, true));
      }
    }
    expect(problems).toEqual([]);
  });

  it('resolves every variable, local, resource, data and module reference', async () => {
    const module = moduleAt(dir);
    const problems: string[] = [];
    for (const [kind, blocks] of [
      ['resource', module.resources],
      ['data', module.data],
    ] as const) {
      for (const block of blocks.values()) {
        const scope = {
          count: block.body.count !== undefined,
          forEach: block.body.for_each !== undefined,
          iterators: dynamicIterators(block.body),
        };
        problems.push(...(await unresolved(module, block.file, withoutIgnoreChanges(block.body), scope)));
        if (kind === 'resource' && Array.isArray(block.body.depends_on)) {
          for (const dependency of block.body.depends_on) {
            if (typeof dependency === 'string' && !module.resources.has(dependency.replace(/^\$\{|\}$/g, ''))) {
              problems.push(`${block.file}: depends_on ${dependency} does not resolve`);
            }
          }
        }
      }
    }
    const plain = { count: false, forEach: false, iterators: [] };
    for (const blocks of [module.outputs, module.locals, module.providers]) {
      for (const block of blocks.values()) problems.push(...(await unresolved(module, block.file, block.body, plain)));
    }
    for (const block of module.modules.values()) {
      const { providers, ...inputs } = block.body;
      const scope = { ...plain, count: block.body.count !== undefined, forEach: block.body.for_each !== undefined };
      problems.push(...(await unresolved(module, block.file, inputs, scope)));
      // `providers = { aws = aws.us_east_1 }` passes one of this module's provider configurations.
      for (const value of Object.values(isObject(providers) ? providers : {})) {
        const name = String(value).replace(/^\$\{|\}$/g, '');
        if (!module.providers.has(name)) problems.push(`${block.file}: provider ${name} does not resolve`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every variable and every local', async () => {
    const module = moduleAt(dir);
    const used = new Set<string>();
    for (const blocks of [module.resources, module.data, module.outputs, module.locals, module.modules, module.providers]) {
      for (const block of blocks.values()) for (const reference of await references(block.file, block.body)) used.add(reference);
    }
    const head = (reference: string) => reference.split('.').slice(0, 2).join('.');
    const usedHeads = new Set([...used].map(head));
    expect([...module.variables.keys()].filter((name) => !usedHeads.has(`var.${name}`))).toEqual([]);
    expect([...module.locals.keys()].filter((name) => !usedHeads.has(`local.${name}`))).toEqual([]);
  });

  it('gives every variable a description and a type other than any, and validates only the variable itself', async () => {
    const module = moduleAt(dir);
    const problems: string[] = [];
    for (const [name, block] of module.variables) {
      const { description, type } = block.body;
      if (typeof description !== 'string' || description.trim().length < 20) problems.push(`${name}: no description`);
      if (typeof type !== 'string') problems.push(`${name}: no type`);
      else if (/\bany\b/.test(type)) problems.push(`${name}: typed with any`);
      // Terraform < 1.9 rejects validations that refer to anything but the variable itself.
      for (const reference of await references(block.file, block.body.validation)) {
        if (reference.split('.').slice(0, 2).join('.') !== `var.${name}`) problems.push(`${name}: validation refers to ${reference}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every output a description that says what to use it for', () => {
    const module = moduleAt(dir);
    const missing = [...module.outputs].filter(([, block]) => {
      const { description } = block.body;
      return typeof description !== 'string' || description.trim().length < 20;
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});

describe('root module', () => {
  it('is checked against the AWS provider v6 bindings', () => {
    expect(providerVersionOf('aws')).toMatch(/^6\./);
    expect(loadSchema('resource', 'aws_lambda_function')?.providerVersion).toMatch(/^6\./);
  });

  it('tags every resource whose type takes tags', async () => {
    // Taggable only since a 6.x release (terraform-provider-aws PR 47916, 2026), newer than the module's ">= 5.100".
    const taggableAfterFloor = ['aws_cloudfront_function.this'];
    const untagged: string[] = [];
    for (const [address, block] of root().resources) {
      if (BUILTIN_RESOURCES.has(typeOf(address)) || !loadSchema('resource', typeOf(address))?.arguments.has('tags')) continue;
      if (!(await references(block.file, block.body.tags ?? null)).includes('var.tags')) untagged.push(address);
    }
    expect(untagged).toEqual(taggableAfterFloor);
    expect(root().resources.get('aws_cloudfront_function.this')?.body).not.toHaveProperty('tags');
  });

  it('indexes every reference to a resource with count or for_each, and no other', async () => {
    const module = root();
    const problems: string[] = [];
    const blocks = [...module.resources.values(), ...module.data.values(), ...module.outputs.values(), ...module.locals.values()];
    for (const block of blocks) {
      for (const reference of await references(block.file, block.body)) {
        const parts = reference.split('.');
        const isData = parts[0] === 'data';
        const [type = '', name = '', key] = isData ? parts.slice(1) : parts;
        const target = (isData ? module.data : module.resources).get(`${type}.${name}`);
        // A whole resource (a splat, a for expression, depends_on) needs no key.
        if (target === undefined || key === undefined) continue;
        const counted = target.body.count !== undefined;
        const keyed = target.body.for_each !== undefined;
        if (counted && key !== '0') problems.push(`${block.file}: ${reference} needs [0]`);
        if (keyed && !key.startsWith('"') && !['each', 'key'].includes(key)) problems.push(`${block.file}: ${reference} needs a key`);
        if (!counted && !keyed && (/^\d+$/.test(key) || key.startsWith('"'))) problems.push(`${block.file}: ${reference} has a key it cannot have`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names outputs <thing>_<attribute>', () => {
    const badNames = [...root().outputs.keys()].filter((name) => !/^[a-z0-9]+(_[a-z0-9]+)+$/.test(name));
    expect(badNames).toEqual([]);
  });

  it('declares its sections in the same order in main.tf, variables.tf and outputs.tf', () => {
    const sections = (file: string) =>
      [...readFileSync(join(REPO, file), 'utf8').matchAll(/^#{80}\n# (.+)\n#{80}$/gm)].map((match) => match[1]);
    const order = sections('main.tf');
    expect(order.length).toBeGreaterThan(5);
    for (const file of ['variables.tf', 'outputs.tf']) {
      const own = sections(file);
      expect(own, file).toEqual(order.filter((section) => own.includes(section)));
    }
  });
});

describe('root module design', () => {
  /** A value with every `local.x` it refers to replaced by that local's own value, recursively. */
  const inlined = (value: Hcl | undefined, seen = new Set<string>()): string =>
    expressions(value)
      .join(' ')
      .replace(/\blocal\.(\w+)/g, (whole: string, name: string) => {
        if (seen.has(name)) return whole;
        return `(${inlined(root().locals.get(name)?.body.value, new Set([...seen, name]))})`;
      });

  // Inputs made by resources in the same apply are unknown at plan: "Invalid count argument". tests/examples.tftest.hcl plans
  // example/existing-certificate, whose certificate_arn and zone_id are unknown; this names the rule for every other input.
  // The one exception counts on a null check on purpose: an unknown certificate_arn must fail the plan.
  const guards = ['terraform_data.certificate_arn_needs_create_certificate_false'];

  it('decides what to create from toggles and modes, never from whether an input is null', () => {
    const problems: string[] = [];
    const blocks = [...[...root().resources].map(([a, b]) => [a, b] as const), ...[...root().data].map(([a, b]) => [`data.${a}`, b] as const)];
    for (const [address, block] of blocks) {
      if (guards.includes(address)) continue;
      for (const key of ['count', 'for_each'] as const) {
        const expression = inlined(block.body[key]);
        if (/[!=]= null\b/.test(expression)) problems.push(`${address}.${key}: ${expression}`);
      }
    }
    expect(problems).toEqual([]);
    expect(guards.every((address) => root().resources.has(address))).toBe(true);
  });

  // terraform-aws-modules' create; tests/copies.tftest.hcl plans each door with create = false.
  it('creates each resource only when create is true', () => {
    const ungated = [...root().resources]
      .filter(([, block]) => !/\bvar\.create\b/.test(inlined(block.body.count ?? block.body.for_each)))
      .map(([address]) => address);
    expect(ungated).toEqual([]);
  });

  // CloudFront refuses to delete a function a distribution still uses (FunctionInUse), so its replacement comes first,
  // under a new name: the code's hash.
  it('replaces the CloudFront Function before it deletes the old one, under a name of its own', () => {
    const block = root().resources.get('aws_cloudfront_function.this')?.body;
    const lifecycle = Array.isArray(block?.lifecycle) ? block.lifecycle.filter(isObject) : [];
    expect(lifecycle.map((item) => item.create_before_destroy)).toEqual([true]);
    expect(inlined(block?.name)).toMatch(/sha1\(/);
  });

  it('tells that AWS WAF cannot guard an HTTP API, and where a web ACL attaches instead', () => {
    const described = (name: string) => String(root().outputs.get(name)?.body.description);
    for (const name of ['api_arn', 'stage_arn']) expect(described(name)).toMatch(/WAF (?:cannot guard|guards REST APIs, not) HTTP APIs/);
    expect(described('cloudfront_distribution_arn')).toContain('cloudfront.web_acl_id');
    const wrong = [...root().outputs].filter(([, block]) => /attach a WAF web ACL to its stage|associate a WAF web ACL/.test(String(block.body.description)));
    expect(wrong.map(([name]) => name)).toEqual([]);
    expect(allDocs()).not.toMatch(/WAF in front of the API|WAF web ACL to (?:the|its) (?:API|stage)/);
  });

  // Git would otherwise check them out with CRLF on Windows: another code hash, another function at every plan.
  it('keeps the generated files Terraform reads byte for byte in every checkout (.gitattributes)', () => {
    const attributes = (file: string) => execFileSync('git', ['check-attr', 'text', 'eol', 'binary', '--', file], { cwd: REPO, encoding: 'utf8' });
    expect(attributes('function/cloudfront-function.js')).toBe('function/cloudfront-function.js: text: set\nfunction/cloudfront-function.js: eol: lf\nfunction/cloudfront-function.js: binary: unspecified\n');
    expect(attributes('function/dist.zip')).toMatch(/text: unset\n.*eol: unspecified\n.*binary: set\n$/s);
  });

  it('outputs the log group names from the log groups it creates, so that what uses them waits for them', async () => {
    for (const [output, group] of [
      ['function_log_group_name', 'aws_cloudwatch_log_group.function'],
      ['api_log_group_name', 'aws_cloudwatch_log_group.api'],
    ] as const) {
      const block = root().outputs.get(output);
      if (block === undefined) throw new Error(`no output ${output}`);
      expect((await references(block.file, block.body.value)).map((reference) => reference.split('.').slice(0, 2).join('.'))).toContain(group);
    }
  });

  it('sets only environment variables that the function reads', () => {
    const environment = inlined(root().locals.get('function_environment')?.body.value);
    const names = [...environment.matchAll(/\b([A-Z][A-Z0-9_]+)\s*=/g)].map((match) => match[1] ?? '');
    expect(names.length).toBeGreaterThanOrEqual(6);
    const config = readFileSync(join(REPO, 'src/core/config.ts'), 'utf8');
    expect(names.filter((name) => !config.includes(`env.${name}`))).toEqual([]);
  });

  it('ships a function build that, with the registry filled in as Terraform replace() does, keeps Location on the alias', () => {
    const build = readFileSync(join(REPO, 'function/cloudfront-function.js'), 'utf8');
    expect(build.split('__ECR_REGISTRY__')).toHaveLength(2);
    const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    const code = build.split('__ECR_REGISTRY__').join(registry);
    // CloudFront Functions quota: 10 KB per function.
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(10 * 1024);
    const handler = runInNewContext(`${code}\n;handler`) as (event: unknown) => { headers: Record<string, { value: string }> };
    const answer = (location: string) =>
      handler({ response: { statusCode: 202, headers: { location: { value: location } } } }).headers.location?.value ?? '';
    expect(answer(`https://${registry}/v2/app/blobs/uploads/0a1b?_state=x`)).not.toContain(registry);
    // Blob downloads go straight to S3: that Location stays as it is.
    const s3 = 'https://prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com/a/b?X-Amz-Signature=c';
    expect(answer(s3)).toBe(s3);
  });

});

describe.each(EXAMPLE_DIRS.map((dir) => [relative(REPO, dir), dir] as const))('%s', (_name, dir) => {
  const calls = () => [...moduleAt(dir).modules.values()].filter((block) => typeof block.body.source === 'string' && resolve(dir, block.body.source) === REPO);

  it('calls the module with every required input and only inputs that exist', () => {
    expect(calls().length).toBeGreaterThan(0);
    const declared = [...root().variables.keys()];
    const required = [...root().variables].filter(([, block]) => !('default' in block.body)).map(([name]) => name);
    expect(required.length).toBeGreaterThan(0);
    for (const call of calls()) {
      const given = Object.keys(call.body).filter((key) => !MODULE_META.has(key));
      expect(given.filter((name) => !declared.includes(name))).toEqual([]);
      expect(required.filter((name) => !given.includes(name))).toEqual([]);
    }
  });

  it('sets only attributes that the object-typed variables declare', () => {
    const problems: string[] = [];
    for (const [name, value] of calls().flatMap((call) => Object.entries(call.body))) {
      const type = root().variables.get(name)?.body.type;
      if (!isObject(value) || typeof type !== 'string' || !type.startsWith('${object(')) continue;
      const declared = [...type.matchAll(/^\s*(\w+)\s*=/gm)].map((match) => match[1]);
      for (const key of Object.keys(value)) if (!declared.includes(key)) problems.push(`${name}.${key}`);
    }
    expect(problems).toEqual([]);
  });
});

/**
 * The pattern of `regex("...", var.<name>)` (or of the element, for lists) in a variable's validations, unescaped
 * from HCL into a RegExp. `operand` picks one regex among several, by what it is applied to.
 */
function validationPattern(name: string, operand = `(?:var\\.${name}|\\w+)`): RegExp {
  const validations = root().variables.get(name)?.body.validation;
  const conditions = (Array.isArray(validations) ? validations.filter(isObject) : []).map((v) => String(v.condition));
  for (const condition of conditions) {
    // Lists validate each element through a for expression's own variable.
    const match = new RegExp(`regex\\("((?:[^"\\\\]|\\\\.)*)", ${operand}\\)`).exec(condition);
    if (match?.[1] !== undefined) return new RegExp(match[1].replace(/\\(.)/g, '$1'));
  }
  throw new Error(`variable ${name} has no regex validation`);
}

describe('variable validations', () => {
  const cases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    [
      'domain_name',
      ['ecr.example.com', 'a.io', 'registry-1.eu.example.co.uk'],
      ['ECR.example.com', 'https://ecr.example.com', 'ecr.example.com:443', '*.example.com', 'example', 'ecr..example.com', '-ecr.example.com', 'ecr.example.com/'],
    ],
    [
      'registry',
      ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'localhost:5000', '127.0.0.1:5000'],
      ['https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'registry.example.com/v2', 'a b', ''],
    ],
    ['zone_id', ['Z0123456789ABCDEFGHIJ', 'Z1D633PJN98FT9'], ['z0123', 'Z-1', 'Z', '/hostedzone/Z1D633PJN98FT9']],
    [
      'certificate_arn',
      ['arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666', 'arn:aws-cn:acm:cn-north-1:123456789012:certificate/abc-1'],
      ['arn:aws:iam::123456789012:server-certificate/x', 'arn:aws:acm:eu-west-1:1234:certificate/abc'],
    ],
    ['name', ['ecr-custom-domain', 'a', 'x'.repeat(40)], ['x'.repeat(41), 'has space', 'a/b', '']],
    ['role_name', ['platform-registry', 'a+b=c,d.e@f_g-h', 'x'.repeat(64)], ['x'.repeat(65), 'a/b', 'has space', '']],
    ['role_path', ['/', '/registry/', '/a/b/'], ['registry/', '/registry', '', '/has space/', '//']],
    ['log_kms_key_arn', ['arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111'], ['arn:aws:kms:eu-west-1:123456789012:alias/logs', 'key-id']],
    ['role_permissions_boundary_arn', ['arn:aws:iam::123456789012:policy/boundary'], ['arn:aws:iam::123456789012:role/x']],
    ['pull_repositories', ['app', 'team/app', 'team/*', '*', 'a.b_c-d'], ['App', 'team app', '/app', '']],
    ['push_repositories', ['app', 'team/*'], ['App', '/app']],
  ];

  it.each(cases)('%s accepts %j and rejects %j', (name, valid, invalid) => {
    const pattern = validationPattern(name);
    expect(valid.filter((value) => !pattern.test(value))).toEqual([]);
    expect(invalid.filter((value) => pattern.test(value))).toEqual([]);
  });
});

describe('cloudfront', () => {
  // The limits as AWS's quotas page and API reference state them; a quota increase goes up to 180 s, and the module
  // cannot read the account's quota, so its conditions allow that much.
  const limits = [
    ['origin_read_timeout', 1, 180, 'from 1 to 120, or up to 180 once the account\'s "Response timeout per origin" quota is raised'],
    ['origin_keepalive_timeout', 1, 180, 'from 1 to 120, or up to 180 once the account\'s "Keep-alive timeout per origin" quota is raised'],
    ['error_caching_min_ttl', 0, 31536000, 'from 0 to 31536000'],
  ] as const;

  const patterns: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    [
      'web_acl_id',
      ['arn:aws:wafv2:us-east-1:123456789012:global/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666'],
      ['arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666', '0a1b2c3d-1111-2222-3333-444455556666'],
    ],
    ['access_logs_bucket', ['cloudfront-logs-123456789012', 'logs.example.com'], ['My_Bucket', 'ab', 'logs.s3.amazonaws.com/', 's3://logs']],
  ];

  it.each(patterns)('cloudfront.%s accepts %j and rejects %j', (name, valid, invalid) => {
    const pattern = validationPattern('cloudfront', `var\\.cloudfront\\.${name}`);
    expect(valid.filter((value) => !pattern.test(value))).toEqual([]);
    expect(invalid.filter((value) => pattern.test(value))).toEqual([]);
  });

  it.each(limits)('states the limits of cloudfront.%s alike in its description, its condition and its message', (name, minimum, maximum, phrase) => {
    const variable = root().variables.get('cloudfront')?.body;
    const line = String(variable?.description).split('\n').find((text) => text.startsWith(`- ${name}:`));
    expect(line).toContain(phrase);
    const validations = (Array.isArray(variable?.validation) ? variable.validation.filter(isObject) : []).filter((v) => String(v.condition).includes(`var.cloudfront.${name}`));
    expect(validations).toHaveLength(1);
    const condition = String(validations[0]?.condition);
    expect(condition).toContain(`var.cloudfront.${name} >= ${minimum} && var.cloudfront.${name} <= ${maximum} && floor(var.cloudfront.${name}) == var.cloudfront.${name}`);
    expect(String(validations[0]?.error_message)).toContain(phrase);
  });
});

describe('function', () => {
  // Lambda's own limits, and API Gateway's 30 s; Lambda takes whole numbers only.
  const limits = [
    ['memory_size', 128, 10240, 'a whole number of MB from 128 to 10240'],
    ['timeout', 1, 29, 'a whole number of seconds from 1 to 29'],
  ] as const;

  it.each(limits)('states the limits of function.%s alike in its description, its condition and its message', (name, minimum, maximum, phrase) => {
    const variable = root().variables.get('function')?.body;
    const line = String(variable?.description).split('\n').find((text) => text.startsWith(`- ${name}:`));
    expect(line).toContain(phrase);
    const validations = (Array.isArray(variable?.validation) ? variable.validation.filter(isObject) : []).filter((v) => String(v.condition).includes(`var.function.${name}`));
    expect(validations).toHaveLength(1);
    expect(String(validations[0]?.condition)).toContain(`var.function.${name} >= ${minimum} && var.function.${name} <= ${maximum} && floor(var.function.${name}) == var.function.${name}`);
    expect(String(validations[0]?.error_message)).toContain(phrase);
  });
});

describe('public access', () => {
  // IAM's "*" also crosses "/": IAM may be broader than the allow-list, never narrower, and never leaves its prefix.
  const iamCases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    ['app', ['app'], ['app2', 'team/app', 'ap']],
    ['team/*', ['team/app', 'team/a.b'], ['team', 'other/app', 'teamx/app']],
    ['team/**', ['team/app', 'team/a/b/c'], ['team', 'other/a/b']],
    ['**', ['app', 'a/b/c'], []],
    ['*/app', ['team/app', 'x/app'], ['app', 'team/app2']],
  ];

  it.each(iamCases)('maps %s to an IAM resource that covers %j and excludes %j', (pattern, allowed, outside) => {
    // The module's rule, which tests/public_access.tftest.hcl checks: a "*" or "**" segment becomes IAM's "*".
    const arnPattern = `repository/${pattern.replaceAll('**', '*')}`;
    const iam = new RegExp(`^${arnPattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    const handler = repositoryMatcher([pattern]);
    expect(allowed.filter((name) => !handler(name))).toEqual([]);
    expect(allowed.filter((name) => !iam.test(`repository/${name}`))).toEqual([]);
    expect(outside.filter((name) => handler(name) || iam.test(`repository/${name}`))).toEqual([]);
  });

  const repositories = [
    ['app', 'team/app', 'team/*', 'team/**', '**', '*', '*/app', 'a.b_c-d', 'a__b', 'a--b', 'org/**/app'],
    ['App', 'team/', '/app', 'team//app', 'team/a*', '*app', '***', 'a..b', '-a', 'a_', '**/a/**', 'team app', 'a'.repeat(257)],
  ] as const;

  it('validates repositories with the grammar the handler checks at startup', () => {
    const pattern = validationPattern('public', 'repository');
    const conditions = JSON.stringify(root().variables.get('public')?.body.validation);
    expect(conditions).toContain('length(repository) <= 256');
    expect(conditions).toContain('length(regexall(\\"\\\\\\\\*\\\\\\\\*\\", repository)) <= 1');
    const accepts = (value: string) => value.length <= 256 && pattern.test(value) && (value.match(/\*\*/g) ?? []).length <= 1;
    expect(repositories[0].filter((value) => !accepts(value))).toEqual([]);
    expect(repositories[1].filter((value) => accepts(value))).toEqual([]);
    // Length aside (ECR names stop at 256 characters; a longer entry could never match), both accept the same entries.
    const disagreements = [...repositories[0], ...repositories[1]]
      .filter((value) => value.length <= 256)
      .filter((value) => accepts(value) !== isRepositoryPattern(value));
    expect(disagreements).toEqual([]);
  });

  const cases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    ['basic_auth_ssm_parameter_name', ['ecr-basic-auth', '/ecr-custom-domain/basic-auth', 'a.b_c'], ['arn:aws:ssm:eu-west-1:123456789012:parameter/x', 'a/b', '/a/', 'a b', '']],
    [
      'basic_auth_secret_arn',
      ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr/basic-AbCdEf'],
      ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr/basic', 'ecr/basic-AbCdEf', 'arn:aws:ssm:eu-west-1:123456789012:parameter/x'],
    ],
    ['basic_auth_kms_key_arn', ['arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111'], ['arn:aws:kms:eu-west-1:123456789012:alias/ssm', 'alias/aws/ssm']],
    [
      'authorizer_function_arn',
      ['arn:aws:lambda:eu-west-1:123456789012:function:authz', 'arn:aws:lambda:eu-west-1:123456789012:function:authz:live', 'arn:aws:lambda:eu-west-1:123456789012:function:authz:$LATEST'],
      ['authz', 'arn:aws:lambda:eu-west-1:123456789012:function:authz:live:1', 'arn:aws:lambda:eu-west-1:123456789012:layer:x'],
    ],
  ];

  it.each(cases)('public.%s accepts %j and rejects %j', (name, valid, invalid) => {
    const pattern = validationPattern('public', `var\\.public\\.${name}`);
    expect(valid.filter((value) => !pattern.test(value))).toEqual([]);
    expect(invalid.filter((value) => pattern.test(value))).toEqual([]);
  });
});

describe('ecs validations', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  const cases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    [
      'image',
      [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@${digest}`, 'ghcr.io/owner/ecr-custom-domain:0.1.0', 'localhost:5000/team/app:1'],
      ['ecr-custom-domain latest', '-image', '', ' ghcr.io/x'],
    ],
    ['vpc_id', ['vpc-0123456789abcdef0', 'vpc-01234567'], ['vpc-XYZ', 'main', 'vpc-0123', 'subnet-0123456789abcdef0']],
    [
      'cluster_arn',
      ['arn:aws:ecs:eu-west-1:123456789012:cluster/platform', 'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/a_b-c'],
      ['platform', 'arn:aws:ecs:eu-west-1:123456789012:service/platform/x', 'arn:aws:ecs:eu-west-1:123456789012:cluster/'],
    ],
    [
      'web_acl_arn',
      ['arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666'],
      ['arn:aws:wafv2:us-east-1:123456789012:global/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666', 'arn:aws:waf-regional:eu-west-1:123456789012:webacl/0a1b'],
    ],
    ['access_logs_bucket', ['alb-logs-123456789012', 'logs.example.com'], ['My_Bucket', 'ab', '-logs', 's3://logs']],
  ];

  it.each(cases)('ecs.%s accepts %j and rejects %j', (name, valid, invalid) => {
    const pattern = validationPattern('ecs', `var\\.ecs\\.${name}`);
    expect(valid.filter((value) => !pattern.test(value))).toEqual([]);
    expect(invalid.filter((value) => pattern.test(value))).toEqual([]);
  });
});
