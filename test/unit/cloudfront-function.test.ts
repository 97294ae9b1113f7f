import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { type Node, parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_MS_PER_KIB, fastestMs, run } from '../support/linear-time.ts';
import { ROOT } from '../support/processes.ts';

const registry = '583787846583.dkr.ecr.eu-central-1.amazonaws.com';
type Headers = Record<string, { value: unknown; multiValue?: { value: unknown }[] } | undefined>;
type ViewerResponse = (event: { response: { statusCode: number; headers: Headers } }) => { statusCode: number; headers: Headers };

let source: string;
let handler: ViewerResponse;

beforeAll(async () => {
  source = await readFile(join(ROOT, 'function/cloudfront-function.js'), 'utf8');
  // As in CloudFront: a bare JavaScript context, no Node globals, the registry put in by Terraform's replace().
  const context: { handler?: ViewerResponse } = {};
  runInNewContext(`${source.replace('__ECR_REGISTRY__', registry)}\nthis.handler = handler;`, context);
  if (context.handler === undefined) throw new Error('no top-level handler');
  handler = context.handler;
});

function answer(statusCode: number, headers: Record<string, string>): Record<string, string> {
  const event = { response: { statusCode, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }])) as Headers } };
  const out = handler(event);
  return Object.fromEntries(Object.entries(out.headers).map(([k, v]) => [k, String(v?.value)]));
}

const upload = `https://${registry}/v2/team/app/blobs/uploads/2c4e6e3f-64ce-4a4e-9d6f-2f6b1f3fbb6a?_state=eyJuYW1lIjoidGVhbS9hcHAifQ%3D%3D`;
const s3 =
  'https://prod-eu-central-1-starport-layer-bucket.s3.eu-central-1.amazonaws.com/ab12-583787846583-1f2e/0a1b2c3d-0000-4000-8000-000000000000?X-Amz-Security-Token=IQoJb3JpZ2luX2VjE%2F%2F&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261130T120000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Credential=ASIA%2F20261130%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Signature=0f0e';

describe('the CloudFront Function over recorded ECR answers', () => {
  it('turns the absolute upload Location of a POST (202) into a path on the domain', () => {
    expect(answer(202, { location: upload, 'content-length': '0' })).toEqual({
      location: upload.slice(`https://${registry}`.length),
      'content-length': '0',
    });
  });

  it('does the same for the Location of a PATCH, which ECR answers with 201', () => {
    expect(answer(201, { location: upload, range: '0-5242879' }).location).toBe(upload.slice(`https://${registry}`.length));
  });

  it('leaves a blob GET’s 307 to presigned S3 untouched, so layers never pass through the domain', () => {
    expect(answer(307, { location: s3 })).toEqual({ location: s3 });
  });

  it('turns a tags/list Link on the registry into a path on the domain, rel kept', () => {
    const link = `<https://${registry}/v2/team/app/tags/list?last=v99&n=100>; rel="next"`;
    expect(answer(200, { link }).link).toBe('</v2/team/app/tags/list?last=v99&n=100>; rel="next"');
  });

  it('leaves a manifest PUT without Location (ECR sends none) as it is', () => {
    const headers = { 'docker-content-digest': 'sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce' };
    expect(answer(201, headers)).toEqual(headers);
  });

  it('matches the registry host in any case and with :443 spelled out', () => {
    expect(answer(202, { location: `HTTPS://${registry.toUpperCase()}:443/v2/app/blobs/uploads/x` }).location).toBe('/v2/app/blobs/uploads/x');
  });

  it('rewrites every value of a multi-value header', () => {
    const event = { response: { statusCode: 200, headers: { link: { value: `<https://${registry}/v2/a/tags/list?last=1>; rel="next"`, multiValue: [{ value: `<https://${registry}/v2/a/tags/list?last=1>; rel="next"` }, { value: '</v2/b>; rel="x"' }] } } as Headers } };
    const out = handler(event).headers.link;
    expect(out?.value).toBe('</v2/a/tags/list?last=1>; rel="next"');
    expect(out?.multiValue?.map((v) => v.value)).toEqual(['</v2/a/tags/list?last=1>; rel="next"', '</v2/b>; rel="x"']);
  });
});

