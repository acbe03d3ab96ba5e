/**
 * coredll CryptoAPI (wincrypt.h; CE's coredll exports the CryptoAPI itself): provider contexts,
 * random numbers and hashes, answered as the Microsoft RSA providers a CE image registers
 * ("Microsoft Base/Enhanced Cryptographic Provider v1.0", PROV_RSA_FULL; "Microsoft Enhanced RSA and
 * AES Cryptographic Provider", PROV_RSA_AES), and the A_SHA* SHA-1 helpers. Failures as the
 * CryptoAPI documents them: FALSE, GetLastError an NTE_* code.
 *
 *  - CryptAcquireContextW(phProv, container, provider, type, flags): provider NULL = the type's
 *    default (Enhanced for PROV_RSA_FULL); an unknown provider name NTE_KEYSET_NOT_DEF, an unknown
 *    type NTE_PROV_TYPE_NOT_DEF, a provider of another type NTE_PROV_TYPE_NO_MATCH.
 *    CRYPT_VERIFYCONTEXT: no key container. Otherwise the container (NULL = the default one) must
 *    exist (NTE_BAD_KEYSET), CRYPT_NEWKEYSET creates it (NTE_EXISTS if it does), CRYPT_DELETEKEYSET
 *    deletes it (*phProv = 0). Containers live for the run (a device keeps them in its registry;
 *    here the run state, shared with child processes) and hold the AT_KEYEXCHANGE / AT_SIGNATURE
 *    key pairs of cryptkeys.ts. NULL provider: the user default set by CryptSetProviderExW, else
 *    the machine default (HKLM\Comm\Security\Crypto\Defaults\Provider Types of a CE image:
 *    Enhanced for PROV_RSA_FULL, Enhanced RSA and AES for PROV_RSA_AES).
 *  - CryptReleaseContext(h, flags): flags must be 0 (NTE_BAD_FLAGS); a bad handle NTE_BAD_UID.
 *  - CryptGenRandom(h, n, buf): the machine's generator (seeded under --deterministic).
 *  - CryptCreateHash(h, algid, hKey, flags, phHash): CALG_MD5, CALG_SHA1 (and CALG_SHA_256/384/512
 *    with PROV_RSA_AES), CALG_SSL3_SHAMD5 (MD5 || SHA-1), CALG_HMAC with a session key (the hash
 *    algorithm from CryptSetHashParam HP_HMAC_INFO, cryptkeys.ts; hashing before it:
 *    NTE_BAD_HASH_STATE); a key with another hash NTE_BAD_KEY; CALG_MAC with a block-cipher session
 *    key in CBC mode (cryptkeys.ts: the MAC runs through the key's own chaining state, as
 *    Microsoft's rsabase does; no key, an RSA key, RC4 or another mode: NTE_BAD_KEY); other
 *    algorithms NTE_BAD_ALGID.
 *    CryptHashData (after the value was read: NTE_BAD_HASH_STATE), CryptGetHashParam HP_ALGID /
 *    HP_HASHVAL / HP_HASHSIZE (pbData NULL: the size; too small: ERROR_MORE_DATA and the size;
 *    another parameter NTE_BAD_TYPE), CryptDestroyHash (bad handle NTE_BAD_HASH).
 *  - A_SHAInit/A_SHAUpdate/A_SHAFinal(ctx, digest[20]): SHA-1 over CE's A_SHA_CTX (116 bytes:
 *    FinishFlag, HashVal[20], state[5], count[2], buffer[64]); the running state is kept in the
 *    caller's structure, as the real one does, so contexts can be copied.
 */
import { createHash, createHmac } from 'node:crypto';
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';

