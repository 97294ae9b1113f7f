/**
 * AWS SDK v3 clients, made one way for every caller: bounded attempts and socket timeouts, one
 * call per client, and a deadline for the whole call. Callers import the SDK package themselves,
 * dynamically, so it loads only when a call is made.
 */

/** How long one call may try: attempts, per attempt the time to connect and to answer, and the whole call. */
export interface AwsCallLimits {
  maxAttempts: number;
  connectionTimeoutMs: number;
  /** One attempt, from sending the request to the last byte of the answer. */
  requestTimeoutMs: number;
  /** The whole call: credential lookup, every attempt and the back-off between them. Default: maxAttempts × (requestTimeoutMs + 1 s). */
  deadlineMs?: number;
}

/** Where one call goes and how long it may take; absent region and profile leave them to the SDK's defaults. */
export interface AwsCall {
  limits: AwsCallLimits;
  region?: string;
  profile?: string;
  /** Ends the call early (retries and all), before its own deadline. */
  signal?: AbortSignal;
}

/** The constructor settings any SDK v3 client (ECRClient, SSMClient, SecretsManagerClient) takes. */
export interface AwsClientConfig {
  region?: string;
  profile?: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

/** The call's own deadline passed with no answer. */
export class AwsDeadlineError extends Error {
  override name = 'AwsDeadlineError';
  constructor(readonly deadlineMs: number) {
    super(`no answer within ${deadlineMs / 1000} s`);
  }
}

function deadlineOf(limits: AwsCallLimits): number {
  return limits.deadlineMs ?? limits.maxAttempts * (limits.requestTimeoutMs + 1_000);
}

/**
 * Creates a client, makes one call and destroys the client (its sockets) afterwards. The call ends
 * by its deadline or the caller's signal, whichever comes first, even where the SDK would not stop
 * (its credential chain takes no signal): the promise rejects then and the SDK is told to abort.
 */
export async function callAws<Client extends { destroy(): void }, Output>(
  Client: new (config: AwsClientConfig) => Client,
  call: AwsCall,
  send: (client: Client, options: { abortSignal: AbortSignal }) => Promise<Output>,
): Promise<Output> {
  const { limits, region, profile } = call;
  const deadlineMs = deadlineOf(limits);
  // One signal for the SDK: the caller's, or the deadline, whichever comes first; its reason is what the call rejects with.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AwsDeadlineError(deadlineMs)), deadlineMs);
  const callerAborted = () => controller.abort(call.signal?.reason);
  if (call.signal?.aborted) callerAborted();
  else call.signal?.addEventListener('abort', callerAborted, { once: true });
  const { signal } = controller;
  const ended = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes.
  const client = new Client({
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, requestTimeout: limits.requestTimeoutMs, throwOnRequestTimeout: true },
  });
  try {
    return await Promise.race([send(client, { abortSignal: signal }), ended]);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', callerAborted);
    client.destroy();
  }
}
