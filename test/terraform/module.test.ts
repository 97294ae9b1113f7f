// Offline proof of the Terraform module: the real HCL v2 parser and formatter, the AWS and archive
// providers' own schemas (from the generated bindings), and reference resolution.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from '@cdktn/hcl2json';
import { format } from '@cdktn/hcl-tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRepositoryPattern, repositoryMatcher } from '../../function/src/registry-path.ts';
import {
  type Block,
  EXAMPLE_DIRS,
  type Hcl,
  type HclObject,
  isObject,
  loadModule,
  MODULE_DIRS,
  REPO,
  references,
  type TfModule,
  tfFiles,
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

/** The body of a root-module resource, or of a data source when the address starts with `data.`. */
function resource(address: string): HclObject {
  const block = root().resources.get(address) ?? root().data.get(address.replace(/^data\./, ''));
  if (block === undefined) throw new Error(`${address} is not declared`);
  return block.body;
}

/** hcl2json writes a block as a list of bodies; the first one. */
function first(value: Hcl | undefined): HclObject {
  const item = Array.isArray(value) ? value[0] : undefined;
  if (!isObject(item)) throw new Error(`expected a block, got ${JSON.stringify(value)}`);
  return item;
}

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
  describe.each(tfFiles(dir).map((path) => [relative(REPO, path), path] as const))('%s', (name, path) => {
    const text = readFileSync(path, 'utf8');

    it('parses with the HCL v2 parser', async () => {
      const body = await parse(name, text);
      expect(Object.keys(body).length).toBeGreaterThan(0);
    });

    it('is formatted exactly as terraform fmt formats it', async () => {
      expect(await format(text)).toBe(text);
    });
  });

  it('uses only arguments and blocks that exist in the provider schemas, and sets every required one', () => {
    const module = moduleAt(dir);
    const problems: string[] = [];
    for (const [kind, blocks] of [
      ['resource', module.resources],
      ['data', module.data],
    ] as const) {
      for (const [address, block] of blocks) {
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
        problems.push(...(await unresolved(module, block.file, block.body, scope)));
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

  it('tags every resource whose type takes tags', () => {
    // Taggable only since a 6.x release (terraform-provider-aws PR 47916, 2026), newer than the module's ">= 6.0".
    const taggableAfterFloor = ['aws_cloudfront_function.this'];
    const untagged = [...root().resources]
      .filter(([address, block]) => loadSchema('resource', typeOf(address))?.arguments.has('tags') && block.body.tags !== `\${var.tags}`)
      .map(([address]) => address);
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
  it('serves an HTTP API only through a REGIONAL custom domain with TLS 1.2', () => {
    const api = resource('aws_apigatewayv2_api.this');
    expect(api.protocol_type).toBe('HTTP');
    expect(api.disable_execute_api_endpoint).toBe(true);
    const domain = first(resource('aws_apigatewayv2_domain_name.this').domain_name_configuration);
    expect(domain.endpoint_type).toBe('REGIONAL');
    expect(domain.security_policy).toBe('TLS_1_2');
    expect(resource('aws_apigatewayv2_api_mapping.this').stage).toBe(`\${aws_apigatewayv2_stage.default[0].id}`);
  });

  it('sends every path and method, /v2/ included, to the function through a payload 2.0 proxy integration', () => {
    const routes = [...root().resources].filter(([address]) => typeOf(address) === 'aws_apigatewayv2_route');
    expect(routes.map(([address]) => address)).toEqual(['aws_apigatewayv2_route.default', 'aws_apigatewayv2_route.ping']);
    for (const [, block] of routes) expect(block.body.target).toBe(`integrations/\${aws_apigatewayv2_integration.function[0].id}`);
    expect(resource('aws_apigatewayv2_route.default').route_key).toBe('$default');
    const integration = resource('aws_apigatewayv2_integration.function');
    expect(integration).toMatchObject({ integration_type: 'AWS_PROXY', payload_format_version: '2.0' });
    expect(integration.integration_uri).toBe(`\${aws_lambda_function.this[0].arn}`);
  });

  it('auto-deploys a throttled $default stage whose JSON access log never includes headers', () => {
    const stage = resource('aws_apigatewayv2_stage.default');
    expect(stage).toMatchObject({ name: '$default', auto_deploy: true });
    expect(first(stage.default_route_settings)).toEqual({
      throttling_burst_limit: `\${local.throttling_burst_limit}`,
      throttling_rate_limit: `\${local.throttling_rate_limit}`,
    });
    // The variable wins; unset, a public registry gets the lower default.
    expect(root().locals.get('throttling_burst_limit')?.body.value).toBe(`\${coalesce(var.throttling.burst_limit, local.public ? 100 : 1000)}`);
    expect(root().locals.get('throttling_rate_limit')?.body.value).toBe(`\${coalesce(var.throttling.rate_limit, local.public ? 50 : 500)}`);
    const logFormat = String(first(stage.access_log_settings).format);
    expect(logFormat).toMatch(/^\$\{jsonencode\(\{/);
    expect(logFormat).not.toMatch(/authorization|header|\$input|authorizer/i);
  });

  it('builds the function from function/dist, which marks its index.js as ESM inside the zip', () => {
    const archive = resource('data.archive_file.function');
    expect(archive.source_dir).toBe(`\${path.module}/function/dist`);
    const dist = join(REPO, 'function/dist');
    expect(JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
    expect(readFileSync(join(dist, 'index.js'), 'utf8')).toMatch(/export\s*\{[^}]*\bhandler\b/);
    const fn = resource('aws_lambda_function.this');
    expect(fn.handler).toBe('index.handler');
    expect(fn.source_code_hash).toBe(`\${data.archive_file.function[0].output_base64sha256}`);
    expect(first(fn.environment).variables).toBe(`\${local.function_environment}`);
    expect(first(fn.logging_config).log_format).toBe('JSON');
  });

  it('defaults to arm64, nodejs22.x, little memory and a timeout under 30 s', () => {
    const type = String(root().variables.get('function')?.body.type);
    expect(type).toContain('runtime                        = optional(string, "nodejs22.x")');
    expect(type).toContain('architecture                   = optional(string, "arm64")');
    const memory = Number(/memory_size\s+= optional\(number, (\d+)\)/.exec(type)?.[1]);
    const timeout = Number(/timeout\s+= optional\(number, (\d+)\)/.exec(type)?.[1]);
    expect(memory).toBeLessThanOrEqual(256);
    expect(timeout).toBeLessThan(30);
  });

  it('defaults the registry to this account and region, read with the provider v6 region attribute', () => {
    const registry = String(root().locals.get('registry')?.body.value);
    expect(registry).toContain('var.registry');
    expect(registry).toContain(`\${local.account_id}.dkr.ecr.\${local.region}.`);
    expect(root().locals.get('region')?.body.value).toBe(`\${data.aws_region.current.region}`);
  });

  it('creates both log groups before the function and the stage that write to them', () => {
    expect(resource('aws_lambda_function.this').depends_on).toContain(`\${aws_cloudwatch_log_group.function}`);
    expect(resource('aws_apigatewayv2_stage.default').depends_on).toContain(`\${aws_cloudwatch_log_group.api}`);
    for (const group of ['function', 'api']) {
      expect(resource(`aws_cloudwatch_log_group.${group}`)).toMatchObject({
        retention_in_days: `\${var.log_retention_in_days}`,
        kms_key_id: `\${var.log_kms_key_arn}`,
      });
    }
  });

  it("accepts exactly CloudWatch's retention values", () => {
    const validation = first(root().variables.get('log_retention_in_days')?.body.validation);
    expect(String(validation.condition)).toContain(
      '[0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]',
    );
  });

  it('lets the function write only its own log group, and only API Gateway of this API invoke it', () => {
    const statements: HclObject[] = [];
    for (const [address, block] of root().data) {
      if (typeOf(address) !== 'aws_iam_policy_document') continue;
      statements.push(...(Array.isArray(block.body.statement) ? block.body.statement.filter(isObject) : []));
    }
    const logStatements = statements.filter((s) => JSON.stringify(s.actions).includes('logs:'));
    expect(logStatements).toHaveLength(1);
    expect(logStatements[0]).toMatchObject({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`\${local.function_log_group_arn}:*`],
    });
    expect(resource('aws_iam_role_policy.function_logs').policy).toBe(`\${data.aws_iam_policy_document.function_logs[0].json}`);
    const permission = resource('aws_lambda_permission.api');
    expect(permission).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' });
    expect(permission.source_arn).toBe(`\${aws_apigatewayv2_api.this[0].execution_arn}/*`);
  });

  it('scopes the pull and push policies to repository ARNs, with only GetAuthorizationToken on *', () => {
    for (const [name, actions] of [
      ['pull', ['local.pull_actions']],
      ['push', ['local.pull_actions', 'local.push_actions']],
    ] as const) {
      const statements = first([resource(`data.aws_iam_policy_document.${name}`)]).statement;
      expect(statements).toEqual([
        { sid: 'GetAuthorizationToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        expect.objectContaining({
          resources: `\${[for repository in var.${name}_repositories : "\${local.repository_arn_prefix}\${repository}"]}`,
        }),
      ]);
      const scoped = Array.isArray(statements) ? statements[1] : undefined;
      expect(isObject(scoped) ? String(scoped.actions) : '').toBe(
        actions.length === 1 ? `\${local.pull_actions}` : `\${concat(local.pull_actions, local.push_actions)}`,
      );
    }
    expect(root().locals.get('repository_arn_prefix')?.body.value).toBe(
      `arn:\${local.partition}:ecr:\${local.registry_region}:\${local.registry_account_id}:repository/`,
    );
  });

  it('creates A and AAAA alias records, latency-routed by region when asked', () => {
    const alias = resource('aws_route53_record.alias');
    expect(alias.for_each).toContain('["A", "AAAA"]');
    expect(alias.set_identifier).toBe(`\${var.dns_latency_routing ? local.region : null}`);
    expect(isObject(alias.dynamic) && Array.isArray(alias.dynamic.latency_routing_policy)).toBe(true);
  });

  it('creates and DNS-validates a certificate only when none is given', () => {
    expect(root().locals.get('create_certificate')?.body.value).toBe(`\${var.certificate_arn == null}`);
    expect(resource('aws_acm_certificate.this')).toMatchObject({ count: `\${local.create_certificate ? 1 : 0}`, validation_method: 'DNS' });
    expect(resource('aws_acm_certificate_validation.this').count).toBe(`\${local.create_certificate ? 1 : 0}`);
  });
});

describe('front doors', () => {
  const local = (name: string) => root().locals.get(name)?.body.value;
  const distribution = () => resource('aws_cloudfront_distribution.this');
  const behavior = () => first(distribution().default_cache_behavior);
  const preconditions = (address: string) => {
    const lifecycle = first(resource(address).lifecycle);
    return (Array.isArray(lifecycle.precondition) ? lifecycle.precondition.filter(isObject) : []).map((p) => ({
      condition: String(p.condition),
      message: String(p.error_message),
    }));
  };
  const precondition = (address: string, condition: string) => {
    const found = preconditions(address).find((p) => p.condition === condition);
    if (found === undefined) throw new Error(`${address} has no precondition ${condition}`);
    return found.message;
  };

  it('defaults to the api-gateway door and accepts only "api-gateway" and "cloudfront"', () => {
    const variable = root().variables.get('front_door')?.body;
    expect(variable?.default).toBe('api-gateway');
    expect(String(first(variable?.validation).condition)).toBe(`\${contains(["api-gateway", "cloudfront"], var.front_door)}`);
    expect(local('create_api_gateway')).toBe(`\${var.front_door == "api-gateway"}`);
    expect(local('create_cloudfront')).toBe(`\${var.front_door == "cloudfront"}`);
  });

  // Every toggle that switches on a part of the api-gateway door, and the locals it derives from.
  const apiGatewayToggles = ['local.create_api_gateway', 'local.create_log_groups', 'local.public', 'local.basic_auth', 'local.create_authorizer'];
  const apiGatewayTypes = /^(aws_apigatewayv2_|aws_lambda_|aws_cloudwatch_log_group$|aws_iam_role|archive_file$)/;

  it('creates the Lambda function, API, role and log groups only with the api-gateway door', async () => {
    expect(local('create_log_groups')).toBe(`\${var.create_log_groups && local.create_api_gateway}`);
    expect(local('public')).toBe(`\${var.access == "public" && local.create_api_gateway}`);
    expect(local('basic_auth')).toMatch(/^\$\{local\.public && /);
    expect(local('create_authorizer')).toMatch(/^\$\{local\.public && /);
    const problems: string[] = [];
    const blocks = [...[...root().resources].map(([a, b]) => [a, b] as const), ...[...root().data].map(([a, b]) => [`data.${a}`, b] as const)];
    for (const [address, block] of blocks) {
      const isApiGateway = apiGatewayTypes.test(typeOf(address.replace(/^data\./, ''))) || /^data\.aws_iam_policy_document\.function/.test(address);
      if (!isApiGateway) continue;
      const toggle = block.body.count ?? block.body.for_each;
      const used = await references(block.file, toggle === undefined ? undefined : { toggle });
      if (!used.some((reference) => apiGatewayToggles.includes(reference))) problems.push(`${address}: ${JSON.stringify(toggle)}`);
    }
    expect(problems).toEqual([]);
    expect(resource('aws_lambda_function.this').count).toBe(`\${local.create_api_gateway ? 1 : 0}`);
    expect(resource('aws_apigatewayv2_api.this').count).toBe(`\${local.create_api_gateway ? 1 : 0}`);
    expect(resource('aws_cloudwatch_log_group.function').count).toBe(`\${local.create_log_groups ? 1 : 0}`);
  });

  it('creates the distribution and the CloudFront Function only with the cloudfront door', () => {
    const cloudfront = [...root().resources].filter(([address]) => typeOf(address).startsWith('aws_cloudfront_'));
    expect(cloudfront.map(([address]) => address).sort()).toEqual(['aws_cloudfront_distribution.this', 'aws_cloudfront_function.this']);
    for (const [, block] of cloudfront) expect(block.body.count).toBe(`\${local.create_cloudfront ? 1 : 0}`);
  });

  it('puts the distribution on domain_name in front of the registry, HTTPS only on both sides', () => {
    // CloudFront rejects comments over 128 characters.
    expect(distribution().comment).toBe(`\${substr("Registry alias \${var.domain_name} for \${local.registry}", 0, 128)}`);
    expect(String(resource('aws_cloudfront_function.this').comment).length).toBeLessThanOrEqual(128);
    expect(distribution()).toMatchObject({
      enabled: true,
      aliases: [`\${var.domain_name}`],
      price_class: `\${var.cloudfront.price_class}`,
      http_version: 'http2and3',
      is_ipv6_enabled: `\${var.ip_address_type == "dualstack"}`,
      tags: `\${var.tags}`,
    });
    const origin = first(distribution().origin);
    expect(origin).toMatchObject({ domain_name: `\${local.registry}`, origin_id: `\${local.cloudfront_origin_id}` });
    expect(first(origin.custom_origin_config)).toEqual({
      http_port: 80,
      https_port: 443,
      origin_protocol_policy: 'https-only',
      origin_ssl_protocols: ['TLSv1.2'],
      origin_read_timeout: `\${var.cloudfront.origin_read_timeout}`,
      origin_keepalive_timeout: `\${var.cloudfront.origin_keepalive_timeout}`,
    });
    expect(behavior()).toMatchObject({ target_origin_id: `\${local.cloudfront_origin_id}`, viewer_protocol_policy: 'https-only' });
    expect(first(distribution().viewer_certificate)).toEqual({
      acm_certificate_arn: `\${local.certificate_arn}`,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(local('certificate_arn')).toBe(`\${local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.certificate_arn}`);
  });

  it("passes every method to the registry uncached, with the client's Authorization, through AWS managed policies", () => {
    expect(new Set(behavior().allowed_methods as string[])).toEqual(new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']));
    expect(behavior()).toMatchObject({
      cache_policy_id: `\${local.cloudfront_cache_policy_id}`,
      origin_request_policy_id: `\${local.cloudfront_origin_request_policy_id}`,
    });
    // CachingDisabled and AllViewerExceptHostHeader: the registry sees Authorization but its own Host.
    expect(local('cloudfront_cache_policy_id')).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(local('cloudfront_origin_request_policy_id')).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    // Legacy cache settings conflict with a cache policy.
    expect(behavior()).not.toHaveProperty('forwarded_values');
    expect(behavior()).not.toHaveProperty('lambda_function_association');
  });

  it('validates the origin timeouts (1-180 s) and the price class, with CloudFront defaults a large push can live with', () => {
    const type = String(root().variables.get('cloudfront')?.body.type);
    expect(type).toContain('price_class              = optional(string, "PriceClass_All")');
    expect(type).toContain('origin_read_timeout      = optional(number, 60)');
    expect(type).toContain('origin_keepalive_timeout = optional(number, 5)');
    const conditions = (Array.isArray(root().variables.get('cloudfront')?.body.validation) ? (root().variables.get('cloudfront')?.body.validation as Hcl[]) : [])
      .filter(isObject)
      .map((validation) => String(validation.condition));
    expect(conditions).toContain(`\${contains(["PriceClass_All", "PriceClass_200", "PriceClass_100"], var.cloudfront.price_class)}`);
    for (const name of ['origin_read_timeout', 'origin_keepalive_timeout']) {
      const value = `var.cloudfront.${name}`;
      expect(conditions).toContain(`\${${value} >= 1 && ${value} <= 180 && floor(${value}) == ${value}}`);
    }
  });

  it('associates the CloudFront Function on viewer-response, with the registry filled into the committed build', () => {
    expect(first(behavior().function_association)).toEqual({
      event_type: 'viewer-response',
      function_arn: `\${aws_cloudfront_function.this[0].arn}`,
    });
    expect(resource('aws_cloudfront_function.this')).toMatchObject({
      runtime: 'cloudfront-js-2.0',
      publish: true,
      code: `\${replace(file("\${path.module}/function/cloudfront-function.js"), "__ECR_REGISTRY__", local.registry)}`,
    });
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

  it('needs the certificate in us-east-1 for the cloudfront door, and says how to get it there', () => {
    const created = precondition('aws_acm_certificate.this', `\${!local.create_cloudfront || local.region == "us-east-1"}`);
    expect(created).toContain('us-east-1');
    expect(created).toContain('providers = { aws = aws.us_east_1 }');
    expect(created).toContain('certificate_arn');
    expect(created).toContain('registry');
    const given = precondition(
      'aws_cloudfront_distribution.this',
      `\${var.certificate_arn == null ? true : split(":", var.certificate_arn)[3] == "us-east-1"}`,
    );
    expect(given).toContain('certificate_arn in us-east-1');
  });

  it('refuses public access, latency routing and a registry port with the cloudfront door', () => {
    const publicAccess = precondition('aws_cloudfront_distribution.this', `\${var.access == "private"}`);
    expect(publicAccess).toContain('front_door = "api-gateway"');
    expect(publicAccess).toMatch(/token/);
    expect(precondition('aws_cloudfront_distribution.this', `\${!var.dns_latency_routing}`)).toContain('api-gateway door only');
    expect(precondition('aws_cloudfront_distribution.this', `\${!strcontains(local.registry, ":")}`)).toContain('without a port');
    expect(preconditions('aws_cloudfront_distribution.this')).toHaveLength(4);
  });

  it('points the A and AAAA records at whichever door answers', () => {
    const alias = first(resource('aws_route53_record.alias').alias);
    expect(alias).toMatchObject({ name: `\${local.alias_target.name}`, zone_id: `\${local.alias_target.zone_id}` });
    const target = String(local('alias_target'));
    expect(target).toMatch(/^\$\{local\.create_cloudfront \? \{/);
    expect(target).toContain('name    = aws_cloudfront_distribution.this[0].domain_name');
    expect(target).toContain('zone_id = aws_cloudfront_distribution.this[0].hosted_zone_id');
    expect(target).toContain('name    = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name');
    expect(target).toContain('zone_id = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id');
  });

  it("outputs null, not an error, for the door that is not in use", async () => {
    const problems: string[] = [];
    for (const [name, block] of root().outputs) {
      const value = String(block.body.value);
      for (const reference of await references(block.file, block.body.value)) {
        const [type = '', resourceName = ''] = reference.split('.');
        const target = root().resources.get(`${type}.${resourceName}`);
        if (target?.body.count === undefined) continue;
        if (!value.startsWith(`\${one(${type}.${resourceName}[*].`)) problems.push(`${name}: ${value}`);
      }
    }
    expect(problems).toEqual([]);
    for (const name of ['function_log_group_name', 'api_log_group_name']) {
      expect(root().outputs.get(name)?.body.value).toBe(`\${local.create_api_gateway ? local.${name} : null}`);
    }
    expect(Object.fromEntries(['cloudfront_distribution_id', 'cloudfront_distribution_arn', 'cloudfront_distribution_domain_name', 'cloudfront_function_arn'].map((name) => [name, root().outputs.get(name)?.body.value]))).toEqual({
      cloudfront_distribution_id: `\${one(aws_cloudfront_distribution.this[*].id)}`,
      cloudfront_distribution_arn: `\${one(aws_cloudfront_distribution.this[*].arn)}`,
      cloudfront_distribution_domain_name: `\${one(aws_cloudfront_distribution.this[*].domain_name)}`,
      cloudfront_function_arn: `\${one(aws_cloudfront_function.this[*].arn)}`,
    });
    expect(String(root().outputs.get('cloudfront_distribution_domain_name')?.body.description)).toMatch(/alias .*target in your DNS provider/);
  });
});

describe.each(EXAMPLE_DIRS.map((dir) => [relative(REPO, dir), dir] as const))('%s', (_name, dir) => {
  const call = () => moduleAt(dir).modules.get('ecr_domain');

  it('calls the module with every required input and only inputs that exist', () => {
    const source = call()?.body.source;
    expect(typeof source === 'string' ? resolve(dir, source) : source).toBe(REPO);
    const given = Object.keys(call()?.body ?? {}).filter((key) => !MODULE_META.has(key));
    const declared = [...root().variables.keys()];
    const required = [...root().variables].filter(([, block]) => !('default' in block.body)).map(([name]) => name);
    expect(required.length).toBeGreaterThan(0);
    expect(given.filter((name) => !declared.includes(name))).toEqual([]);
    expect(required.filter((name) => !given.includes(name))).toEqual([]);
  });

  it('sets only attributes that the object-typed variables declare', () => {
    const problems: string[] = [];
    for (const [name, value] of Object.entries(call()?.body ?? {})) {
      const type = root().variables.get(name)?.body.type;
      if (!isObject(value) || typeof type !== 'string' || !type.startsWith('${object(')) continue;
      const declared = [...type.matchAll(/^\s*(\w+)\s*=/gm)].map((match) => match[1]);
      for (const key of Object.keys(value)) if (!declared.includes(key)) problems.push(`${name}.${key}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('examples', () => {
  it('keep the first example private and make the second one public', () => {
    const [privateExample, publicExample] = EXAMPLE_DIRS.map((dir) => moduleAt(dir).modules.get('ecr_domain')?.body ?? {});
    expect(privateExample).not.toHaveProperty('access');
    expect(publicExample).toMatchObject({ access: 'public', public: { repositories: `\${var.public_repositories}` } });
  });

  it('run the cloudfront example with a us-east-1 provider and its registry in the region it names', () => {
    const example = moduleAt(join(REPO, 'example/cloudfront'));
    const call = example.modules.get('ecr_domain')?.body ?? {};
    expect(call).toMatchObject({ front_door: 'cloudfront', providers: { aws: `\${aws.us_east_1}` } });
    expect(call).not.toHaveProperty('access');
    expect(example.providers.get('aws.us_east_1')?.body.region).toBe('us-east-1');
    expect(call.registry).toBe(`\${data.aws_caller_identity.current.account_id}.dkr.ecr.\${var.region}.amazonaws.com`);
    expect(example.providers.get('aws')?.body.region).toBe(`\${var.region}`);
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

describe('public access', () => {
  const local = (name: string) => String(root().locals.get(name)?.body.value);
  const statementsOf = (address: string): HclObject[] => {
    const body = resource(address);
    const own = Array.isArray(body.statement) ? body.statement.filter(isObject) : [];
    const dynamic = isObject(body.dynamic) && Array.isArray(body.dynamic.statement) ? body.dynamic.statement.filter(isObject) : [];
    return [...own, ...dynamic.flatMap((d) => (Array.isArray(d.content) ? d.content.filter(isObject) : []))];
  };

  it('sets exactly the environment variables the function reads, and only ECR_REGISTRY and ACCESS in private mode', () => {
    const environment = local('function_environment');
    const conditional = [...environment.matchAll(/^\s*(.+) \? \{([^}]*)\} : \{\}/gm)].map((match) => [
      match[1],
      [...(match[2] ?? '').matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*=/gm)].map((key) => key[1]),
    ]);
    expect(conditional).toEqual([
      ['local.public', ['PUBLIC_REPOSITORIES', 'PUBLIC_AUTH']],
      ['local.basic_auth && var.public.basic_auth_ssm_parameter_name != null', ['BASIC_AUTH_SSM_PARAMETER']],
      ['local.basic_auth && var.public.basic_auth_secret_arn != null', ['BASIC_AUTH_SECRET_ID']],
    ]);
    const all = [...environment.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*=/gm)].map((match) => match[1]);
    expect(all).toEqual(['ECR_REGISTRY', 'ACCESS', 'PUBLIC_REPOSITORIES', 'PUBLIC_AUTH', 'BASIC_AUTH_SSM_PARAMETER', 'BASIC_AUTH_SECRET_ID']);
    expect(environment).toMatch(/^\$\{merge\(\n\s*\{\n\s*ECR_REGISTRY = local\.registry\n\s*ACCESS\s+= var\.access\n\s*\},/);
    expect(environment).toContain('PUBLIC_REPOSITORIES = join(",", var.public.repositories)');
    expect(environment).toContain('PUBLIC_AUTH         = var.public.auth');
    // The function's configuration reads every one of them.
    const config = readFileSync(join(REPO, 'function/src/config.ts'), 'utf8');
    expect(all.filter((name) => !config.includes(`env.${name}`))).toEqual([]);
  });

  it('grants "*" only for ecr:GetAuthorizationToken, in every policy the module writes', () => {
    const problems: string[] = [];
    for (const [address] of root().data) {
      if (typeOf(address) !== 'aws_iam_policy_document') continue;
      for (const statement of statementsOf(`data.${address}`)) {
        const resources = JSON.stringify(statement.resources ?? null);
        if (resources.includes('"*"') && JSON.stringify(statement.actions) !== '["ecr:GetAuthorizationToken"]') {
          problems.push(`${address} ${String(statement.sid)}: ${resources}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("scopes the function's read-only ECR permissions to the allowed repositories' ARNs", () => {
    expect(statementsOf('data.aws_iam_policy_document.function_public')).toEqual([
      { sid: 'GetAuthorizationToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      { sid: 'PullPublicRepositories', actions: `\${local.public_pull_actions}`, resources: `\${local.public_repository_arns}` },
      // _catalog is DescribeRepositories on the whole registry: names only, filtered by the function.
      { sid: 'ListRepositoriesForCatalog', actions: ['ecr:DescribeRepositories'], resources: [`\${local.repository_arn_prefix}*`] },
    ]);
    expect(root().locals.get('public_pull_actions')?.body.value).toEqual([
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:DescribeImages',
      'ecr:DescribeRepositories',
      'ecr:GetDownloadUrlForLayer',
      'ecr:ListImages',
    ]);
    expect(local('public_repository_arns')).toBe(
      `\${local.public ? distinct([for repository in var.public.repositories : "\${local.repository_arn_prefix}\${replace(repository, "**", "*")}"]) : []}`,
    );
    expect(resource('data.aws_iam_policy_document.function_public').count).toBe(`\${local.public ? 1 : 0}`);
    expect(resource('aws_iam_role_policy.function_public')).toMatchObject({
      count: `\${local.public ? 1 : 0}`,
      role: `\${aws_iam_role.function[0].id}`,
      policy: `\${data.aws_iam_policy_document.function_public[0].json}`,
    });
  });

  // IAM's "*" also crosses "/": IAM may be broader than the allow-list, never narrower, and never leaves its prefix.
  const iamCases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    ['app', ['app'], ['app2', 'team/app', 'ap']],
    ['team/*', ['team/app', 'team/a.b'], ['team', 'other/app', 'teamx/app']],
    ['team/**', ['team/app', 'team/a/b/c'], ['team', 'other/a/b']],
    ['**', ['app', 'a/b/c'], []],
    ['*/app', ['team/app', 'x/app'], ['app', 'team/app2']],
  ];

  it.each(iamCases)('maps %s to an IAM resource that covers %j and excludes %j', (pattern, allowed, outside) => {
    const [, from = '', to = ''] = /replace\(repository, "([^"]*)", "([^"]*)"\)/.exec(local('public_repository_arns')) ?? [];
    const arnPattern = `repository/${pattern.replaceAll(from, to)}`;
    const iam = new RegExp(`^${arnPattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    const handler = repositoryMatcher([pattern]);
    expect(allowed.filter((name) => !handler(name))).toEqual([]);
    expect(allowed.filter((name) => !iam.test(`repository/${name}`))).toEqual([]);
    expect(outside.filter((name) => handler(name) || iam.test(`repository/${name}`))).toEqual([]);
  });

  it('lets the function read exactly the one basic-auth parameter or secret, and decrypt only through that service', () => {
    expect(root().locals.get('basic_auth')?.body.value).toBe(`\${local.public && var.public.auth == "basic"}`);
    const [read, decrypt] = statementsOf('data.aws_iam_policy_document.function_basic_auth');
    expect(read).toEqual({
      sid: 'ReadBasicAuthCredentials',
      actions: [`\${local.basic_auth_credentials.action}`],
      resources: [`\${local.basic_auth_credentials.arn}`],
    });
    const credentials = local('basic_auth_credentials');
    expect(credentials).toContain('action  = "ssm:GetParameter"');
    expect(credentials).toContain(
      'arn     = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.public.basic_auth_ssm_parameter_name, "/")}"',
    );
    expect(credentials).toContain('action  = "secretsmanager:GetSecretValue"');
    expect(credentials).toContain('arn     = var.public.basic_auth_secret_arn');
    expect([...credentials.matchAll(/action\s+= "([^"]+)"/g)].map((match) => match[1])).toEqual(['ssm:GetParameter', 'secretsmanager:GetSecretValue']);
    expect(decrypt).toMatchObject({ sid: 'DecryptBasicAuthCredentials', actions: ['kms:Decrypt'], resources: [`\${statement.value}`] });
    expect(first(decrypt?.condition)).toEqual({
      test: 'StringEquals',
      variable: 'kms:ViaService',
      values: [`\${local.basic_auth_credentials.service}`],
    });
    const body = resource('data.aws_iam_policy_document.function_basic_auth');
    expect(body.count).toBe(`\${local.basic_auth ? 1 : 0}`);
    const dynamic = isObject(body.dynamic) ? first(body.dynamic.statement) : {};
    expect(dynamic.for_each).toBe(`\${var.public.basic_auth_kms_key_arn != null ? [var.public.basic_auth_kms_key_arn] : []}`);
    expect(resource('aws_iam_role_policy.function_basic_auth')).toMatchObject({
      count: `\${local.basic_auth ? 1 : 0}`,
      policy: `\${data.aws_iam_policy_document.function_basic_auth[0].json}`,
    });
  });

  it('puts the custom authorizer on $default and leaves the /v2 ping to the function, which sends the challenge', () => {
    expect(root().locals.get('create_authorizer')?.body.value).toBe(`\${local.public && var.public.auth == "custom"}`);
    expect(resource('aws_apigatewayv2_route.default')).toMatchObject({
      route_key: '$default',
      authorization_type: `\${local.create_authorizer ? "CUSTOM" : "NONE"}`,
      authorizer_id: `\${local.create_authorizer ? aws_apigatewayv2_authorizer.this[0].id : null}`,
    });
    const ping = resource('aws_apigatewayv2_route.ping');
    expect(ping.for_each).toBe(`\${local.create_authorizer ? toset(["GET /v2", "HEAD /v2"]) : toset([])}`);
    expect(ping).toMatchObject({ route_key: `\${each.key}`, authorization_type: 'NONE' });
    expect(ping).not.toHaveProperty('authorizer_id');
    expect(resource('aws_apigatewayv2_authorizer.this')).toMatchObject({
      count: `\${local.create_authorizer ? 1 : 0}`,
      authorizer_type: 'REQUEST',
      authorizer_payload_format_version: '2.0',
      enable_simple_responses: true,
      identity_sources: ['$request.header.Authorization'],
      authorizer_result_ttl_in_seconds: `\${var.public.authorizer_result_ttl_in_seconds}`,
    });
  });

  it("lets only this API's authorizer invoke the authorizer function, in this account and region", () => {
    const permission = resource('aws_lambda_permission.authorizer');
    expect(permission).toMatchObject({
      count: `\${local.create_authorizer ? 1 : 0}`,
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      source_arn: `\${aws_apigatewayv2_api.this[0].execution_arn}/authorizers/\${aws_apigatewayv2_authorizer.this[0].id}`,
    });
    const precondition = first(first(permission.lifecycle).precondition);
    expect(precondition.condition).toBe(
      `\${local.authorizer_function_arn_parts[3] == local.region && local.authorizer_function_arn_parts[4] == local.account_id}`,
    );
  });

  it('refuses public access without repositories, in a precondition since it spans two variables', () => {
    const precondition = first(first(resource('aws_lambda_function.this').lifecycle).precondition);
    expect(precondition.condition).toBe(`\${!local.public || length(var.public.repositories) > 0}`);
  });

  it('accepts only the documented modes', () => {
    const conditions = (name: string) => JSON.stringify(root().variables.get(name)?.body.validation);
    expect(conditions('access')).toContain('contains([\\"private\\", \\"public\\"], var.access)');
    expect(conditions('public')).toContain('contains([\\"none\\", \\"basic\\", \\"custom\\"], var.public.auth)');
    expect(conditions('public')).toContain(
      'var.public.auth != \\"basic\\" || (var.public.basic_auth_ssm_parameter_name == null) != (var.public.basic_auth_secret_arn == null)',
    );
    expect(conditions('public')).toContain('(var.public.auth == \\"custom\\") == (var.public.authorizer_function_arn != null)');
    expect(root().variables.get('access')?.body.default).toBe('private');
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
