/**
 * coredll's MD5Init/MD5Update/MD5Final transform (md5.ts) against Node's own MD5, on the guest's
 * MD5_CTX layout: every block-boundary length, the data split over several updates.
 */
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { MD5_CTX_SIZE, md5Final, md5Init, md5Update } from '../../emulator/dlls/coredll/md5.js';

describe('MD5 (coredll)', () => {
  it('matches node:crypto for lengths around the 64-byte block and split updates', () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 121, 1000, 4099]) {
      const data = Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff));
      const ctx = Buffer.alloc(MD5_CTX_SIZE);
      md5Init(ctx);
      for (let at = 0, step = 1; at < n; at += step, step = step * 3 + 1) md5Update(ctx, data.subarray(at, Math.min(n, at + step)));
      expect(ctx.readUInt32LE(0)).toBe(n * 8); // i[0]: the number of bits hashed so far
      md5Final(ctx);
      expect(ctx.subarray(88, 104).toString('hex')).toBe(createHash('md5').update(data).digest('hex'));
    }
  });
});
