// Runs the real terraform CLI offline: providers come from a local filesystem mirror (FACTS: hashicorp/aws
// 5.100.0 in /opt/tf-plugins), through a CLI config written for the run, never from the registry.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, tfFiles } from './hcl.ts';

const execFileAsync = promisify(execFile);

/** The provider mirror; TF_PROVIDER_MIRROR points elsewhere. */
export const MIRROR = process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';
/** terraform test's override_during, which the tests use, came with Terraform 1.11. */
const MINIMUM_TERRAFORM = [1, 11] as const;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The aws provider versions in the mirror, packed (zip) or unpacked layout. */
export function mirroredAwsVersions(mirror = MIRROR): string[] {
  const dir = join(mirror, 'registry.terraform.io/hashicorp/aws');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((entry) => /^(?:terraform-provider-aws_)?(\d+\.\d+\.\d+)/.exec(entry)?.[1])
    .filter((version): version is string => version !== undefined);
}

export interface Terraform {
  readonly cli: string;
  readonly env: NodeJS.ProcessEnv;
  run(args: readonly string[], cwd: string): Promise<{ status: number; output: string; seconds: number }>;
}

/**
 * terraform on PATH, set up to read providers from the mirror only. Throws one line that names the fix when
 * terraform or the mirror is missing: these tests never skip.
 */
export async function offlineTerraform(work: string): Promise<Terraform> {
  const cli = onPath('terraform');
  if (cli === undefined) {
    throw new Error(`terraform is not on PATH: install Terraform >= ${MINIMUM_TERRAFORM.join('.')} (the CI machine image has it in /usr/local/bin)`);
  }
  const { stdout } = await execFileAsync(cli, ['version', '-json'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const version = (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MINIMUM_TERRAFORM[0] || (major === MINIMUM_TERRAFORM[0] && minor < MINIMUM_TERRAFORM[1])) {
    throw new Error(`terraform ${version} is too old for these tests: install Terraform >= ${MINIMUM_TERRAFORM.join('.')}`);
  }
  if (mirroredAwsVersions().length === 0) {
    throw new Error(
      `hashicorp/aws is not in the provider mirror ${MIRROR}: run \`terraform providers mirror ${MIRROR}\` in example/ on a machine that reaches the Terraform registry, or set TF_PROVIDER_MIRROR to a mirror that holds hashicorp/aws >= 5.100, < 7.0`,
    );
  }
  const config = join(work, 'terraform.tfrc');
  writeFileSync(
    config,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(MIRROR)}
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`,
  );
  // One cache for every init: links into an unpacked mirror, and a packed (zip) mirror is unpacked once.
  const cache = join(work, 'plugin-cache');
  mkdirSync(cache, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: config,
    TF_PLUGIN_CACHE_DIR: cache,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    // Every provider in the tests is a mock; should one not be, it must not look for credentials on the network.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return {
    cli,
    env,
    run(args, cwd) {
      const started = performance.now();
      return new Promise((resolve) => {
        const child = execFile(cli, [...args, '-no-color'], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 }, (error, stdout, stderr) => {
          const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ status, output: `${stdout}${stderr}${status === -1 ? (error?.message ?? '') : ''}`, seconds: (performance.now() - started) / 1000 });
        });
        // terraform and its provider plugins keep both cores busy for a minute: let timing-sensitive tests that run
        // alongside go first.
        if (child.pid !== undefined) {
          try {
            setPriority(child.pid, 10);
          } catch {
            // Not permitted here: run at normal priority.
          }
        }
      });
    },
  };
}

/**
 * A copy of what Terraform reads: the module's .tf files, the artifacts it uploads, its tests and the examples
 * (which find the module at ../ and ../../). .terraform and lock files then never land in the repository.
 */
export function copyModule(to: string): void {
  mkdirSync(join(to, 'function'), { recursive: true });
  for (const file of tfFiles(REPO)) cpSync(file, join(to, file.slice(REPO.length + 1)));
  for (const file of ['function/dist.zip', 'function/cloudfront-function.js']) cpSync(join(REPO, file), join(to, file));
  cpSync(join(REPO, 'tests'), join(to, 'tests'), { recursive: true });
  cpSync(join(REPO, 'example'), join(to, 'example'), { recursive: true, filter: (path) => !/[/\\]\.terraform(\.lock\.hcl)?$|\.tfstate/.test(path) });
}

/** One event of `terraform test -json`. */
export interface TestEvent {
  readonly type: string;
  readonly '@testfile'?: string;
  readonly '@testrun'?: string;
  readonly test_abstract?: Record<string, string[]>;
  readonly test_run?: { readonly path: string; readonly run: string; readonly progress: string; readonly status?: string; readonly elapsed?: number };
  readonly test_summary?: { readonly status: string; readonly passed: number; readonly failed: number; readonly errored: number; readonly skipped: number };
  readonly diagnostic?: { readonly severity: string; readonly summary: string; readonly detail?: string; readonly snippet?: { readonly context?: string } };
}

export function testEvents(output: string): TestEvent[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TestEvent);
}
