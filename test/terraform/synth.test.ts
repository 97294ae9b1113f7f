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
    const provider = example.providers.get('aws')?.body;
    if (call === undefined || provider === undefined) throw new Error('example has no module "ecr_domain" or provider "aws"');

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
    new AwsProvider(stack, 'aws', { region: toCdktn(provider.region ?? null) as string });
    const { source, ...inputs } = call;
    new TerraformHclModule(stack, 'ecr_domain', {
      source: REPO,
      variables: Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, toCdktn(value)])),
    });

    const json = JSON.parse(Testing.synth(stack)) as Record<string, Record<string, unknown>>;
    expect(typeof source === 'string' ? resolve(dir, source) : source).toBe(REPO);
    expect(json.module?.ecr_domain).toEqual({ source: REPO, ...inputs });
    expect(json.provider?.aws).toEqual([{ region: `\${var.region}` }]);
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
