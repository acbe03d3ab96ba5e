/**
 * IEEE values <-> their bits, for floats that travel in core registers and guest memory (soft-float
 * helpers, f32/f64 argument and result kinds, varargs, traces). One scratch buffer, no allocation.
 */
const S = Buffer.alloc(8);

/** The double whose bits are `b` (low word = the first register of the pair). */
export function doubleFromBits(b: bigint): number {
  S.writeBigUInt64LE(BigInt.asUintN(64, b));
  return S.readDoubleLE(0);
}
/** The double whose bits are lo (low word) and hi. */
export function doubleFromWords(lo: number, hi: number): number {
  S.writeUInt32LE(lo >>> 0, 0);
  S.writeUInt32LE(hi >>> 0, 4);
  return S.readDoubleLE(0);
}
/** The single whose bits are `b`. */
export function singleFromBits(b: number): number {
  S.writeUInt32LE(b >>> 0, 0);
  return S.readFloatLE(0);
}
/** The bits of `x` rounded to single precision. */
export function singleBits(x: number): number {
  S.writeFloatLE(x, 0);
  return S.readUInt32LE(0);
}
/** The bits of the double `x`. */
export function doubleBits(x: number): bigint {
  S.writeDoubleLE(x, 0);
  return S.readBigUInt64LE(0);
}
