// Terraform itself checks the module: fmt, init from the local provider mirror, validate of the module and of
// every example, terraform test with mock providers (tests/*.tftest.hcl), and every rejection once more
// without expect_failures, to read the message it fails with. Without terraform or the mirror these tests
// fail with the fix; they never skip.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRS, type HclObject, isObject, loadModule, REPO } from './hcl.ts';
import { copyModule, mirroredAwsVersions, offlineTerraform, type Terraform, type TestEvent, testEvents } from './terraform.ts';

const REJECTIONS = 'tests/rejections.tftest.hcl';
const NODEJS24 = 'plans_nodejs24_x_with_a_provider_that_knows_it';
const UNKNOWN_CERTIFICATE = 'fails_the_plan_when_certificate_arn_comes_from_the_same_apply_with_create_certificate_true';

/** Whether a.b.c is at least x.y.z. */
function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [version, minimum].map((text) => text.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return (a?.[i] ?? 0) > (b?.[i] ?? 0);
  return true;
}

interface Rejection {
  readonly name: string;
  /** The variable or resource expected to refuse the value: `var.x` or `aws_x.y`. */
  readonly object: string;
  /** The run block without its expect_failures line. */
  readonly block: string;
}

/** The run blocks of the rejections file, and the file's text before them (providers, variables). */
function rejections(text: string): { header: string; runs: Rejection[] } {
  const starts = [...text.matchAll(/^run "([^"]+)" \{$/gm)];
  const header = text.slice(0, starts[0]?.index ?? text.length).replace(/^#{80}\n# .+\n#{80}\n/gm, '');
  const runs = starts.map((start) => {
    const end = text.indexOf('\n}\n', start.index);
    const block = text.slice(start.index, end + 3);
    const expected = [...block.matchAll(/^ {2}expect_failures = \[([\w.]+)\]$/gm)].map((match) => match[1] ?? '');
    if (expected.length !== 1) throw new Error(`${REJECTIONS}: run "${start[1]}" needs exactly one one-line expect_failures with one object`);
    return { name: start[1] ?? '', object: (expected[0] ?? '').replace(/^var\./, 'var.'), block: block.replace(/^ {2}expect_failures = .*\n/m, '') };
  });
  return { header, runs };
}

/** Every message the module declares, by the object that reports it: `var.x` for validations, `aws_x.y` for preconditions. */
async function declaredMessages(): Promise<Map<string, string[]>> {
  const module = await loadModule(REPO);
  const messages = new Map<string, string[]>();
  const add = (object: string, blocks: unknown) => {
    for (const block of Array.isArray(blocks) ? blocks.filter(isObject) : []) {
      if (typeof block.error_message !== 'string') throw new Error(`${object}: a condition without a literal error_message`);
      messages.set(object, [...(messages.get(object) ?? []), block.error_message]);
    }
  };
  for (const [name, block] of module.variables) add(`var.${name}`, block.body.validation);
  for (const [address, block] of [...module.resources, ...[...module.data].map(([a, b]) => [`data.${a}`, b] as const)]) {
    const lifecycle = (Array.isArray(block.body.lifecycle) ? block.body.lifecycle.filter(isObject) : []) as HclObject[];
    for (const body of lifecycle) add(address, body.precondition);
  }
  return messages;
}

/** A declared message as a pattern for the rendered one: each ${...} stands for any text. */
function messagePattern(message: string): RegExp {
  const parts = message.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}(?:\\n|$)`);
}

describe('terraform', () => {
  const work = mkdtempSync(join(tmpdir(), 'ecr-custom-domain-tf-'));
  const module = join(work, 'module');
  const messagesDir = join(work, 'messages');
  let terraform: Terraform | undefined;
  let missing: string | undefined;
  const timings: string[] = [];
  const results = new Map<string, { status: number; output: string }>();

  /** terraform, or the one line that names what is missing and how to get it: every test then fails with it. */
  const cli = (): Terraform => {
    if (terraform === undefined) throw new Error(missing ?? 'terraform was not set up');
    return terraform;
  };

  const step = async (label: string, args: readonly string[], cwd: string) => {
    const result = await cli().run(args, cwd);
    timings.push(`${label}: ${result.seconds.toFixed(1)} s`);
    results.set(label, result);
    return result;
  };

  beforeAll(async () => {
    try {
      terraform = await offlineTerraform(work);
    } catch (error) {
      missing = (error as Error).message;
      return;
    }
    copyModule(module);
    copyModule(messagesDir);

    // The rejections again, one file each: after a run fails, terraform test skips the rest of its file.
    const { header, runs } = rejections(readFileSync(join(REPO, REJECTIONS), 'utf8'));
    mkdirSync(join(messagesDir, 'rejections'), { recursive: true });
    for (const run of runs) writeFileSync(join(messagesDir, 'rejections', `${run.name}.tftest.hcl`), `${header}${run.block}`);
    // And the one refusal that is the provider's own: nodejs24.x before hashicorp/aws 6.21.
    writeFileSync(
      join(messagesDir, 'rejections', `${NODEJS24}.tftest.hcl`),
      `${header}run "${NODEJS24}" {\n  command = plan\n  variables {\n    function = { runtime = "nodejs24.x" }\n  }\n}\n`,
    );
    // And the one refusal that no condition can make at plan: a certificate_arn unknown until the apply.
    writeFileSync(
      join(messagesDir, 'rejections', `${UNKNOWN_CERTIFICATE}.tftest.hcl`),
      `${header}run "${UNKNOWN_CERTIFICATE}" {\n  command = plan\n  module {\n    source = "./tests/unknown-certificate"\n  }\n}\n`,
    );

    // Every init first, one after another: they share the plugin cache, which terraform does not keep safe for
    // concurrent writers (an init re-linking a provider while a test runs it failed with "fork/exec ... no such file").
    const moduleInit = await step('init (module)', ['init', '-backend=false', '-input=false'], module);
    const messagesInit = await step('init (rejection messages)', ['init', '-backend=false', '-input=false', '-test-directory=rejections'], messagesDir);
    const examplesInit: string[] = [];
    for (const dir of EXAMPLE_DIRS) {
      const name = relative(REPO, dir);
      if ((await step(`init (${name})`, ['init', '-backend=false', '-input=false'], join(module, name))).status === 0) examplesInit.push(name);
    }
    // Then two chains side by side (2 cores), reading what the inits installed: the module's tests, and the
    // rejection messages then the examples.
    await Promise.all([
      (async () => {
        if (moduleInit.status !== 0) return;
        await step('validate (module)', ['validate', '-no-tests'], module);
        await step('test', ['test', '-json'], module);
      })(),
      (async () => {
        if (messagesInit.status === 0) await step('test (rejection messages)', ['test', '-json', '-test-directory=rejections'], messagesDir);
        for (const name of examplesInit) await step(`validate (${name})`, ['validate'], join(module, name));
      })(),
    ]);
    console.log(`terraform timings:\n  ${timings.join('\n  ')}`);
  }, 1_200_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const result = (label: string) => {
    cli();
    const found = results.get(label);
    if (found === undefined) throw new Error(`${label} did not run (an earlier step failed)`);
    return found;
  };

  it('finds terraform and hashicorp/aws in the provider mirror', () => {
    expect(cli().cli).toMatch(/terraform$/);
  });

  it('finds the module, the examples and the tests formatted (terraform fmt -check)', async () => {
    const fmt = await cli().run(['fmt', '-check', '-diff', '-recursive'], module);
    expect(fmt.status, fmt.output).toBe(0);
  });

  it.for(['module', ...EXAMPLE_DIRS.map((dir) => relative(REPO, dir))])('initializes %s from the provider mirror alone and validates it', (name) => {
    const init = result(`init (${name})`);
    expect(init.status, init.output).toBe(0);
    const validate = result(`validate (${name})`);
    expect(validate.status, validate.output).toBe(0);
    expect(validate.output).toContain('The configuration is valid.');
  });

  it('passes terraform test: every run block of tests/*.tftest.hcl passes, none is skipped', () => {
    const test = result('test');
    const events = testEvents(test.output);
    const declared = Object.values(events.find((event) => event.test_abstract !== undefined)?.test_abstract ?? {}).flat();
    const failures = events.filter((event) => event.diagnostic?.severity === 'error').map((event) => `${event['@testrun'] ?? ''}: ${event.diagnostic?.summary}: ${event.diagnostic?.detail ?? ''}`);
    expect(failures).toEqual([]);
    const summary = events.find((event) => event.test_summary !== undefined)?.test_summary;
    expect(summary).toMatchObject({ status: 'pass', failed: 0, errored: 0, skipped: 0 });
    expect(summary?.passed).toBe(declared.length);
    expect(declared.length).toBeGreaterThanOrEqual(20);
    expect(test.status, test.output.slice(-2000)).toBe(0);
  });

  it('refuses each value in tests/rejections.tftest.hcl with a message the refusing object declares, and every declared message is reached', async () => {
    const { runs } = rejections(readFileSync(join(REPO, REJECTIONS), 'utf8'));
    const declared = await declaredMessages();
    const events = testEvents(result('test (rejection messages)').output);
    const errorsOf = (run: string) => events.filter((event: TestEvent) => event['@testrun'] === run && event.diagnostic?.severity === 'error');
    const reached = new Set<string>();
    const problems: string[] = [];
    for (const run of runs) {
      const messages = declared.get(run.object) ?? [];
      if (messages.length === 0) problems.push(`${run.name}: ${run.object} declares no validation or precondition`);
      const errors = errorsOf(run.name);
      if (errors.length !== 1) {
        problems.push(`${run.name}: ${errors.length} errors instead of 1: ${errors.map((event) => event.diagnostic?.detail ?? event.diagnostic?.summary).join(' | ')}`);
        continue;
      }
      const detail = errors[0]?.diagnostic?.detail ?? '';
      const message = messages.find((candidate) => messagePattern(candidate).test(detail));
      if (message === undefined) problems.push(`${run.name}: "${detail.split('\n')[0]}" is no message of ${run.object}`);
      else reached.add(message);
    }
    expect(problems).toEqual([]);
    const unreached = [...declared].flatMap(([object, messages]) => messages.filter((message) => !reached.has(message)).map((message) => `${object}: ${message}`));
    expect(unreached).toEqual([]);
  });

  // versions.tf allows 5.100 and later; the runtime list of releases before 6.21 lacks nodejs24.x. Such a provider
  // refuses it while planning, never at apply, which is what function.runtime's description promises.
  // A precondition on an unknown value waits for the apply, which then stops half-way; the guard's count cannot be
  // known either, so Terraform refuses the plan, naming the guard.
  it('fails the plan, not the apply, when certificate_arn comes from a resource in the same apply while create_certificate = true', () => {
    const events = testEvents(result('test (rejection messages)').output);
    const errors = events.filter((event) => event['@testrun'] === UNKNOWN_CERTIFICATE && event.diagnostic?.severity === 'error');
    expect(errors.map((event) => [event.diagnostic?.summary, event.diagnostic?.snippet?.context])).toEqual([
      ['Invalid count argument', 'resource "terraform_data" "certificate_arn_needs_create_certificate_false"'],
    ]);
  });

  it('plans function.runtime = "nodejs24.x" with hashicorp/aws >= 6.21 and has older releases refuse it at plan', () => {
    const events = testEvents(result('test (rejection messages)').output);
    const errors = events.filter((event) => event['@testrun'] === NODEJS24 && event.diagnostic?.severity === 'error');
    const newest = mirroredAwsVersions().sort((a, b) => (atLeast(a, b) ? -1 : 1))[0] ?? '';
    if (atLeast(newest, '6.21.0')) expect(errors).toEqual([]);
    else expect(errors.map((event) => event.diagnostic?.summary)).toEqual([expect.stringMatching(/^expected runtime to be one of \[.*"nodejs22\.x".*\], got nodejs24\.x$/)]);
  });
});
