/**
 * The guest's console input: bytes from the host's stdin (a stream, or a fixed string/buffer given by a
 * test), buffered until a guest read takes them. A read that needs more input registers a waiter and
 * parks the guest thread (cx.block); data or EOF wakes it. The Node event loop never blocks.
 *
 * The stream is attached lazily, on the first guest read, so a guest that never reads stdin leaves the
 * host's stdin alone (no terminal input is consumed, nothing keeps Node alive).
 */
import type { Readable } from 'node:stream';

export type StdinSource = Readable | string | Uint8Array;

export class ConsoleInput {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private attached = false;
  private readonly waiters = new Set<() => void>();
  private detachFn: (() => void) | undefined;

  constructor(private readonly source: StdinSource | undefined) {}

  /** Bytes available now (not consumed). */
  get buffered(): Buffer {
    this.attach();
    return this.buf;
  }
  /** No more bytes will ever arrive. */
  get eof(): boolean {
    this.attach();
    return this.ended;
  }
  /** Removes n bytes from the front of the buffer. */
  consume(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return Buffer.from(out);
  }
  /** Puts bytes back in front (ungetc). */
  unshift(b: Uint8Array): void {
    this.buf = Buffer.concat([Buffer.from(b), this.buf]);
  }

  /** Calls cb whenever input arrives or EOF is reached; returns an unregister function. */
  onInput(cb: () => void): () => void {
    this.attach();
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }

  private notify(): void {
    for (const cb of [...this.waiters]) cb();
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    const s = this.source;
    if (s === undefined) {
      this.ended = true;
      return;
    }
    if (typeof s === 'string' || s instanceof Uint8Array) {
      this.buf = crlfToLf(Buffer.from(s as string));
      this.ended = true;
      return;
    }
    // Text-mode console: CR LF from a terminal or a Windows-style pipe becomes LF (a CR at the end of
    // a chunk waits for the next one).
    let heldCr = false;
    const onData = (d: Buffer | string) => {
      let b = Buffer.from(typeof d === 'string' ? Buffer.from(d) : d);
      if (heldCr) b = Buffer.concat([Buffer.of(0x0d), b]);
      heldCr = b.length > 0 && b[b.length - 1] === 0x0d;
      if (heldCr) b = b.subarray(0, b.length - 1);
      this.buf = Buffer.concat([this.buf, crlfToLf(b)]);
      this.notify();
    };
    const onEnd = () => {
      if (heldCr) this.buf = Buffer.concat([this.buf, Buffer.of(0x0d)]);
      heldCr = false;
      this.ended = true;
      this.notify();
    };
    s.on('data', onData);
    s.on('end', onEnd);
    s.on('error', onEnd);
    s.on('close', onEnd);
    this.detachFn = () => {
      s.off('data', onData);
      s.off('end', onEnd);
      s.off('error', onEnd);
      s.off('close', onEnd);
      s.pause();
    };
  }

  /** Stops listening to the stream (machine closed). */
  detach(): void {
    this.detachFn?.();
    this.detachFn = undefined;
    this.waiters.clear();
  }
}

function crlfToLf(b: Buffer): Buffer {
  if (!b.includes(0x0d)) return b;
  return Buffer.from(b.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}
