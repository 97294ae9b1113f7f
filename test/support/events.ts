import type { HttpApiEvent } from '../../src/core/http-api.ts';

/** A payload 2.0 event as API Gateway sends it, with credentials in every place they can appear. */
export function httpApiEvent(over: { method?: string; rawPath?: string; rawQueryString?: string; headers?: Record<string, string> } = {}): HttpApiEvent {
  const method = over.method ?? 'GET';
  const rawPath = over.rawPath ?? '/v2/team/app/manifests/latest';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: over.rawQueryString ?? '',
    cookies: ['session=cookie-secret-value'],
    headers: {
      accept: 'application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.v2+json',
      authorization: 'Basic QVdTOnRvcC1zZWNyZXQtdG9rZW4=',
      host: 'ecr.example.com',
      'user-agent': 'docker/20.10.24+dfsg1 go/go1.19.8 git-commit/5d6db84 kernel/6.1.0 os/linux arch/amd64',
      'x-amzn-trace-id': 'Root=1-65a1b2c3-0123456789abcdef01234567',
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...over.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123defg',
      domainName: 'ecr.example.com',
      domainPrefix: 'ecr',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'docker/20.10.24' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:21:00:00 +0000',
      timeEpoch: 1795381200000,
    },
    isBase64Encoded: false,
  };
}

/** Strings that must never reach a log. */
export const SECRETS = ['QVdTOnRvcC1zZWNyZXQtdG9rZW4=', 'top-secret-token', 'cookie-secret-value', 'X-Amz-Signature'];
