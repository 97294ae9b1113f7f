// Real terraform (or tofu) when one is on PATH. `fmt -check` runs offline. `init` needs the aws and archive
// providers, from the registry or a local mirror; when it cannot get them, init and validate are reported
// as skipped, with the reason, and never as passed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRS, MODULE_DIRS, REPO, tfFiles } from './hcl.ts';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const cli = onPath('terraform') ?? onPath('tofu');
const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };

function run(args: readonly string[], cwd: string, timeout = 120_000) {
  if (cli === undefined) throw new Error('no terraform or tofu on PATH');
  const result = spawnSync(cli, [...args, '-no-color'], { cwd, env, encoding: 'utf8', timeout });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

function skipped(what: string, reason: string): string {
  const line = `SKIPPED: ${what}: ${reason}`;
  console.log(line);
  return line;
}

const NO_CLI = 'no terraform or tofu on PATH';

describe(`real ${cli ?? 'terraform'}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'ecr-custom-domain-tf-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.for(MODULE_DIRS.map((dir) => [relative(REPO, dir) || 'root module', dir] as const))(
    'finds the %s formatted (fmt -check)',
    ([, dir], ctx) => {
      if (cli === undefined) ctx.skip(skipped('terraform fmt -check', NO_CLI));
      const result = run(['fmt', '-check', '-diff', dir], REPO);
      expect(result.status, result.output).toBe(0);
      expect(tfFiles(dir).length).toBeGreaterThan(0);
    },
  );

  it.for(EXAMPLE_DIRS.map((dir) => [relative(REPO, dir), dir] as const))('initializes %s with its providers and validates it with the module', ([name], ctx) => {
    if (cli === undefined) ctx.skip(skipped('terraform init/validate', NO_CLI));
    // A copy, so that .terraform never lands in the repository; the examples find the module at "../" and "../../".
    // The module reads function/dist (the Lambda zip) and function/cloudfront-function.js (the CloudFront Function).
    for (const file of tfFiles(REPO)) cpSync(file, join(work, file.slice(REPO.length + 1)));
    cpSync(join(REPO, 'function/dist'), join(work, 'function/dist'), { recursive: true });
    cpSync(join(REPO, 'function/cloudfront-function.js'), join(work, 'function/cloudfront-function.js'));
    cpSync(join(REPO, 'example'), join(work, 'example'), { recursive: true });
    const exampleDir = join(work, name);

    // The registry first, then any provider mirror on this machine.
    const mirrors = [
      process.env.TF_PLUGIN_CACHE_DIR,
      join(homedir(), '.terraform.d/plugins'),
      '/usr/local/share/terraform/plugins',
      '/usr/share/terraform/plugins',
      '/opt/tf-plugins',
    ].filter((dir): dir is string => dir !== undefined && existsSync(dir));
    const attempts = [[], ...mirrors.map((dir) => [`-plugin-dir=${dir}`])];
    const failures: string[] = [];
    let initialized = false;
    for (const extra of attempts) {
      const result = run(['init', '-backend=false', '-input=false', ...extra], exampleDir);
      if (result.status === 0) {
        initialized = true;
        break;
      }
      // terraform wraps its messages: join the lines, then keep the sentences that say why.
      const text = result.output.replace(/\s+/g, ' ');
      const reasons = text.match(
        /could not connect to [\w.-]+|hashicorp\/\w+: no available releases match the given constraints [>=<~!\d., ]+\d|provider [\w./-]+ was not found in any of the search locations/g,
      );
      failures.push(`${extra[0] ?? 'registry'}: ${[...new Set(reasons ?? [text.slice(0, 200)])].join(', ')}`);
    }
    if (!initialized) {
      ctx.skip(skipped('terraform init/validate', `terraform init could not get the aws >= 6.0 and archive providers (${failures.join('; ')})`));
    }

    const validate = run(['validate'], exampleDir);
    expect(validate.status, validate.output).toBe(0);
    expect(validate.output).toMatch(/The configuration is valid/);
  });
});
