// A cdktn app instantiates the module as each example does (TerraformHclModule) and synthesizes it; the
// Terraform JSON it produces must hold the example's providers, variables and module calls, and the provider the
// v6 bindings were generated from must lie in the range versions.tf allows.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider/index.js';
import { TerraformHclModule, TerraformStack, TerraformVariable, Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRS, type Hcl, isObject, loadModule, REPO } from './hcl.ts';

process.env.CHECKPOINT_DISABLE = '1';

const unwrap = (expression: Hcl | undefined) => String(expression).replace(/^\$\{([\s\S]*)\}$/, '$1');

/** Whether a version satisfies a constraint of `>= a.b[.c]` and `< x.y[.z]` terms, as versions.tf writes it. */
function satisfies(version: string, constraint: string): boolean {
  const parts = (text: string) => text.split('.').map(Number);
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const difference = (a[i] ?? 0) - (b[i] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  };
  return constraint.split(',').every((term) => {
    const match = /^\s*(>=|<)\s*([\d.]+)\s*$/.exec(term);
    if (match === null) throw new Error(`unexpected constraint term "${term}"`);
    const order = compare(parts(version), parts(match[2] ?? ''));
    return match[1] === '>=' ? order >= 0 : order < 0;
  });
}

describe.each(EXAMPLE_DIRS.map((dir) => [relative(REPO, dir), dir] as const))('the module in a cdktn app, called as in %s', (_name, dir) => {
  it('synthesizes with the example inputs into Terraform JSON that calls the module like the example', async () => {
    const example = await loadModule(dir);
    const calls = [...example.modules].filter(([, block]) => typeof block.body.source === 'string' && resolve(dir, block.body.source) === REPO);
    if (calls.length === 0 || example.providers.size === 0) throw new Error('example calls no module or configures no provider');

    const stack = new TerraformStack(Testing.app(), 'example');
    const variables = new Map<string, TerraformVariable>();
    for (const [name, block] of example.variables) {
      variables.set(
        name,
        new TerraformVariable(stack, name, {
          type: unwrap(block.body.type),
          description: String(block.body.description),
          // cdktn cannot write a null default; such a variable stays optional in Terraform only.
          ...('default' in block.body && block.body.default !== null ? { default: block.body.default } : {}),
        }),
      );
    }
    // `${var.x}` in the example becomes a reference to the cdktn variable x; other expressions stay as they are.
    const toCdktn = (value: Hcl): unknown => {
      const name = typeof value === 'string' ? /^\$\{var\.(\w+)\}$/.exec(value)?.[1] : undefined;
      const variable = name === undefined ? undefined : variables.get(name);
      return variable === undefined ? value : variable.value;
    };
    // Each provider configuration, the default one and any aliased one ("aws.us_east_1").
    const providers = new Map<string, AwsProvider>();
    for (const [key, block] of example.providers) {
      const alias = typeof block.body.alias === 'string' ? block.body.alias : undefined;
      providers.set(key, new AwsProvider(stack, key.replace('.', '_'), { region: toCdktn(block.body.region ?? null) as string, alias }));
    }
    for (const [name, call] of calls) {
      const { source: _source, providers: passed, ...inputs } = call.body;
      // `providers = { aws = aws.us_east_1 }` hands the module one of those configurations as its default "aws".
      const moduleProviders = Object.entries(isObject(passed) ? passed : {}).map(([key, value]) => {
        const provider = providers.get(unwrap(value));
        if (key !== 'aws' || provider === undefined) throw new Error(`${name} passes ${unwrap(value)} as ${key}; expected a declared aws provider as aws`);
        return provider;
      });
      new TerraformHclModule(stack, name, {
        source: REPO,
        ...(moduleProviders.length > 0 ? { providers: moduleProviders } : {}),
        variables: Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, toCdktn(value)])),
      });
    }

    const json = JSON.parse(Testing.synth(stack)) as Record<string, Record<string, unknown>>;
    for (const [name, call] of calls) {
      const { source: _source, providers: passed, ...inputs } = call.body;
      const passedProviders = Object.fromEntries(Object.entries(isObject(passed) ? passed : {}).map(([key, value]) => [key, unwrap(value)]));
      // Terraform JSON names provider configurations as plain strings.
      expect(json.module?.[name]).toEqual({ source: REPO, ...inputs, ...(passed === undefined ? {} : { providers: passedProviders }) });
    }
    expect(json.provider?.aws).toEqual([...example.providers.values()].map((block) => block.body));
    expect(Object.keys(json.variable ?? {}).sort()).toEqual([...example.variables.keys()].sort());
    expect(json.variable?.domain_name).toMatchObject({ type: 'string' });
    expect(json.variable?.domain_name).not.toHaveProperty('default');

    // The provider the bindings were generated from satisfies both the example's and the module's range.
    const bound = (json.terraform as { required_providers?: { aws?: { version?: string } } }).required_providers?.aws?.version ?? '';
    expect(bound).toMatch(/^6\.\d+\.\d+$/);
    for (const versions of [join(dir, 'versions.tf'), join(REPO, 'versions.tf')]) {
      const constraint = /aws = \{[^}]*version\s*=\s*"([^"]+)"/.exec(readFileSync(versions, 'utf8'))?.[1] ?? '';
      expect(satisfies(bound, constraint), `${bound} in ${constraint}`).toBe(true);
      expect(satisfies('5.100.0', constraint), `5.100.0 (the mirror's) in ${constraint}`).toBe(true);
    }
  });
});
