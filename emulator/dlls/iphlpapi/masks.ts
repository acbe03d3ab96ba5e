/**
 * netioapi.h mask conversions: ConvertLengthToIpv4Mask(MaskLength, *Mask) and
 * ConvertIpv4MaskToLength(Mask, *MaskLength) (CE 7's route.exe). Reference: their Win32
 * documentation: a length above 32 is ERROR_INVALID_PARAMETER and stores INADDR_NONE; a mask that
 * is not a run of ones followed by zeros is ERROR_INVALID_PARAMETER. Masks are in network byte order.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { NO_ERROR } from './iphlpapi.js';

const INADDR_NONE = 0xffffffff;

/** Network byte order (as stored little-endian) <-> host order. */
const swap = (v: number) => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

export const masks: ApiDef[] = [
  fn('ConvertLengthToIpv4Mask(u32 MaskLength, ptr Mask): u32', (cx, len: number, out: number) => {
    if (len > 32) {
      cx.mem.setU32(out, INADDR_NONE);
      return ERROR.INVALID_PARAMETER;
    }
    cx.mem.setU32(out, swap(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0));
    return NO_ERROR;
  }),
  fn('ConvertIpv4MaskToLength(u32 Mask, ptr MaskLength): u32', (cx, mask: number, out: number) => {
    const m = swap(mask);
    const ones = m === 0 ? 0 : Math.clz32(~m >>> 0);
    if (m !== 0 && (0xffffffff << (32 - ones)) >>> 0 !== m) return ERROR.INVALID_PARAMETER;
    cx.mem.setU8(out, ones);
    return NO_ERROR;
  }),
];
