import { describe, expect, it } from 'vitest';
import { framed, requestFraming } from '../../src/core/http.ts';

describe('requestFraming', () => {
  it.each([
    ['GET', {}, { kind: 'none' }],
    ['HEAD', { 'content-length': '0' }, { kind: 'none' }],
    ['GET', { 'content-length': '3' }, { kind: 'refuse', why: 'body-on-bodiless-method' }],
    ['DELETE', { 'transfer-encoding': 'chunked' }, { kind: 'refuse', why: 'body-on-bodiless-method' }],
    ['OPTIONS', { 'transfer-encoding': 'chunked' }, { kind: 'refuse', why: 'body-on-bodiless-method' }],
    ['TRACE', { 'content-length': '1' }, { kind: 'refuse', why: 'body-on-bodiless-method' }],
    ['PUT', { 'content-length': '42' }, { kind: 'length', length: '42' }],
    ['PATCH', { 'transfer-encoding': 'chunked' }, { kind: 'chunked' }],
    ['PATCH', { 'transfer-encoding': 'CHUNKED' }, { kind: 'chunked' }],
    ['POST', {}, { kind: 'chunked' }],
    ['PATCH', { 'transfer-encoding': 'gzip, chunked' }, { kind: 'refuse', why: 'transfer-coding' }],
    ['PATCH', { 'transfer-encoding': 'identity, chunked' }, { kind: 'refuse', why: 'transfer-coding' }],
  ] as const)('frames %s with %j as %j', (method, headers, framing) => {
    expect(requestFraming(method, headers)).toEqual(framing);
  });
});

describe('framed', () => {
  it('sets exactly one framing header, whatever the headers carried', () => {
    const headers = { host: 'registry', 'content-length': '9', 'transfer-encoding': 'chunked' };
    expect(framed(headers, { kind: 'length', length: '3' })).toEqual({ host: 'registry', 'content-length': '3' });
    expect(framed(headers, { kind: 'chunked' })).toEqual({ host: 'registry', 'transfer-encoding': 'chunked' });
    expect(framed(headers, { kind: 'none' })).toEqual({ host: 'registry' });
  });
});
