import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/core/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { parseRegistry } from '../../src/core/registry-host.ts';

describe('ECR_REGISTRY', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com'],
    ['123456789012.DKR.ecr.eu-west-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
    ['registry.internal:5000', 'registry.internal:5000'],
    ['127.0.0.3:8443', '127.0.0.3:8443'],
    ['localhost', 'localhost'],
  ])('accepts %s', (value, expected) => {
    expect(readConfig({ ECR_REGISTRY: value }).registry).toBe(expected);
  });

  it.each([
    ['https://123456789012.dkr.ecr.us-east-1.amazonaws.com', 'scheme'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app', 'path'],
    ['user@registry.example.com', 'userinfo'],
    ['registry.example.com:0', 'port zero'],
    ['registry.example.com:70000', 'port out of range'],
    ['registry.example.com:', 'empty port'],
    ['registry .example.com', 'space'],
    ['registry.example.com\r\nx: y', 'CR/LF'],
    ['-registry.example.com', 'leading hyphen'],
    ['[::1]:5000', 'IPv6 literal'],
  ])('refuses %j (%s) with one line that names the variable', (value) => {
    const error = (() => {
      try {
        readConfig({ ECR_REGISTRY: value });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^ECR_REGISTRY must be a registry host\[:port\]/);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([[undefined], [''], ['   ']])('refuses a missing value (%j) and says how to fix it', (value) => {
    expect(() => readConfig({ ECR_REGISTRY: value })).toThrow(/^ECR_REGISTRY is not set: set it to the upstream registry host\[:port\]/);
  });

  it('names the flag it was given when not reading the environment', () => {
    expect(() => parseRegistry('http://x', '--registry')).toThrow(/^--registry must be/);
  });
});
