/**
 * AWS SDK v3 clients, made one way for every caller: bounded attempts and socket timeouts, one
 * call per client, and an AbortSignal for the whole call. Callers import the SDK package
 * themselves, dynamically, so it loads only when a call is made.
 */

/** How long one call may try: attempts, then per attempt the time to connect and to answer. */
export interface AwsCallLimits {
  maxAttempts: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Where one call goes and how long it may take; absent region and profile leave them to the SDK's defaults. */
export interface AwsCall {
  limits: AwsCallLimits;
  region?: string;
  profile?: string;
  /** Ends the call early (retries and all). */
  signal?: AbortSignal;
}

/** The constructor settings any SDK v3 client (ECRClient, SSMClient, SecretsManagerClient) takes. */
export interface AwsClientConfig {
  region?: string;
  profile?: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/** Creates a client, makes one call with the signal, and destroys the client (its sockets) afterwards. */
export async function callAws<Client extends { destroy(): void }, Output>(
  Client: new (config: AwsClientConfig) => Client,
  call: AwsCall,
  send: (client: Client, options: { abortSignal?: AbortSignal }) => Promise<Output>,
): Promise<Output> {
  const { limits, region, profile, signal } = call;
  const client = new Client({
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, requestTimeout: limits.requestTimeoutMs },
  });
  try {
    return await send(client, signal ? { abortSignal: signal } : {});
  } finally {
    client.destroy();
  }
}
