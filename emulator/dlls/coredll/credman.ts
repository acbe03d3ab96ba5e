/**
 * coredll Credential Manager (CE's cred.h, CE 5/6 docs "Credential Manager Functions"): CredWrite,
 * CredRead, CredDelete, CredFree. Every function returns a Win32 error code (ERROR_SUCCESS on
 * success), not a BOOL, as the CE reference and "Credential Manager Error Codes" give them.
 *
 * A credential is the CE CRED structure (36 bytes): dwVersion (CRED_VER_1 = 1), dwType, wszUser,
 * dwUserLen, wszTarget, dwTargetLen, pBlob, dwBlobSize, dwFlags; lengths in characters with the NUL,
 * the blob in bytes. It is identified by (type, target); targets compare case-insensitively. Types
 * are opaque values (CE docs: "applications should allow for credential types they do not
 * recognize"): CRED_TYPE_NTLM 0x10002, _KERBEROS 0x10004, _PLAINTEXT_PASSWORD 0x10006,
 * _CERTIFICATE 0x10008, _GENERIC 0x1000A, _DOMAIN_PASSWORD 0x10001 are all stored as given.
 * The store belongs to the run (shared by its processes, as the credential service of a device);
 * every caller is trusted (CeGetCallerTrust is OEM_CERTIFY_TRUST), so CRED_FLAG_TRUSTED and the
 * NTLM/Kerberos types are readable.
 *
 *  - CredWrite(pCred, dwFlags): pCred NULL, dwVersion not 1, a NULL target or user, a target longer
 *    than CRED_MAX_TARGET_LEN (255) or a dwTargetLen/dwUserLen that is not the string's length + 1,
 *    a user longer than CRED_MAX_USER_LEN (513), a blob larger than CRED_MAX_BLOB_SIZE (2050) or a
 *    NULL pBlob with a non-zero size: ERROR_INVALID_PARAMETER. (A NULL pBlob with size 0 is accepted:
 *    CE's own RAS code writes one to clear a password.) An existing credential is replaced unless
 *    CRED_FLAG_FAIL_IF_EXISTING (0x400): ERROR_ALREADY_EXISTS.
 *  - CredRead(wszTarget, dwTargetLen, dwType, dwFlags, ppCred): *ppCred receives one allocated block
 *    (the CRED, then the user, target and blob it points to), freed with CredFree. Not found:
 *    the type's default credential (one written with CRED_FLAG_DEFAULT, 2) unless dwFlags has
 *    CRED_FLAG_NO_DEFAULT (0x800); none: ERROR_NOT_FOUND. A NULL target or ppCred, or a bad length:
 *    ERROR_INVALID_PARAMETER.
 *  - CredDelete(wszTarget, dwTargetLen, dwType, dwFlags): ERROR_NOT_FOUND when absent.
 *  - CredFree(pbBuffer): frees a CredRead block; NULL or a pointer that is not one:
 *    ERROR_INVALID_PARAMETER.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';

const CRED_VER_1 = 1;
const CRED_MAX_TARGET_LEN = 255;
const CRED_MAX_USER_LEN = 257 + 256;
const CRED_MAX_BLOB_SIZE = 2050;
const CRED_FLAG_DEFAULT = 0x2;
const CRED_FLAG_FAIL_IF_EXISTING = 0x400;
const CRED_FLAG_NO_DEFAULT = 0x800;
const CRED_SIZE = 36;

interface Cred {
  type: number;
  user: string;
  target: string;
  blob: Buffer;
  flags: number;
}

function store(cx: ApiContext): Map<string, Cred> {
  const rs = cx.machine.runState;
  let m = rs.get('credentials') as Map<string, Cred> | undefined;
  if (!m) rs.set('credentials', (m = new Map()));
  return m;
}
/** The user name of the type's default credential (CRED_FLAG_DEFAULT), if one is stored (GetUserNameExW). */
export function defaultCredentialUser(cx: ApiContext, type: number): string | undefined {
  return [...store(cx).values()].find((x) => x.type === type >>> 0 && x.flags & CRED_FLAG_DEFAULT)?.user;
}
const key = (type: number, target: string) => `${type >>> 0}:${target.toUpperCase()}`;

