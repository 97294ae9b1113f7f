/** Long-running processes the e2e run starts; each is stopped by its own PID, never by name. */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

export interface Child {
  pid: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
}

const running = new Set<Child>();

export async function startChild(command: string, args: string[], options: { logFile: string; env?: NodeJS.ProcessEnv }): Promise<Child> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], env: options.env ?? process.env, detached: false });
  if (child.pid === undefined) throw new Error(`${command} did not start`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  const handle: Child = {
    pid,
    exited,
    stop: async (signal = 'SIGTERM') => {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, signal);
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(handle);
  return handle;
}

/** Stops whatever is still running (on failure paths), newest first. */
export async function stopAll(): Promise<void> {
  for (const child of [...running].reverse()) await child.stop();
}