describe('the CloudFront Function against hostile answers', () => {
  it.each([
    ['another host', 'https://registry.example.net/v2/app/blobs/uploads/x'],
    ['the registry as a prefix of another host', `https://${registry}.evil.example/v2/x`],
    ['the registry as userinfo', `https://${registry}@evil.example/v2/x`],
    ['the registry in the query of another host', `https://evil.example/?u=https://${registry}/v2/x`],
    ['another port', `https://${registry}:444/v2/x`],
    ['plain http', `http://${registry}/v2/x`],
    ['a protocol-relative path after the host', `https://${registry}//evil.example/v2/x`],
    ['a backslash path', `https://${registry}/\\evil.example/v2/x`],
    ['a line break', `https://${registry}/v2/x\r\nset-cookie: a=b`],
    ['a space', `https://${registry}/v2/x y`],
    ['a relative Location', '/v2/app/blobs/uploads/x'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('leaves a Location with %s as it was', (_what, location) => {
    expect(answer(202, { location }).location).toBe(location);
  });

  it('drops the fragment of a rewritten Location', () => {
    expect(answer(202, { location: `https://${registry}/v2/x?a=1#frag` }).location).toBe('/v2/x?a=1');
  });

  it('rewrites only the Link targets on the registry and keeps the others and the parameters', () => {
    const link = `<https://evil.example/v2/x>; rel="a", <https://${registry}/v2/y?n=1>; rel="next", <<>>; x="<y>"`;
    expect(answer(200, { link }).link).toBe('<https://evil.example/v2/x>; rel="a", </v2/y?n=1>; rel="next", <<>>; x="<y>"');
  });

  it.each([
    ['a header value that is not a string', { response: { statusCode: 202, headers: { location: { value: 5 } } } }],
    ['a multiValue entry that is not a string', { response: { statusCode: 200, headers: { link: { value: '<x>', multiValue: [{ value: null }] } } } }],
    ['no headers at all', { response: { statusCode: 204 } }],
  ])('never throws, for %s', (_what, event) => {
    expect(() => handler(event as never)).not.toThrow();
  });

  it('never throws and never adds a line break, for thousands of generated values', () => {
    const parts = [`https://${registry}`, 'https://', 'http://', registry, '/', '//', '\\', '?', '#', '<', '>', ';', ',', '@', ':443', '\r', '\n', ' ', 'v2', '%0d', '\u202e', 'é', '"'];
    let seed = 1;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      let value = '';
      for (let n = next() % 8; n >= 0; n--) value += parts[next() % parts.length];
      for (const name of ['location', 'link']) {
        const out = answer(i % 2 ? 200 : 307, { [name]: value })[name] ?? '';
        if (!/[\r\n]/.test(value)) expect(out).not.toMatch(/[\r\n]/);
        if (out !== value) expect(out.replace(/<\/v2[^<>]*>/g, '')).not.toContain(registry);
      }
    }
  });
});

describe('the CloudFront Function against hostile sizes', () => {
  // Shapes that made the former URL pattern backtrack (a long run, then a line break after a "/"), and plain floods.
  it.each([
    ['location', 'line terminators', (length: number) => run('\r\n\u2028\u2029', length)],
    ['location', 'a long authority, then a path and a line break', (length: number) => `https://${run('a', length)}/\nx`],
    ['location', 'a long run of spaces, then a path and a line break', (length: number) => `https://${run(' ', length)}/\nx`],
    ['location', 'a long path on the registry, then a line break', (length: number) => `https://${registry}/${run('a', length)}\nx`],
    ['link', 'line terminators', (length: number) => run('\r\n\u2028\u2029', length)],
    ['link', 'a target with a long authority, then a path and a line break', (length: number) => `<https://${run('a', length)}/\n>`],
    ['link', 'a target with a long run of spaces, then a path and a line break', (length: number) => `<https://${run(' ', length)}/\r>`],
    ['link', 'unclosed targets', (length: number) => run('<https://', length)],
    ['link', 'many targets on the registry', (length: number) => run(`<https://${registry}/v2/a>; rel="next", `, length)],
  ])('reads a %s header of %s, 20 KiB and 200 KiB, in linear time', (name, _what, make) => {
    for (const kib of [20, 200]) {
      const value = make(kib * 1024);
      const budget = kib * BUDGET_MS_PER_KIB;
      expect(fastestMs(() => handler({ response: { statusCode: 200, headers: { [name]: { value } } } }), budget), `${kib} KiB`).toBeLessThan(budget);
    }
  });
});

describe('the CloudFront Function as CloudFront runs it', () => {
  it('is under CloudFront Functions’ 10 KB code limit', () => {
    expect(Buffer.byteLength(source)).toBeLessThan(10 * 1024);
  });

  it('holds the registry placeholder exactly once, for Terraform’s replace()', () => {
    expect(source.split('__ECR_REGISTRY__')).toHaveLength(2);
  });

  it('uses only syntax cloudfront-js-2.0 supports (ES5.1, const/let, arrow functions, template literals)', () => {
    const unsupported = new Set([
      'ClassDeclaration', 'ClassExpression', 'ForOfStatement', 'SpreadElement', 'RestElement', 'ObjectPattern', 'ArrayPattern',
      'AssignmentPattern', 'ChainExpression', 'ImportExpression', 'ImportDeclaration', 'ExportNamedDeclaration', 'YieldExpression', 'TaggedTemplateExpression',
    ]);
    const found: string[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      const n = node as Node & Record<string, unknown>;
      if (typeof n.type === 'string') {
        if (unsupported.has(n.type)) found.push(n.type);
        if (n.type === 'LogicalExpression' && n.operator === '??') found.push('??');
        if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression') && n.generator === true) found.push('generator');
        if (n.type === 'Literal' && n.regex !== undefined && /[suy]/.test((n.regex as { flags: string }).flags)) found.push('regexp flag');
        if (n.type === 'CatchClause' && n.param === null) found.push('optional catch binding');
      }
      for (const value of Object.values(n)) if (value !== null && typeof value === 'object') visit(value);
    };
    visit(parse(source, { ecmaVersion: 2020, sourceType: 'script' }));
    expect(found).toEqual([]);
    expect(source).toMatch(/^function handler\(event\) \{$/m);
  });
});
