/**
 * coredll's MD5 (CE exports RSA's MD5 for its network components: ipv6.exe, the IPv6 stack, ...):
 * MD5Init, MD5Update, MD5Final on the guest's MD5_CTX, RFC 1321's own layout:
 *
 *   ULONG i[2]          number of bits hashed, mod 2^64 (low word first)
 *   ULONG buf[4]        the state A, B, C, D
 *   BYTE  in[64]        the pending partial block
 *   BYTE  digest[16]    the result, written by MD5Final
 *
 * The state lives in the guest structure itself (nothing on the host side), so a program may copy a
 * context and continue on the copy, as with the real code. The transform is RFC 1321's.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

export const MD5_CTX_SIZE = 104;
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** One 64-byte block into the state `st` (A, B, C, D). */
function transform(st: Uint32Array, block: Buffer, off: number): void {
  let [a, b, c, d] = [st[0]!, st[1]!, st[2]!, st[3]!];
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) % 16;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) % 16;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) % 16;
    }
    const s = S[(i >> 4) * 4 + (i & 3)]!;
    const x = (a + f + K[i]! + block.readUInt32LE(off + 4 * g)) >>> 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((x << s) | (x >>> (32 - s)))) >>> 0;
  }
  st[0] = (st[0]! + a) >>> 0;
  st[1] = (st[1]! + b) >>> 0;
  st[2] = (st[2]! + c) >>> 0;
  st[3] = (st[3]! + d) >>> 0;
}

/** MD5Update on the context bytes `ctx` (a copy of the guest's MD5_CTX), in place. */
export function md5Update(ctx: Buffer, data: Buffer): void {
  const bitsLo = ctx.readUInt32LE(0);
  const bitsHi = ctx.readUInt32LE(4);
  let have = (bitsLo >>> 3) & 63;
  const total = BigInt(bitsHi) * 2n ** 32n + BigInt(bitsLo) + BigInt(data.length) * 8n;
  ctx.writeUInt32LE(Number(total & 0xffff_ffffn), 0);
  ctx.writeUInt32LE(Number((total >> 32n) & 0xffff_ffffn), 4);
  const st = new Uint32Array([ctx.readUInt32LE(8), ctx.readUInt32LE(12), ctx.readUInt32LE(16), ctx.readUInt32LE(20)]);
  let pos = 0;
  while (pos < data.length) {
    const n = Math.min(64 - have, data.length - pos);
    data.copy(ctx, 24 + have, pos, pos + n);
    have += n;
    pos += n;
    if (have === 64) {
      transform(st, ctx, 24);
      have = 0;
    }
  }
  st.forEach((v, k) => ctx.writeUInt32LE(v, 8 + 4 * k));
}

function withCtx(cx: ApiContext, p: number, f: (ctx: Buffer) => void): void {
  cx.mem.check(p, MD5_CTX_SIZE, 'write');
  const ctx = Buffer.from(cx.mem.bytes(p, MD5_CTX_SIZE));
  f(ctx);
  cx.mem.write(p, ctx);
}

export function md5Init(ctx: Buffer): void {
  ctx.fill(0);
  [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476].forEach((v, k) => ctx.writeUInt32LE(v, 8 + 4 * k));
}

export function md5Final(ctx: Buffer): void {
  const bits = Buffer.from(ctx.subarray(0, 8));
  const have = (ctx.readUInt32LE(0) >>> 3) & 63;
  const pad = Buffer.alloc(have < 56 ? 56 - have : 120 - have);
  pad[0] = 0x80;
  md5Update(ctx, pad);
  md5Update(ctx, bits);
  for (let k = 0; k < 4; k++) ctx.writeUInt32LE(ctx.readUInt32LE(8 + 4 * k), 88 + 4 * k);
}

export const md5: ApiDef[] = [
  fn('MD5Init(ptr context): void', (cx, p: number) => withCtx(cx, p, md5Init)),
  fn('MD5Update(ptr context, ptr input, u32 inputLen): void', (cx, p: number, input: number, n: number) => {
    const data = Buffer.from(cx.mem.bytes(input, n));
    withCtx(cx, p, (ctx) => md5Update(ctx, data));
  }),
  fn('MD5Final(ptr context): void', (cx, p: number) => withCtx(cx, p, md5Final)),
];
