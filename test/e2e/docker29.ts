/**
 * A test client that talks to registries like Docker Engine >= 29 / Docker Desktop with the
 * containerd image store (test/e2e/docker29/main.go): containerd's resolver, authorizer, fetcher and
 * pusher, credentials for the configured registry host only, Docker's User-Agent. Built offline
 * from Debian's Go toolchain and containerd 1.6 sources (scripts/install-system-deps.sh installs both).
 */
import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../support/processes.ts';

const GOPATH = '/usr/share/gocode';
const CONTAINERD_SOURCES = `${GOPATH}/src/github.com/containerd/containerd/remotes/docker`;

/**
 * Docker 29.0.0's User-Agent for registry requests from its containerd image store:
 * dockerversion.DockerUserAgent (docker, go, git-commit, kernel, os, arch) with the
 * `containerd-client/` and `storage-driver/` versions daemon/containerd/resolver.go appends, then
 * the CLI's `UpstreamClient(...)` with parentheses escaped. Keep equal to defaultUserAgent in main.go.
 */
export const DOCKER29_USER_AGENT =
  'docker/29.0.0 go/go1.25.4 git-commit/d105562 kernel/6.8.0-87-generic os/linux arch/amd64 containerd-client/2.1.5+unknown storage-driver/overlayfs UpstreamClient(Docker-Client/29.0.0 \\(linux\\))';

function run(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** Builds test/e2e/docker29 into `outDir/docker29` (GOPATH mode, no network) and returns its path. */
export async function buildDocker29(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const { GOFLAGS: _unset, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PATH: `/usr/lib/go/bin:${process.env.PATH ?? '/usr/bin:/bin'}`,
    GO111MODULE: 'off',
    GOPATH,
    GOPROXY: 'off',
    GOCACHE: join(outDir, 'go-cache'),
  };
  const go = await run('go', ['version'], { env });
  if (go.code !== 0) throw new Error('docker29: no Go toolchain (`go`); install the Debian package golang-go');
  try {
    await access(CONTAINERD_SOURCES);
  } catch {
    throw new Error(`docker29: containerd sources missing (${CONTAINERD_SOURCES}); install the Debian package golang-github-containerd-containerd-dev`);
  }
  const binary = join(outDir, 'docker29');
  const build = await run('go', ['build', '-o', binary, '.'], { cwd: join(ROOT, 'test/e2e/docker29'), env });
  if (build.code !== 0) {
    const missing = /cannot find package "([^"]+)"/.exec(build.output)?.[1];
    const hint = missing ? ` (a Debian golang-*-dev package that ships ${missing} is missing)` : '';
    throw new Error(`docker29: go build failed${hint}: ${build.output.split('\n').slice(0, 5).join(' | ')}`);
  }
  return binary;
}

/** Arguments that pin docker29's User-Agent and CA, for `clients.exec(binary, [...docker29Args(ca), 'pull', ...])`. */
export function docker29Args(caFile: string): string[] {
  return ['--ca', caFile, '--user-agent', DOCKER29_USER_AGENT];
}
