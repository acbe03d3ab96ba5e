/**
 * The data pattern and checksum of the Winsock ROMs (roms/src/ws_util.h), for host-side peers:
 *   word k of the stream (little-endian u32) = PAT_BASE + k·PAT_STEP (mod 2^32)
 *   checksum: a += w; b += a (mod 2^32) over the words, printed `%08x:%08x`.
 */
export const PAT_BASE = 0x7f4a7c15;
export const PAT_STEP = 0x9e3779b1;

/** Generates the pattern stream chunk by chunk, keeping the running checksum. */
export class PatternWriter {
  private v = PAT_BASE;
  private a = 0;
  private b = 0;
  /** Fills `buf` (length a multiple of 4) with the next words of the stream. */
  fill(buf: Buffer): void {
    const w = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
    let v = this.v;
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < w.length; i++) {
      w[i] = v;
      a = (a + v) >>> 0;
      b = (b + a) >>> 0;
      v = (v + PAT_STEP) >>> 0;
    }
    this.v = v;
    this.a = a;
    this.b = b;
  }
  get sum(): string {
    return `${hex8(this.a)}:${hex8(this.b)}`;
  }
}

/** Verifies a received stream against the pattern, chunk by chunk (any chunk boundaries). */
export class PatternChecker {
  private v = PAT_BASE;
  private a = 0;
  private b = 0;
  private carry = Buffer.alloc(4);
  private carryLen = 0;
  bytes = 0;
  bad = 0;
  firstBad = -1;
  push(chunk: Buffer): void {
    let data = chunk;
    if (this.carryLen) {
      const need = 4 - this.carryLen;
      if (chunk.length < need) {
        chunk.copy(this.carry, this.carryLen);
        this.carryLen += chunk.length;
        this.bytes += chunk.length;
        return;
      }
      chunk.copy(this.carry, this.carryLen, 0, need);
      this.word(this.carry.readUInt32LE(0));
      data = chunk.subarray(need);
      this.carryLen = 0;
    }
    const n = data.length >>> 2;
    // An aligned copy lets a Uint32Array read the words directly.
    const aligned = data.byteOffset % 4 === 0 ? data : Buffer.from(data.subarray(0, n * 4));
    const w = new Uint32Array(aligned.buffer, aligned.byteOffset, n);
    let v = this.v;
    let a = this.a;
    let b = this.b;
    const base = this.bytes + (chunk.length - data.length);
    for (let i = 0; i < n; i++) {
      const x = w[i]!;
      if (x !== v && this.bad++ === 0) this.firstBad = base + 4 * i;
      a = (a + x) >>> 0;
      b = (b + a) >>> 0;
      v = (v + PAT_STEP) >>> 0;
    }
    this.v = v;
    this.a = a;
    this.b = b;
    const rest = data.length & 3;
    if (rest) {
      data.copy(this.carry, 0, data.length - rest);
      this.carryLen = rest;
    }
    this.bytes += chunk.length;
  }
  private word(x: number): void {
    if (x !== this.v && this.bad++ === 0) this.firstBad = this.bytes - this.carryLen;
    this.a = (this.a + x) >>> 0;
    this.b = (this.b + this.a) >>> 0;
    this.v = (this.v + PAT_STEP) >>> 0;
  }
  /** True when the stream ended on a word boundary with no mismatches. */
  get clean(): boolean {
    return this.bad === 0 && this.carryLen === 0;
  }
  get sum(): string {
    return `${hex8(this.a)}:${hex8(this.b)}`;
  }
}

/** The checksum of the first `bytes` bytes of the pattern. */
export function patternSum(bytes: number): string {
  const w = new PatternWriter();
  const buf = Buffer.alloc(1 << 20);
  let left = bytes;
  while (left > 0) {
    const n = Math.min(left, buf.length);
    w.fill(n === buf.length ? buf : buf.subarray(0, n));
    left -= n;
  }
  return w.sum;
}

function hex8(x: number): string {
  return x.toString(16).padStart(8, '0');
}
