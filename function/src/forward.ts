/** Sends a request on to the registry and returns its answer unchanged: redirects are not followed. */

export interface ForwardRequest {
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body?: Buffer;
  /** Give up after this long, so the function answers before Lambda or API Gateway time it out. */
  timeoutMs: number;
}

export interface ForwardResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

// Response headers that describe this hop, not the registry's answer.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'te', 'proxy-authenticate', 'content-encoding']);

export async function forward(request: ForwardRequest, fetchImpl: typeof fetch = fetch): Promise<ForwardResponse> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.body !== undefined && request.body.length > 0 ? { body: new Uint8Array(request.body) } : {}),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new UpstreamError(timedOut ? 504 : 502, timedOut ? 'the registry did not answer in time' : 'the registry could not be reached');
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) headers[name] = value;
  });
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch {
    throw new UpstreamError(502, 'the registry closed the connection mid-answer');
  }
  return { status: response.status, headers, body };
}
