// The Inputs and Outputs tables (docs/terraform.md, each example's README) are generated from variables.tf and
// outputs.tf; these tests fail when they are stale, and when a module snippet in the README or docs/ would not plan.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@cdktn/hcl2json';
import { format } from '@cdktn/hcl-tools';
import { describe, expect, it } from 'vitest';
import { BEGIN, moduleDocs, TARGETS, withDocs } from '../../scripts/terraform-docs.ts';
import { allDocs } from '../support/docs.ts';
import { type HclObject, isObject, loadModule, REPO } from './hcl.ts';

describe.each(TARGETS.map((target) => [relative(REPO, target.readme), target] as const))('%s', (_name, target) => {
  it('holds the Inputs and Outputs tables generated from the module (npm run docs:terraform)', async () => {
    const readme = readFileSync(target.readme, 'utf8');
    expect(withDocs(readme, await moduleDocs(target.moduleDir), target.readme)).toBe(readme);
  });

  it('documents every variable and output of the module', async () => {
    const docs = await moduleDocs(target.moduleDir);
    const module = await loadModule(target.moduleDir);
    expect(module.variables.size).toBeGreaterThan(0);
    for (const name of module.variables.keys()) expect(docs).toContain(`[${name}](#input_${name})`);
    for (const name of module.outputs.keys()) expect(docs).toContain(`[${name}](#output_${name})`);
  });
});

describe('withDocs', () => {
  it('replaces only the text between the markers', () => {
    const readme = 'intro\n<!-- BEGIN_TF_DOCS -->\nold\n<!-- END_TF_DOCS -->\nrest\n';
    expect(withDocs(readme, 'new')).toBe('intro\n<!-- BEGIN_TF_DOCS -->\nnew\n<!-- END_TF_DOCS -->\nrest\n');
  });

  it('refuses a page without markers', () => {
    expect(() => withDocs('no markers', 'new')).toThrow(/markers/);
  });
});

describe('module usage in README.md and docs/', () => {
  const text = allDocs();
  const snippets = [...text.matchAll(/```hcl\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

  it('keeps the root module\'s generated tables in docs/terraform.md, not in the README', () => {
    expect(TARGETS.find((target) => target.moduleDir === REPO)?.readme).toBe(join(REPO, 'docs/terraform.md'));
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).not.toContain(BEGIN);
  });

  it('shows the module with a created and an existing certificate, in several regions and for another account', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    const all = snippets.join('\n');
    expect(all).toMatch(/certificate_arn\s+=/);
    expect(all).toMatch(/dns_latency_routing\s+= true/);
    expect(all).toMatch(/registry\s+= "\d{12}\.dkr\.ecr\./);
    expect(text).toMatch(/"credHelpers": \{\s*"ecr\.example\.com": "ecr-custom"[\s,}]/);
  });

  it('shows public access, anonymous and with basic auth from an SSM parameter', () => {
    const calls = snippets.filter((snippet) => /access\s+= "public"/.test(snippet));
    expect(calls.some((snippet) => !/auth\s+=/.test(snippet))).toBe(true);
    expect(calls.some((snippet) => /auth\s+= "basic"/.test(snippet) && /basic_auth_ssm_parameter_name\s+= "\//.test(snippet))).toBe(true);
    expect(text).toContain('aws ssm put-parameter --type SecureString');
  });

  it.each(snippets.map((snippet, index) => [index + 1, snippet] as const))(
    'snippet %i is formatted HCL that passes every required input and only inputs that exist',
    async (index, snippet) => {
      expect(await format(snippet)).toBe(snippet);
      const body = (await parse(`README-${index}.tf`, snippet)) as HclObject;
      const variables = (await loadModule(REPO)).variables;
      const required = [...variables].filter(([, block]) => !('default' in block.body)).map(([name]) => name);
      const calls = Object.values(isObject(body.module) ? body.module : {}).flatMap((list) => (Array.isArray(list) ? list.filter(isObject) : []));
      expect(calls.length).toBeGreaterThan(0);
      for (const call of calls) {
        const given = Object.keys(call).filter((key) => !['source', 'providers', 'version', 'count', 'for_each', 'depends_on'].includes(key));
        expect(given.filter((name) => !variables.has(name))).toEqual([]);
        expect(required.filter((name) => !given.includes(name))).toEqual([]);
      }
    },
  );
});