export const NTE = {
  BAD_UID: 0x80090001,
  BAD_HASH: 0x80090002,
  BAD_KEY: 0x80090003,
  BAD_LEN: 0x80090004,
  BAD_DATA: 0x80090005,
  BAD_SIGNATURE: 0x80090006,
  BAD_VER: 0x80090007,
  BAD_ALGID: 0x80090008,
  BAD_FLAGS: 0x80090009,
  BAD_TYPE: 0x8009000a,
  BAD_KEY_STATE: 0x8009000b,
  BAD_HASH_STATE: 0x8009000c,
  NO_KEY: 0x8009000d,
  EXISTS: 0x8009000f,
  PERM: 0x80090010,
  BAD_PROVIDER: 0x80090013,
  BAD_PUBLIC_KEY: 0x80090015,
  BAD_KEYSET: 0x80090016,
  PROV_TYPE_NOT_DEF: 0x80090017,
  KEYSET_NOT_DEF: 0x80090019,
  PROV_TYPE_NO_MATCH: 0x8009001b,
} as const;
export const ERROR_MORE_DATA = 234;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_NO_MORE_ITEMS = 259;
const CRYPT_VERIFYCONTEXT = 0xf000_0000;
const CRYPT_NEWKEYSET = 0x8;
const CRYPT_DELETEKEYSET = 0x10;
const CRYPT_MACHINE_KEYSET = 0x20;
const CRYPT_SILENT = 0x40;
export const PROV_RSA_FULL = 1;
export const PROV_RSA_AES = 24;
const HP = { ALGID: 1, HASHVAL: 2, HASHSIZE: 4 } as const;

/** The providers (in registry order), as a CE image's HKLM\Comm\Security\Crypto\Defaults\Provider lists them. */
export const PROVIDER_LIST: readonly { name: string; type: number }[] = [
  { name: 'Microsoft Base Cryptographic Provider v1.0', type: PROV_RSA_FULL },
  { name: 'Microsoft Enhanced Cryptographic Provider v1.0', type: PROV_RSA_FULL },
  { name: 'Microsoft Enhanced RSA and AES Cryptographic Provider', type: PROV_RSA_AES },
  { name: 'Microsoft Strong Cryptographic Provider', type: PROV_RSA_FULL },
];
/** Provider name (upper-cased) -> its entry. */
export const PROVIDERS = new Map(PROVIDER_LIST.map((p) => [p.name.toUpperCase(), p]));
/** Machine default provider of each type (the CE image's Provider Types\Type 001 / Type 024). */
const MACHINE_DEFAULT = new Map<number, string>([
  [PROV_RSA_FULL, 'Microsoft Enhanced Cryptographic Provider v1.0'],
  [PROV_RSA_AES, 'Microsoft Enhanced RSA and AES Cryptographic Provider'],
]);
/** Default providers set during the run (CryptSetProviderExW): 'u<type>' user, 'm<type>' machine; '' = deleted. */
export function providerDefaults(cx: ApiContext): Map<string, string> {
  const rs = cx.machine.runState;
  let m = rs.get('crypt-defaults') as Map<string, string> | undefined;
  if (!m) rs.set('crypt-defaults', (m = new Map()));
  return m;
}
/** The default provider name of `type` (user: the user default only; machine: the machine default). */
export function defaultProvider(cx: ApiContext, type: number, user: boolean): string | undefined {
  const set = providerDefaults(cx).get((user ? 'u' : 'm') + type);
  if (set !== undefined) return set || undefined;
  return user ? undefined : MACHINE_DEFAULT.get(type);
}
export const ALGS = new Map<number, { name: string; size: number; aesOnly: boolean }>([
  [0x8003, { name: 'md5', size: 16, aesOnly: false }],
  [0x8004, { name: 'sha1', size: 20, aesOnly: false }],
  [0x800c, { name: 'sha256', size: 32, aesOnly: true }],
  [0x800d, { name: 'sha384', size: 48, aesOnly: true }],
  [0x800e, { name: 'sha512', size: 64, aesOnly: true }],
  // CALG_SSL3_SHAMD5: MD5 || SHA-1 (36 bytes), what SSL 3 / TLS 1.0 sign; usually set with HP_HASHVAL.
  [0x8008, { name: 'md5+sha1', size: 36, aesOnly: false }],
  // CALG_HMAC: keyed (CryptCreateHash with a session key), the hash algorithm from HP_HMAC_INFO.
  [0x8009, { name: 'hmac', size: 0, aesOnly: false }],
]);
export const CALG_HMAC = 0x8009;
export const CALG_MAC = 0x8005;
/** The value size of `h` (an HMAC: its hash algorithm's, 0 before HP_HMAC_INFO; a MAC: the cipher's block). */
export function hashSize(h: Hash): number {
  if (h.mac) return h.mac.size;
  if (h.algid === CALG_HMAC) return h.inner ? ALGS.get(h.inner)!.size : 0;
  return ALGS.get(h.algid)!.size;
}

