import type { AliasConfig } from './config.ts';
import { decide, type RegistryRequest } from './decide.ts';
import type { HttpApiEvent, HttpApiResult } from './http-api.ts';
import type { Outcome } from './outcome.ts';

/** Receives one finished JSON log line (no trailing newline). */
export type LogSink = (line: string) => void;

export function toRegistryRequest(event: HttpApiEvent): RegistryRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {},
  };
}

export function toResult(outcome: Outcome): HttpApiResult {
  if (outcome.kind === 'redirect') {
    return { statusCode: 307, headers: { location: outcome.location }, body: '' };
  }
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
}

/**
 * The Lambda handler over the decision core. It logs one line per request: method, path
 * (never the query), status and duration; never headers, cookies or bodies.
 */
export function createHandler(config: AliasConfig, log: LogSink) {
  return async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
    const started = performance.now();
    const result = toResult(decide(toRegistryRequest(event), config));
    const ms = Math.round((performance.now() - started) * 100) / 100;
    // Hand-assembled JSON (strings escaped by JSON.stringify): the log line is most of a redirect's cost.
    log(`{"method":${JSON.stringify(event.requestContext.http.method)},"path":${JSON.stringify(event.rawPath)},"status":${result.statusCode},"ms":${ms}}`);
    return result;
  };
}
