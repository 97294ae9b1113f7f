import { describe, expect, it } from 'vitest';
import { createHandler } from '../../function/src/handler.ts';
import { httpApiEvent, SECRETS } from '../support/events.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function setup() {
  const lines: string[] = [];
  const handler = createHandler({ registry }, (line) => lines.push(line));
  return { handler, lines };
}

describe('the Lambda handler', () => {
  it('answers a registry request with a 307 to the registry, path and query intact', async () => {
    const { handler } = setup();
    const result = await handler(httpApiEvent({ rawPath: '/v2/team/app/tags/list', rawQueryString: 'n=10&last=v1' }));
    expect(result).toEqual({
      statusCode: 307,
      headers: { location: `https://${registry}/v2/team/app/tags/list?n=10&last=v1` },
      body: '',
    });
  });

  it('ignores the Host and forwarding headers when it builds the location', async () => {
    const { handler } = setup();
    const result = await handler(httpApiEvent({ headers: { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' } }));
    expect(result.headers?.location).toBe(`https://${registry}/v2/team/app/manifests/latest`);
  });

  it('answers a path outside /v2 with a 404 OCI error', async () => {
    const { handler } = setup();
    const result = await handler(httpApiEvent({ rawPath: '/admin' }));
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it('writes exactly one JSON log line per request: method, path without query, status, duration', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/app/manifests/v1', rawQueryString: 'token=query-secret' }));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['method', 'ms', 'path', 'status']);
    expect(entry).toMatchObject({ method: 'HEAD', path: '/v2/app/manifests/v1', status: 307 });
    expect(typeof entry.ms).toBe('number');
  });

  it('never logs credentials, cookies or the query string', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ rawQueryString: 'X-Amz-Signature=abc' }));
    await handler(httpApiEvent({ rawPath: '/other' }));
    const log = lines.join('\n');
    for (const secret of SECRETS) expect(log).not.toContain(secret);
  });

  it('keeps a path that would break a log line inside one JSON line', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ rawPath: '/v2/a\n{"status":200}' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ path: '/v2/a\n{"status":200}', status: 307 });
  });
});
