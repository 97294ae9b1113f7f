// A cdktn app instantiates the module as the example does (TerraformHclModule) and synthesizes it; the
// Terraform JSON it produces must hold the example's provider, variables and module call.
import { relative, resolve } from 'node:path';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider/index.js';
import { TerraformHclModule, TerraformStack, TerraformVariable, Testing } from 'cdktn';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIRS, type Hcl, isObject, loadModule, REPO } from './hcl.ts';

process.env.CHECKPOINT_DISABLE = '1';

const unwrap = (expression: Hcl | undefined) => String(expression).replace(/^\$\{([\s\S]*)\}$/, '$1');

describe.each(EXAMPLE_DIRS.map((dir) => [relative(REPO, dir), dir] as const))('the module in a cdktn app, called as in %s', (_name, dir) => {
  it('synthesizes with the example inputs into Terraform JSON that calls the module like the example', async () => {
    const example = await loadModule(dir);
    const call = example.modules.get('ecr_domain')?.body;
    if (call === undefined || !example.providers.has('aws')) throw new Error('example has no module "ecr_domain" or provider "aws"');

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
    // `${var.x}` in the example becomes a reference to the cdktn variable x.
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
    const { source, providers: passed, ...inputs } = call;
    // `providers = { aws = aws.us_east_1 }` hands the module one of those configurations as its default "aws".
    const passedProviders = Object.fromEntries(Object.entries(isObject(passed) ? passed : {}).map(([key, value]) => [key, unwrap(value)]));
    const moduleProviders = Object.entries(passedProviders).map(([key, value]) => {
      const provider = providers.get(value);
      if (key !== 'aws' || provider === undefined) throw new Error(`the example passes ${value} as ${key}; expected a declared aws provider as aws`);
      return provider;
    });
    new TerraformHclModule(stack, 'ecr_domain', {
      source: REPO,
      ...(moduleProviders.length > 0 ? { providers: moduleProviders } : {}),
      variables: Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, toCdktn(value)])),
    });

    const json = JSON.parse(Testing.synth(stack)) as Record<string, Record<string, unknown>>;
    expect(typeof source === 'string' ? resolve(dir, source) : source).toBe(REPO);
    // Terraform JSON names provider configurations as plain strings.
    expect(json.module?.ecr_domain).toEqual({ source: REPO, ...inputs, ...(passed === undefined ? {} : { providers: passedProviders }) });
    expect(json.provider?.aws).toEqual([...example.providers.values()].map((block) => block.body));
    expect(json.provider?.aws).toContainEqual({ region: `\${var.region}` });
    expect(Object.keys(json.variable ?? {}).sort()).toEqual([...example.variables.keys()].sort());
    const domain = json.variable?.domain_name;
    expect(isObject(domain as Hcl) ? domain : undefined).toMatchObject({ type: 'string' });
    expect(json.variable?.domain_name).not.toHaveProperty('default');
    // The provider the bindings were generated from satisfies the example's ">= 6.0".
    expect(json.terraform).toMatchObject({
      required_providers: { aws: { source: 'hashicorp/aws', version: expect.stringMatching(/^6\.\d+\.\d+$/) } },
    });
  });
});