export interface Prov {
  type: number;
  /** The provider's name as registered. */
  name: string;
  /** Upper-cased container name; undefined for CRYPT_VERIFYCONTEXT. */
  container?: string;
  /** The container name as the caller spelled it (PP_CONTAINER). */
  containerName?: string;
  machine: boolean;
  refs: number;
  enumAlgs: number;
  enumContainers: number;
}
export interface Hash {
  prov: number;
  algid: number;
  data: Buffer[];
  done?: Buffer;
  /** CALG_HMAC: the key bytes and (after HP_HMAC_INFO) the hash algorithm. */
  hmacKey?: Buffer;
  inner?: number;
  /** CALG_MAC: the block-cipher MAC over its key (cryptkeys.ts makes it). */
  mac?: MacState;
}
/** A running CALG_MAC: update with whole messages' bytes, final gives the MAC (the last cipher block). */
export interface MacState {
  size: number;
  update(data: Buffer): void;
  final(): Buffer;
}
/** Makes the MAC state of CryptCreateHash(CALG_MAC, hKey), or an NTE code; set by cryptkeys.ts (which owns the keys). */
let macFactory: ((cx: ApiContext, hKey: number) => MacState | number) | undefined;
export function setMacFactory(f: (cx: ApiContext, hKey: number) => MacState | number): void {
  macFactory = f;
}
/** A key pair stored in a container (cryptkeys.ts owns the shape). */
export interface ContainerKeys {
  name: string;
  kx?: unknown;
  sig?: unknown;
}

export const cryptSlot = defineSlot('crypto', () => ({
  provs: new Map<number, Prov>(),
  hashes: new Map<number, Hash>(),
  keys: new Map<number, unknown>(),
  next: 0x00e0_0000,
}));
/** Key containers of the run (names upper-cased; '' is the default container). */
export function containers(cx: ApiContext): Map<string, ContainerKeys> {
  const rs = cx.machine.runState;
  let s = rs.get('crypt-containers') as Map<string, ContainerKeys> | undefined;
  if (!s) rs.set('crypt-containers', (s = new Map()));
  return s;
}

export function newHandle(cx: ApiContext): number {
  const s = cryptSlot.of(cx.machine);
  const h = s.next;
  s.next += 4;
  return h;
}

