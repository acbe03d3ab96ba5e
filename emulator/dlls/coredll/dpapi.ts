/**
 * coredll DPAPI (wincrypt.h; CE's coredll exports it): CryptProtectData / CryptUnprotectData.
 *
 * DPAPI blobs are opaque: only the same device can open them, so their format is the emulator's own
 * (as Wine's crypt32 notes, programs cannot depend on it). wmemu's blob: "WMDP", version 1, the
 * flags, the description (UTF-16, counted), a 16-byte IV, the data encrypted with AES-256-CBC and an
 * HMAC-SHA-256 over everything before it. The keys derive from the emulated device's UUID (the one
 * IOCTL_HAL_GET_UUID returns, device.ts) and the optional entropy, so a blob saved to a file in one
 * run opens in the next, as on the same device. The IV comes from the machine's generator (seeded
 * under --deterministic, so a deterministic run writes the same blob every time).
 *
 *  - CryptProtectData(pDataIn, szDataDescr, pOptionalEntropy, pvReserved, pPromptStruct, dwFlags,
 *    pDataOut): pDataOut->pbData is LocalAlloc'ed (the caller LocalFrees it). pDataIn or pDataOut
 *    NULL: FALSE, ERROR_INVALID_PARAMETER (Wine's protectdata tests). A NULL description is stored as
 *    an empty one.
 *  - CryptUnprotectData(pDataIn, ppszDataDescr, pOptionalEntropy, pvReserved, pPromptStruct, dwFlags,
 *    pDataOut): the data (LocalAlloc'ed) and, when ppszDataDescr is not NULL, the description
 *    (LocalAlloc'ed, "" when there was none). pDataIn or pDataOut NULL: ERROR_INVALID_PARAMETER; a
 *    blob that is not one of ours, was altered, or was protected with other entropy: FALSE,
 *    ERROR_INVALID_DATA (Wine's tests: "Decrypting with wrong entropy").
 *  - CE shows no DPAPI prompt (no CryptUIs on the device): pPromptStruct is not used, and the flags
 *    (CRYPTPROTECT_UI_FORBIDDEN, _LOCAL_MACHINE, CE's CRYPTPROTECT_SYSTEM) only travel in the blob:
 *    one device user, one key.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { DEVICE_UUID } from './device.js';

const MAGIC = Buffer.from('WMDP', 'latin1');
const VERSION = 1;

function keys(entropy: Buffer): { enc: Buffer; mac: Buffer } {
  const master = createHash('sha256').update('wmemu DPAPI device key').update(DEVICE_UUID).digest();
  const derive = (label: string) => createHash('sha256').update(master).update(label).update(entropy).digest();
  return { enc: derive('enc'), mac: derive('mac') };
}

/** A DATA_BLOB { cbData, pbData } at p. */
function readBlob(cx: ApiContext, p: number): Buffer {
  const n = cx.mem.u32(p);
  const data = cx.mem.u32(p + 4);
  return n ? Buffer.from(cx.mem.bytes(data, n)) : Buffer.alloc(0);
}

function localAlloc(cx: ApiContext, data: Buffer): number {
  const p = cx.machine.processHeap.alloc(Math.max(1, data.length), true);
  if (p && data.length) cx.mem.write(p, data);
  return p;
}

export function protect(data: Buffer, desc: string, entropy: Buffer, flags: number, iv: Buffer): Buffer {
  const k = keys(entropy);
  const d = Buffer.from(desc, 'utf16le');
  const head = Buffer.alloc(16);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(VERSION, 4);
  head.writeUInt32LE(flags >>> 0, 8);
  head.writeUInt32LE(d.length, 12);
  const c = createCipheriv('aes-256-cbc', k.enc, iv);
  const body = Buffer.concat([head, d, iv, c.update(data), c.final()]);
  return Buffer.concat([body, createHmac('sha256', k.mac).update(body).digest()]);
}

export function unprotect(blob: Buffer, entropy: Buffer): { data: Buffer; desc: string } | undefined {
  if (blob.length < 16 + 16 + 16 + 32 || !blob.subarray(0, 4).equals(MAGIC) || blob.readUInt32LE(4) !== VERSION) return undefined;
  const dlen = blob.readUInt32LE(12);
  const body = blob.subarray(0, blob.length - 32);
  if (dlen % 2 || 16 + dlen + 16 + 16 > body.length) return undefined;
  const k = keys(entropy);
  if (!timingSafeEqual(createHmac('sha256', k.mac).update(body).digest(), blob.subarray(blob.length - 32))) return undefined;
  const iv = body.subarray(16 + dlen, 32 + dlen);
  try {
    const d = createDecipheriv('aes-256-cbc', k.enc, iv);
    const data = Buffer.concat([d.update(body.subarray(32 + dlen)), d.final()]);
    return { data, desc: body.subarray(16, 16 + dlen).toString('utf16le') };
  } catch {
    return undefined;
  }
}

export const dpapi: ApiDef[] = [
  fn(
    'CryptProtectData(ptr pDataIn, ptr szDataDescr, ptr pOptionalEntropy, ptr pvReserved, ptr pPromptStruct, hex dwFlags, ptr pDataOut): bool',
    (cx, pin: number, descP: number, entP: number, _r: number, _prompt: number, flags: number, pout: number) => {
      if (!pin || !pout) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const data = readBlob(cx, pin);
      const entropy = entP ? readBlob(cx, entP) : Buffer.alloc(0);
      const desc = descP ? cx.mem.wstr(descP, 0x8000) : '';
      const iv = Buffer.alloc(16);
      for (let i = 0; i < 16; i += 4) iv.writeUInt32LE(cx.machine.random.nextU32(), i);
      const blob = protect(data, desc, entropy, flags, iv);
      cx.mem.check(pout, 8, 'write');
      const p = localAlloc(cx, blob);
      if (!p) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      cx.mem.setU32(pout, blob.length);
      cx.mem.setU32(pout + 4, p);
      return 1;
    },
  ),
  fn(
    'CryptUnprotectData(ptr pDataIn, ptr ppszDataDescr, ptr pOptionalEntropy, ptr pvReserved, ptr pPromptStruct, hex dwFlags, ptr pDataOut): bool',
    (cx, pin: number, descOut: number, entP: number, _r: number, _prompt: number, _flags: number, pout: number) => {
      if (!pin || !pout) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const r = unprotect(readBlob(cx, pin), entP ? readBlob(cx, entP) : Buffer.alloc(0));
      if (!r) return cx.fail(0, ERROR.INVALID_DATA);
      cx.mem.check(pout, 8, 'write');
      if (descOut) cx.mem.check(descOut, 4, 'write');
      const p = localAlloc(cx, r.data);
      const d = descOut ? localAlloc(cx, Buffer.from(r.desc + '\0', 'utf16le')) : 1;
      if (!p || !d) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      cx.mem.setU32(pout, r.data.length);
      cx.mem.setU32(pout + 4, p);
      if (descOut) cx.mem.setU32(descOut, d);
      return 1;
    },
  ),
];
