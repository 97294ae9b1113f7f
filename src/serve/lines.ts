/** serve's log lines, written in batches: one write per turn of the event loop, however many requests ended in it. */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface BatchedLines {
  /** Queues one line (without its newline) for the next write. */
  line(text: string): void;
  /** Writes what is queued now: before the destination closes. */
  flush(): void;
}

/** A write per line costs a syscall (stdout) or more on every request; a turn often ends several. */
export function batchedLines(write: (text: string) => void): BatchedLines {
  let queued = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued === '') return;
    const text = queued;
    queued = '';
    write(text);
  };
  return {
    line(text) {
      queued += `${text}\n`;
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    flush,
  };
}

export interface FileLines {
  line(text: string): void;
  /** Writes what is queued and closes the file. */
  close(): void;
}

/**
 * Lines appended to a file with one synchronous write per batch, as nginx writes its access log: a write through
 * the thread pool costs a thread hand-off both ways on every request. A failed write drops its lines and is reported
 * once (until a write succeeds again); it never stops serve. Opening the file fails at once, with the reason.
 */
export function appendLines(path: string, notice: (line: string) => void): FileLines {
  const fd = openSync(path, 'a');
  let failing = false;
  const batch = batchedLines((text) => {
    try {
      const bytes = Buffer.from(text);
      for (let written = 0; written < bytes.length; ) {
        const wrote = writeSync(fd, bytes, written);
        if (wrote === 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
        written += wrote;
      }
      failing = false;
    } catch (error) {
      if (!failing) notice(`the access log ${path} could not be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); its lines are dropped`);
      failing = true;
    }
  });
  return {
    line: batch.line,
    close: () => {
      batch.flush();
      closeSync(fd);
    },
  };
}