function acquire(cx: ApiContext, out: number, container: number, provider: number, type: number, flags: number): number {
  if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
  if (flags & ~(CRYPT_VERIFYCONTEXT | CRYPT_NEWKEYSET | CRYPT_DELETEKEYSET | CRYPT_MACHINE_KEYSET | CRYPT_SILENT)) return cx.fail(0, NTE.BAD_FLAGS);
  if (type !== PROV_RSA_FULL && type !== PROV_RSA_AES) return cx.fail(0, NTE.PROV_TYPE_NOT_DEF);
  let provName: string;
  if (provider) {
    const t = PROVIDERS.get(cx.mem.wstr(provider, 260).toUpperCase());
    if (t === undefined) return cx.fail(0, NTE.KEYSET_NOT_DEF);
    if (t.type !== type) return cx.fail(0, NTE.PROV_TYPE_NO_MATCH);
    provName = t.name;
  } else {
    const d = defaultProvider(cx, type, true) ?? defaultProvider(cx, type, false);
    if (!d) return cx.fail(0, NTE.PROV_TYPE_NOT_DEF);
    provName = d;
  }
  const verify = (flags & CRYPT_VERIFYCONTEXT) >>> 0 === CRYPT_VERIFYCONTEXT;
  let spelled: string | undefined;
  let name: string | undefined;
  if (!verify) {
    spelled = container ? cx.mem.wstr(container, 260) : '';
    name = spelled.toUpperCase();
    const all = containers(cx);
    if (flags & CRYPT_DELETEKEYSET) {
      if (!all.delete(name)) return cx.fail(0, NTE.BAD_KEYSET);
      cx.mem.setU32(out, 0);
      return 1;
    }
    if (flags & CRYPT_NEWKEYSET) {
      if (all.has(name)) return cx.fail(0, NTE.EXISTS);
      all.set(name, { name: spelled });
    } else if (!all.has(name)) return cx.fail(0, NTE.BAD_KEYSET);
  }
  const h = newHandle(cx);
  cryptSlot.of(cx.machine).provs.set(h, {
    type,
    name: provName,
    container: name,
    containerName: spelled,
    machine: !!(flags & CRYPT_MACHINE_KEYSET),
    refs: 1,
    enumAlgs: 0,
    enumContainers: 0,
  });
  cx.mem.setU32(out, h);
  return 1;
}

export function hashValue(h: Hash): Buffer {
  if (!h.done && h.mac) h.done = h.mac.final();
  if (!h.done) {
    const data = Buffer.concat(h.data);
    if (h.algid === CALG_HMAC) h.done = createHmac(ALGS.get(h.inner!)!.name, h.hmacKey!).update(data).digest();
    else if (h.algid === 0x8008) h.done = Buffer.concat([createHash('md5').update(data).digest(), createHash('sha1').update(data).digest()]);
    else h.done = createHash(ALGS.get(h.algid)!.name).update(data).digest();
    h.data = [];
  }
  return h.done;
}

/** One SHA-1 compression of a 64-byte block into state (FIPS 180-1). */
function sha1Block(st: Uint32Array, b: Uint8Array): void {
  const w = new Uint32Array(80);
  for (let i = 0; i < 16; i++) w[i] = (b[4 * i]! << 24) | (b[4 * i + 1]! << 16) | (b[4 * i + 2]! << 8) | b[4 * i + 3]!;
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let [a, bb, c, d, e] = [st[0]!, st[1]!, st[2]!, st[3]!, st[4]!];
  for (let i = 0; i < 80; i++) {
    const f = i < 20 ? (bb & c) | (~bb & d) : i < 40 ? bb ^ c ^ d : i < 60 ? (bb & c) | (bb & d) | (c & d) : bb ^ c ^ d;
    const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
    const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) >>> 0;
    e = d;
    d = c;
    c = (bb << 30) | (bb >>> 2);
    bb = a;
    a = t;
  }
  st[0] = (st[0]! + a) >>> 0;
  st[1] = (st[1]! + bb) >>> 0;
  st[2] = (st[2]! + c) >>> 0;
  st[3] = (st[3]! + d) >>> 0;
  st[4] = (st[4]! + e) >>> 0;
}

/** A_SHA_CTX offsets: FinishFlag 0, HashVal 4, state 24, count 44 (bytes, low/high), buffer 52; 116 bytes. */
const SHA = { state: 24, count: 44, buffer: 52, size: 116 } as const;

function shaUpdate(cx: ApiContext, ctx: number, data: Uint8Array): void {
  const st = new Uint32Array(5);
  for (let i = 0; i < 5; i++) st[i] = cx.mem.u32(ctx + SHA.state + 4 * i);
  let count = cx.mem.u32(ctx + SHA.count) + cx.mem.u32(ctx + SHA.count + 4) * 2 ** 32;
  const buf = Uint8Array.from(cx.mem.bytes(ctx + SHA.buffer, 64));
  let fill = count % 64;
  for (const byte of data) {
    buf[fill++] = byte;
    if (fill === 64) {
      sha1Block(st, buf);
      fill = 0;
    }
  }
  count += data.length;
  for (let i = 0; i < 5; i++) cx.mem.setU32(ctx + SHA.state + 4 * i, st[i]!);
  cx.mem.setU32(ctx + SHA.count, count >>> 0);
  cx.mem.setU32(ctx + SHA.count + 4, Math.floor(count / 2 ** 32));
  cx.mem.write(ctx + SHA.buffer, buf);
}

