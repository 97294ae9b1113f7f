import { describe, expect, it } from 'vitest';
import { AwsDeadlineError, type AwsClientConfig, callAws } from '../../src/core/aws-client.ts';

/** An SDK client whose call never settles and ignores its abort signal, as the SDK's credential chain does. */
function hangingClient() {
  const made: { config?: AwsClientConfig; destroyed: boolean; signal?: AbortSignal } = { destroyed: false };
  class Client {
    constructor(config: AwsClientConfig) {
      made.config = config;
    }
    send(options: { abortSignal: AbortSignal }): Promise<never> {
      made.signal = options.abortSignal;
      return new Promise(() => {});
    }
    destroy() {
      made.destroyed = true;
    }
  }
  return { Client, made };
}

const limits = { maxAttempts: 2, connectionTimeoutMs: 10, requestTimeoutMs: 20 };

describe('callAws', () => {
  it('ends a call that never answers by its deadline, tells the SDK to abort, and destroys the client', async () => {
    const { Client, made } = hangingClient();
    const started = Date.now();
    const error = await callAws(Client, { limits: { ...limits, deadlineMs: 50 } }, (client, options) => client.send(options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsDeadlineError);
    expect((error as Error).message).toBe('no answer within 0.05 s');
    // A guard against hanging, not a benchmark: the deadline is 50 ms.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(made.signal?.aborted).toBe(true);
    expect(made.destroyed).toBe(true);
  });

  it('asks the SDK to throw when one attempt passes requestTimeout, instead of only warning', async () => {
    const { Client, made } = hangingClient();
    await callAws(Client, { limits: { ...limits, deadlineMs: 1 } }, (client, options) => client.send(options)).catch(() => undefined);
    expect(made.config).toEqual({ maxAttempts: 2, requestHandler: { connectionTimeout: 10, requestTimeout: 20, throwOnRequestTimeout: true } });
  });

  it('ends the call with the caller’s reason when the caller’s signal aborts first', async () => {
    const { Client } = hangingClient();
    const caller = new AbortController();
    setTimeout(() => caller.abort(new Error('the request went away')), 10);
    await expect(callAws(Client, { limits: { ...limits, deadlineMs: 60_000 }, signal: caller.signal }, (client, options) => client.send(options))).rejects.toThrow('the request went away');
  });

  it('bounds a call without an explicit deadline by its attempts', async () => {
    const { Client } = hangingClient();
    await expect(callAws(Client, { limits }, (client, options) => client.send(options))).rejects.toThrow('no answer within 2.04 s');
  });
});