/** Blocks CredRead handed out in this process (CredFree accepts only those). */
const blocksSlot = defineSlot('cred-blocks', () => new Set<number>());

/** A counted string argument: the string when len is its length + 1 and within max, else undefined. */
function counted(cx: ApiContext, p: number, len: number, max: number): string | undefined {
  if (!p) return undefined;
  const s = cx.mem.wstr(p, max + 1);
  return s.length + 1 === len && len <= max ? s : undefined;
}

export const credman: ApiDef[] = [
  fn('CredWrite(ptr pCred, hex dwFlags): u32', (cx, p: number, flags: number) => {
    if (!p) return ERROR.INVALID_PARAMETER;
    const f = (i: number) => cx.mem.u32(p + 4 * i);
    const [version, type, userP, userLen, targetP, targetLen, blobP, blobSize, credFlags] = [f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7), f(8)];
    if (version !== CRED_VER_1) return ERROR.INVALID_PARAMETER;
    const user = counted(cx, userP, userLen, CRED_MAX_USER_LEN);
    const target = counted(cx, targetP, targetLen, CRED_MAX_TARGET_LEN);
    if (user === undefined || target === undefined || blobSize > CRED_MAX_BLOB_SIZE || (blobSize && !blobP)) return ERROR.INVALID_PARAMETER;
    const k = key(type, target);
    const s = store(cx);
    if (s.has(k) && flags & CRED_FLAG_FAIL_IF_EXISTING) return ERROR.ALREADY_EXISTS;
    s.set(k, { type, user, target, blob: blobSize ? Buffer.from(cx.mem.bytes(blobP, blobSize)) : Buffer.alloc(0), flags: credFlags });
    return 0;
  }),
  fn(
    'CredRead(ptr wszTarget, u32 dwTargetLen, hex dwType, hex dwFlags, ptr ppCred): u32',
    (cx, tp: number, tlen: number, type: number, flags: number, out: number) => {
      const target = counted(cx, tp, tlen, CRED_MAX_TARGET_LEN);
      if (target === undefined || !out) return ERROR.INVALID_PARAMETER;
      const s = store(cx);
      let c = s.get(key(type, target));
      if (!c && !(flags & CRED_FLAG_NO_DEFAULT)) c = [...s.values()].find((x) => x.type === type >>> 0 && x.flags & CRED_FLAG_DEFAULT);
      if (!c) return ERROR.NOT_FOUND;
      cx.mem.check(out, 4, 'write');
      const user = Buffer.from(c.user + '\0', 'utf16le');
      const tgt = Buffer.from(c.target + '\0', 'utf16le');
      const size = CRED_SIZE + user.length + tgt.length + c.blob.length;
      const b = cx.machine.processHeap.alloc(size, true);
      if (!b) return ERROR.NOT_ENOUGH_MEMORY;
      const pu = b + CRED_SIZE;
      const pt = pu + user.length;
      const pb = pt + tgt.length;
      [CRED_VER_1, c.type, pu, user.length / 2, pt, tgt.length / 2, c.blob.length ? pb : 0, c.blob.length, c.flags].forEach((v, i) =>
        cx.mem.setU32(b + 4 * i, v),
      );
      cx.mem.write(pu, user);
      cx.mem.write(pt, tgt);
      if (c.blob.length) cx.mem.write(pb, c.blob);
      blocksSlot.of(cx.machine).add(b);
      cx.mem.setU32(out, b);
      return 0;
    },
  ),
  fn('CredDelete(ptr wszTarget, u32 dwTargetLen, hex dwType, hex dwFlags): u32', (cx, tp: number, tlen: number, type: number) => {
    const target = counted(cx, tp, tlen, CRED_MAX_TARGET_LEN);
    if (target === undefined) return ERROR.INVALID_PARAMETER;
    return store(cx).delete(key(type, target)) ? 0 : ERROR.NOT_FOUND;
  }),
  fn('CredFree(ptr pbBuffer): u32', (cx, p: number) => {
    const blocks = blocksSlot.of(cx.machine);
    if (!p || !blocks.has(p)) return ERROR.INVALID_PARAMETER;
    blocks.delete(p);
    cx.machine.processHeap.freeBlock(p);
    return 0;
  }),
];