export const crypto: ApiDef[] = [
  fn(
    'CryptAcquireContextW(ptr phProv, ptr pszContainer, ptr pszProvider, u32 dwProvType, hex dwFlags): bool',
    (cx, out: number, c: number, p: number, t: number, f: number) => acquire(cx, out, c, p, t, f),
  ),
  fn('CryptReleaseContext(handle hProv, hex dwFlags): bool', (cx, h: number, flags: number) => {
    const s = cryptSlot.of(cx.machine);
    const p = s.provs.get(h >>> 0);
    if (!p) return cx.fail(0, NTE.BAD_UID);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    // CryptContextAddRef adds references; the context goes away with the last release.
    if (--p.refs === 0) s.provs.delete(h >>> 0);
    return 1;
  }),
  fn('CryptGenRandom(handle hProv, u32 dwLen, ptr pbBuffer): bool', (cx, h: number, n: number, p: number) => {
    if (!cryptSlot.of(cx.machine).provs.has(h >>> 0)) return cx.fail(0, NTE.BAD_UID);
    if (n === 0) return 1;
    cx.mem.check(p, n, 'write');
    for (let i = 0; i < n; i += 4) {
      const v = cx.machine.random.nextU32();
      for (let j = 0; j < 4 && i + j < n; j++) cx.mem.setU8(p + i + j, (v >>> (8 * j)) & 0xff);
    }
    return 1;
  }),
  fn(
    'CryptCreateHash(handle hProv, hex Algid, handle hKey, hex dwFlags, ptr phHash): bool',
    (cx, hp: number, alg: number, key: number, flags: number, out: number) => {
      const s = cryptSlot.of(cx.machine);
      const prov = s.provs.get(hp >>> 0);
      if (!prov) return cx.fail(0, NTE.BAD_UID);
      if (flags) return cx.fail(0, NTE.BAD_FLAGS);
      if (alg === CALG_MAC) {
        if (!macFactory) throw new UnimplementedFeature('CALG_MAC without the CryptoAPI key functions');
        const mac = macFactory(cx, key);
        if (typeof mac === 'number') return cx.fail(0, mac);
        if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
        const h = newHandle(cx);
        s.hashes.set(h, { prov: hp >>> 0, algid: alg, data: [], mac });
        cx.mem.setU32(out, h);
        return 1;
      }
      const a = ALGS.get(alg);
      if (!a || (a.aesOnly && prov.type !== PROV_RSA_AES)) return cx.fail(0, NTE.BAD_ALGID);
      // Keyed: CALG_HMAC takes a session key (its key bytes are the HMAC key); other hashes none.
      const k = s.keys.get(key >>> 0) as { key: Buffer; rsa?: unknown } | undefined;
      if (alg === CALG_HMAC ? !k || k.rsa : key) return cx.fail(0, NTE.BAD_KEY);
      if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
      const h = newHandle(cx);
      s.hashes.set(h, { prov: hp >>> 0, algid: alg, data: [], hmacKey: alg === CALG_HMAC ? Buffer.from(k!.key) : undefined });
      cx.mem.setU32(out, h);
      return 1;
    },
  ),
  fn('CryptHashData(handle hHash, ptr pbData, u32 dwDataLen, hex dwFlags): bool', (cx, hh: number, p: number, n: number, flags: number) => {
    const h = cryptSlot.of(cx.machine).hashes.get(hh >>> 0);
    if (!h) return cx.fail(0, NTE.BAD_HASH);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    // An HMAC hash needs its HP_HMAC_INFO first.
    if (h.done || (h.algid === CALG_HMAC && !h.inner)) return cx.fail(0, NTE.BAD_HASH_STATE);
    if (n) {
      const data = Buffer.from(cx.mem.bytes(p, n));
      if (h.mac) h.mac.update(data);
      else h.data.push(data);
    }
    return 1;
  }),
  fn(
    'CryptGetHashParam(handle hHash, u32 dwParam, ptr pbData, ptr pdwDataLen, hex dwFlags): bool',
    (cx, hh: number, param: number, p: number, plen: number, flags: number) => {
      const h = cryptSlot.of(cx.machine).hashes.get(hh >>> 0);
      if (!h) return cx.fail(0, NTE.BAD_HASH);
      if (flags) return cx.fail(0, NTE.BAD_FLAGS);
      if (!plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      const size = hashSize(h);
      let value: Buffer;
      if (param === HP.ALGID || param === HP.HASHSIZE) {
        value = Buffer.alloc(4);
        value.writeUInt32LE(param === HP.ALGID ? h.algid : size);
      } else if (param === HP.HASHVAL) {
        if (h.algid === CALG_HMAC && !h.inner && !h.done) return cx.fail(0, NTE.BAD_HASH_STATE);
        value = p ? hashValue(h) : Buffer.alloc(size);
      } else return cx.fail(0, NTE.BAD_TYPE);
      const room = cx.mem.u32(plen);
      cx.mem.setU32(plen, value.length);
      if (!p) return 1;
      if (room < value.length) return cx.fail(0, ERROR_MORE_DATA);
      cx.mem.write(p, value);
      return 1;
    },
  ),
  fn('CryptDestroyHash(handle hHash): bool', (cx, hh: number) => (cryptSlot.of(cx.machine).hashes.delete(hh >>> 0) ? 1 : cx.fail(0, NTE.BAD_HASH))),

  fn('A_SHAInit(ptr ctx): void', (cx, ctx: number) => {
    cx.mem.fill(ctx, SHA.size, 0);
    [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].forEach((v, i) => cx.mem.setU32(ctx + SHA.state + 4 * i, v));
  }),
  fn('A_SHAUpdate(ptr ctx, ptr buffer, u32 len): void', (cx, ctx: number, p: number, n: number) => {
    cx.mem.check(ctx, SHA.size, 'write');
    shaUpdate(cx, ctx, n ? Uint8Array.from(cx.mem.bytes(p, n)) : new Uint8Array(0));
  }),
  fn('A_SHAFinal(ptr ctx, ptr digest): void', (cx, ctx: number, out: number) => {
    cx.mem.check(ctx, SHA.size, 'write');
    cx.mem.check(out, 20, 'write');
    const bits = (cx.mem.u32(ctx + SHA.count) + cx.mem.u32(ctx + SHA.count + 4) * 2 ** 32) * 8;
    const fill = (bits / 8) % 64;
    const pad = new Uint8Array((fill < 56 ? 56 - fill : 120 - fill) + 8);
    pad[0] = 0x80;
    for (let i = 0; i < 8; i++) pad[pad.length - 1 - i] = Math.floor(bits / 2 ** (8 * i)) & 0xff;
    shaUpdate(cx, ctx, pad);
    for (let i = 0; i < 5; i++) {
      const v = cx.mem.u32(ctx + SHA.state + 4 * i);
      for (let j = 0; j < 4; j++) cx.mem.setU8(out + 4 * i + j, (v >>> (24 - 8 * j)) & 0xff);
    }
    // FinishFlag and HashVal keep the result; the running state is re-initialized so the context can be reused.
    cx.mem.setU32(ctx, 1);
    cx.mem.copyWithin(ctx + 4, out, 20);
    [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0].forEach((v, i) => cx.mem.setU32(ctx + SHA.state + 4 * i, v));
    cx.mem.setU32(ctx + SHA.count, 0);
    cx.mem.setU32(ctx + SHA.count + 4, 0);
  }),
];
