// serve's log lines: batched per event-loop turn, and the access log appended to its file.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLines, batchedLines } from '../../src/serve/lines.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('batched lines', () => {
  it('writes the lines of one turn in one write, in order, each ended by a newline', async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    lines.line('{"a":1}');
    lines.line('{"b":2}');
    expect(writes).toEqual([]);
    await nextTurn();
    lines.line('{"c":3}');
    await nextTurn();
    expect(writes).toEqual(['{"a":1}\n{"b":2}\n', '{"c":3}\n']);
  });

  it('writes what is queued at once on flush, and nothing twice', async () => {
    const writes: string[] = [];
    const lines = batchedLines((text) => writes.push(text));
    lines.line('last');
    lines.flush();
    expect(writes).toEqual(['last\n']);
    await nextTurn();
    expect(writes).toEqual(['last\n']);
  });
});

describe('the access log file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lines-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends after what the file holds, and close writes the lines still queued', async () => {
    const path = join(dir, 'access.log');
    await writeFile(path, 'before\n');
    const log = appendLines(path, () => undefined);
    log.line('one');
    await nextTurn();
    log.line('two');
    log.close();
    expect(await readFile(path, 'utf8')).toBe('before\none\ntwo\n');
  });

  it('fails at once, naming the file, when it cannot be opened', () => {
    const path = join(dir, 'missing-dir', 'access.log');
    expect(() => appendLines(path, () => undefined)).toThrow(path);
    expect(existsSync(path)).toBe(false);
  });

  it('drops the lines of a failed write with one notice, and goes on', async () => {
    // /dev/full refuses every write with ENOSPC.
    const notices: string[] = [];
    const log = appendLines('/dev/full', (line) => notices.push(line));
    log.line('lost');
    await nextTurn();
    log.line('lost too');
    await nextTurn();
    expect(notices).toEqual(['the access log /dev/full could not be written (ENOSPC); its lines are dropped']);
    log.close();
  });
});
