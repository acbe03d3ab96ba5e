/**
 * The guest console's way to the host's stdout/stderr (issue 17 item 1). A pipe is asynchronous in
 * Node: writes queue in memory until the reader takes them, and process.exit() drops what is still
 * queued. So: every write is queued (copied: the guest may reuse its buffer), a queue above
 * QUEUE_LIMIT bytes reports "full" to the machine, which parks the writing guest thread until the
 * stream drains (Machine's outputDrain: backpressure, bounded memory), and the CLI awaits flush()
 * before it exits — also after SIGTERM / SIGINT, whose run result is written out whole. A reader that
 * goes away (EPIPE, `| head`) ends the output: further guest output is dropped, never an error.
 */
import type { Writable } from 'node:stream';

/** Bytes queued for the host stream before a writing guest thread parks. */
const QUEUE_LIMIT = 1 << 20;

export class HostOutput {
  private open = true;
  constructor(private readonly stream: Writable & { writableLength: number }) {
    stream.on('error', () => {
      this.open = false;
      this.release();
    });
  }

  private waiting: (() => void)[] = [];

  /** Queues guest bytes; false = the queue is full (the machine parks the writer, see drain()). */
  write(data: Uint8Array): boolean {
    if (!this.open) return true;
    this.stream.write(Buffer.from(data));
    return this.stream.writableLength < QUEUE_LIMIT;
  }

  /** Calls `resume` once the queue is below the limit again (or the stream has gone away). */
  drain(resume: () => void): void {
    if (!this.open || this.stream.writableLength < QUEUE_LIMIT) {
      resume();
      return;
    }
    this.waiting.push(resume);
    if (this.waiting.length === 1) this.stream.once('drain', () => this.release());
  }

  private release(): void {
    for (const r of this.waiting.splice(0)) r();
  }

  /** Resolves once every queued byte has reached the host stream (or the stream failed). */
  flush(): Promise<void> {
    if (!this.open || this.stream.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.write(Buffer.alloc(0), () => resolve());
      this.stream.once('error', () => resolve());
    });
  }
}
