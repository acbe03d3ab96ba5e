/**
 * coredll CryptoAPI keys (wincrypt.h), answered as the Microsoft RSA providers do (rsaenh.dll:
 * Base, Enhanced, Strong, Enhanced RSA and AES; the personality follows the provider the context
 * was acquired with). Reference: the CryptoAPI documentation (CryptGenKey, CryptDeriveKey,
 * CryptExportKey's blob formats, CryptGetKeyParam / CryptGetProvParam parameters) and Wine's
 * dlls/rsaenh/tests (read, not copied) for the behaviours the documentation leaves open.
 *
 *  - Key pairs: CryptGenKey(AT_KEYEXCHANGE / AT_SIGNATURE / CALG_RSA_KEYX / CALG_RSA_SIGN) makes an
 *    RSA pair (e = 65537; default 1024 bits, Base 512; the length in the flags' high word) from the
 *    run's generator, so --deterministic runs produce the same keys, and stores it in the context's
 *    key container (CRYPT_VERIFYCONTEXT: a temporary key). CryptGetUserKey returns a handle to a
 *    stored pair (NTE_NO_KEY when absent). Containers live in the run state (crypto.ts).
 *  - Session keys: RC2, RC4, DES, 3DES_112, 3DES and (PROV_RSA_AES) AES_128/192/256; random
 *    (CryptGenKey), derived from a hash (CryptDeriveKey: the first bytes of the hash value; for
 *    3DES and AES from a non-SHA-2 hash, and whenever the hash is too short, the documented
 *    ipad/opad extension) or imported. 40-bit RC2/RC4 keys get 11 zero salt bytes unless
 *    CRYPT_NO_SALT. Modes CBC (default, IV zero), ECB and 8-bit CFB, all on whole blocks with
 *    PKCS#5 padding at Final (Wine's tests show Windows pads CFB too); OFB/CTS can be set but
 *    encrypting fails NTE_BAD_ALGID, as on Windows. The chaining state carries across
 *    CryptEncrypt/CryptDecrypt calls until Final, and a Final call (failed or not) resets it.
 *  - Blobs (BLOBHEADER {bType, bVersion 2, reserved 0, aiKeyAlg}, integers little-endian):
 *    PUBLICKEYBLOB / PRIVATEKEYBLOB (RSAPUBKEY 'RSA1' / 'RSA2', modulus, primes, exponents,
 *    coefficient, private exponent), SIMPLEBLOB (ALG_ID of the exchange key, then the PKCS#1
 *    type-2 block encrypted with it, byte-reversed), PLAINTEXTKEYBLOB (length, key bytes).
 *    Private and plaintext exports need CRYPT_EXPORTABLE (NTE_BAD_KEY_STATE).
 *  - Signatures: CryptSignHashW / CryptVerifySignatureW, RSA PKCS#1 v1.5 with the DigestInfo of
 *    the hash (CRYPT_NOHASHOID: the bare hash), signature bytes little-endian as CryptoAPI writes
 *    them. A description string (deprecated) is hashed first, as the old providers did.
 *  - RSA key encryption (CryptEncrypt/CryptDecrypt with an AT_KEYEXCHANGE key, SIMPLEBLOB): PKCS#1
 *    v1.5 type 2, or OAEP with SHA-1 and MGF1 under CRYPT_OAEP; padding from the run's generator.
 *  - Outputs follow the CryptoAPI size convention: buffer NULL -> the size; too small ->
 *    ERROR_MORE_DATA and the size.
 */
import { createHash } from 'node:crypto';
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import {
  ALGS,
  CALG_HMAC,
  containers,
  cryptSlot,
  defaultProvider,
  ERROR_INVALID_PARAMETER,
  ERROR_MORE_DATA,
  ERROR_NO_MORE_ITEMS,
  hashSize,
  hashValue,
  newHandle,
  NTE,
  PROV_RSA_AES,
  PROV_RSA_FULL,
  PROVIDER_LIST,
  PROVIDERS,
  providerDefaults,
  setMacFactory,
  type Hash,
  type MacState,
  type Prov,
} from './crypto.js';
import {
  blockCipher,
  DIGEST_INFO,
  fromBytesBE,
  fromBytesLE,
  oaepPad,
  oaepUnpad,
  pkcs1Type1,
  pkcs1Type2,
  pkcs1Type2Unpad,
  rc4Crypt,
  rc4Init,
  rsaGenerate,
  rsaPrivate,
  rsaPublic,
  toBytesBE,
  toBytesLE,
  type BlockCipher,
  type Rc4State,
  type RsaKey,
  type SymAlg,
} from './ciphers.js';

const CALG = {
  MD5: 0x8003,
  SHA1: 0x8004,
  RSA_SIGN: 0x2400,
  RSA_KEYX: 0xa400,
  DES: 0x6601,
  RC2: 0x6602,
  TDES: 0x6603,
  TDES_112: 0x6609,
  RC4: 0x6801,
  AES_128: 0x660e,
  AES_192: 0x660f,
  AES_256: 0x6610,
  SHA_256: 0x800c,
  SHA_384: 0x800d,
  SHA_512: 0x800e,
} as const;
const CALG_SSL3_SHAMD5 = 0x8008;
const AT_KEYEXCHANGE = 1;
const AT_SIGNATURE = 2;
const CRYPT_EXPORTABLE = 1;
const CRYPT_USER_PROTECTED = 2;
const CRYPT_CREATE_SALT = 4;
const CRYPT_UPDATE_KEY = 8;
const CRYPT_NO_SALT = 0x10;
const CRYPT_PREGEN = 0x40;
const CRYPT_ARCHIVABLE = 0x4000;
const CRYPT_OAEP = 0x40;
const CRYPT_IPSEC_HMAC_KEY = 0x100;
const CRYPT_NOHASHOID = 1;
const CRYPT_FIRST = 1;
const CRYPT_LITTLE_ENDIAN = 1;
const BLOB = { SIMPLE: 1, PUBLIC: 6, PRIVATE: 7, PLAINTEXT: 8 } as const;
const MODE = { CBC: 1, ECB: 2, OFB: 3, CFB: 4, CTS: 5 } as const;
const PKCS5_PADDING = 1;
const PERM = { ENCRYPT: 1, DECRYPT: 2, EXPORT: 4, READ: 8, WRITE: 0x10, MAC: 0x20 } as const;
const KP = {
  IV: 1,
  SALT: 2,
  PADDING: 3,
  MODE: 4,
  MODE_BITS: 5,
  PERMISSIONS: 6,
  ALGID: 7,
  BLOCKLEN: 8,
  KEYLEN: 9,
  SALT_EX: 10,
  EFFECTIVE_KEYLEN: 19,
} as const;
const PP = {
  CLIENT_HWND: 1,
  ENUMALGS: 1,
  ENUMCONTAINERS: 2,
  IMPTYPE: 3,
  NAME: 4,
  VERSION: 5,
  CONTAINER: 6,
  KEYSET_SEC_DESCR: 8,
  PROVTYPE: 16,
  KEYSTORAGE: 17,
  ENUMALGS_EX: 22,
  KEYSET_TYPE: 27,
  SIG_KEYSIZE_INC: 34,
  KEYX_KEYSIZE_INC: 35,
  UNIQUE_CONTAINER: 36,
  KEYSPEC: 39,
} as const;

// ---- the providers' algorithms (PROV_ENUMALGS_EX rows) -----------------------------------------

interface AlgInfo {
  id: number;
  def: number;
  min: number;
  max: number;
  protocols: number;
  name: string;
  long: string;
}
const CRYPT_FLAG_SIGNING = 0x20;
const HASHES: AlgInfo[] = [
  { id: CALG.SHA1, def: 160, min: 160, max: 160, protocols: CRYPT_FLAG_SIGNING, name: 'SHA-1', long: 'Secure Hash Algorithm (SHA-1)' },
  { id: CALG.MD5, def: 128, min: 128, max: 128, protocols: 0, name: 'MD5', long: 'Message Digest 5 (MD5)' },
  { id: 0x8008, def: 288, min: 288, max: 288, protocols: 0, name: 'SSL3 SHAMD5', long: 'SSL3 SHAMD5' },
  { id: 0x8005, def: 0, min: 0, max: 0, protocols: 0, name: 'MAC', long: 'Message Authentication Code' },
  { id: 0x8009, def: 0, min: 0, max: 0, protocols: 0, name: 'HMAC', long: "Hugo's MAC (HMAC)" },
];
function algTable(p: Prov): AlgInfo[] {
  const base = p.name.startsWith('Microsoft Base');
  const aes = p.type === PROV_RSA_AES;
  const rows: AlgInfo[] = [
    { id: CALG.RC2, def: base ? 40 : 128, min: 40, max: base ? 56 : 128, protocols: 0, name: 'RC2', long: "RSA Data Security's RC2" },
    { id: CALG.RC4, def: base ? 40 : 128, min: 40, max: base ? 56 : 128, protocols: 0, name: 'RC4', long: "RSA Data Security's RC4" },
    { id: CALG.DES, def: 56, min: 56, max: 56, protocols: 0, name: 'DES', long: 'Data Encryption Standard (DES)' },
  ];
  if (!base) {
    rows.push(
      { id: CALG.TDES_112, def: 112, min: 112, max: 112, protocols: 0, name: '3DES TWO KEY', long: 'Two Key Triple DES' },
      { id: CALG.TDES, def: 168, min: 168, max: 168, protocols: 0, name: '3DES', long: 'Three Key Triple DES' },
    );
  }
  if (aes) {
    rows.push(
      { id: CALG.AES_128, def: 128, min: 128, max: 128, protocols: 0, name: 'AES 128', long: 'Advanced Encryption Standard (AES-128)' },
      { id: CALG.AES_192, def: 192, min: 192, max: 192, protocols: 0, name: 'AES 192', long: 'Advanced Encryption Standard (AES-192)' },
      { id: CALG.AES_256, def: 256, min: 256, max: 256, protocols: 0, name: 'AES 256', long: 'Advanced Encryption Standard (AES-256)' },
    );
  }
  rows.push(...HASHES);
  if (aes) {
    rows.push(
      { id: CALG.SHA_256, def: 256, min: 256, max: 256, protocols: CRYPT_FLAG_SIGNING, name: 'SHA-256', long: 'Secure Hash Algorithm (SHA-256)' },
      { id: CALG.SHA_384, def: 384, min: 384, max: 384, protocols: CRYPT_FLAG_SIGNING, name: 'SHA-384', long: 'Secure Hash Algorithm (SHA-384)' },
      { id: CALG.SHA_512, def: 512, min: 512, max: 512, protocols: CRYPT_FLAG_SIGNING, name: 'SHA-512', long: 'Secure Hash Algorithm (SHA-512)' },
    );
  }
  rows.push(
    { id: CALG.RSA_SIGN, def: base ? 512 : 1024, min: 384, max: 16384, protocols: CRYPT_FLAG_SIGNING, name: 'RSA_SIGN', long: 'RSA Signature' },
    { id: CALG.RSA_KEYX, def: base ? 512 : 1024, min: 384, max: base ? 1024 : 16384, protocols: 0, name: 'RSA_KEYX', long: 'RSA Key Exchange' },
  );
  return rows;
}

const SYM: Record<number, { alg: SymAlg; block: number }> = {
  [CALG.RC2]: { alg: 'rc2', block: 8 },
  [CALG.DES]: { alg: 'des', block: 8 },
  [CALG.TDES_112]: { alg: '3des112', block: 8 },
  [CALG.TDES]: { alg: '3des', block: 8 },
  [CALG.AES_128]: { alg: 'aes', block: 16 },
  [CALG.AES_192]: { alg: 'aes', block: 16 },
  [CALG.AES_256]: { alg: 'aes', block: 16 },
};
/** Bytes a DES-family key occupies (parity bits included): what KP_KEYLEN reports, in bits. */
const DES_STORAGE: Record<number, number> = { [CALG.DES]: 8, [CALG.TDES_112]: 16, [CALG.TDES]: 24 };

// ---- key objects -----------------------------------------------------------------------------

interface Key {
  prov: number;
  algid: number;
  /** RSA key pair or public key. */
  rsa?: RsaKey;
  /** Symmetric key bytes and salt. */
  key: Buffer;
  salt: Buffer;
  effBits: number;
  mode: number;
  modeBits: number;
  iv: Buffer;
  permissions: number;
  /** Running state between calls until Final: the chaining block, the RC4 stream. */
  chain?: Buffer;
  rc4?: Rc4State;
  cipher?: BlockCipher;
}

function keys(cx: ApiContext): Map<number, Key> {
  return cryptSlot.of(cx.machine).keys as Map<number, Key>;
}
function prov(cx: ApiContext, h: number): Prov | undefined {
  return cryptSlot.of(cx.machine).provs.get(h >>> 0);
}
function addKey(cx: ApiContext, k: Key, out: number): number {
  const h = newHandle(cx);
  keys(cx).set(h, k);
  cx.mem.setU32(out, h);
  return 1;
}
function blockLen(k: Key): number {
  return k.rsa ? k.rsa.bits / 8 : (SYM[k.algid]?.block ?? 0);
}
function isRsa(algid: number): boolean {
  return algid === CALG.RSA_KEYX || algid === CALG.RSA_SIGN;
}
function random(cx: ApiContext): () => number {
  return () => cx.machine.random.nextU32();
}
function randomBytes(cx: ApiContext, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = cx.machine.random.nextU32() & 0xff;
  return b;
}

/** A fresh key record; `bits` the requested length (0 = the provider default). Returns an NTE code on failure. */
function newKey(cx: ApiContext, hp: number, p: Prov, algid: number, flags: number, material?: Buffer): Key | number {
  const info = algTable(p).find((a) => a.id === algid);
  if (!info || !(SYM[algid] || algid === CALG.RC4 || isRsa(algid))) return NTE.BAD_ALGID;
  let bits = flags >>> 16 || info.def;
  if (algid === CALG.DES && bits === 64) bits = 56;
  if (algid === CALG.TDES_112 && bits === 128) bits = 112;
  if (algid === CALG.TDES && bits === 192) bits = 168;
  if (bits < info.min || bits > info.max || (isRsa(algid) && bits % 8)) return NTE.BAD_FLAGS;
  const bytes = DES_STORAGE[algid] ?? bits / 8;
  const perms = PERM.ENCRYPT | PERM.DECRYPT | PERM.READ | PERM.WRITE | PERM.MAC | (flags & CRYPT_EXPORTABLE ? PERM.EXPORT : 0);
  if (isRsa(algid))
    return { prov: hp, algid, key: Buffer.alloc(0), salt: Buffer.alloc(0), effBits: 0, mode: 0, modeBits: 0, iv: Buffer.alloc(0), permissions: perms };
  if (bits % 8) return NTE.BAD_FLAGS;
  const saltLen = (algid === CALG.RC2 || algid === CALG.RC4) && (flags & CRYPT_CREATE_SALT || (bits === 40 && !(flags & CRYPT_NO_SALT))) ? 16 - bytes : 0;
  const key = material ? Buffer.from(material.subarray(0, bytes)) : randomBytes(cx, bytes);
  const block = SYM[algid]?.block ?? 0;
  return {
    prov: hp,
    algid,
    key,
    salt: flags & CRYPT_CREATE_SALT ? randomBytes(cx, saltLen) : Buffer.alloc(saltLen),
    effBits: bits,
    mode: block ? MODE.CBC : 0,
    modeBits: block ? 8 : 0,
    iv: Buffer.alloc(block),
    permissions: perms,
  };
}

/** Resets the running state (a new message). */
function resetKey(k: Key): void {
  k.chain = undefined;
  k.rc4 = undefined;
  k.cipher = undefined;
}
function cipherOf(k: Key): BlockCipher {
  k.cipher ??= blockCipher(SYM[k.algid]!.alg, Buffer.concat([k.key, k.salt]), k.effBits);
  return k.cipher;
}

/** Encrypts (dir 1) or decrypts (dir -1) whole blocks of `data` in place with the key's mode. */
function runBlocks(k: Key, data: Buffer, dir: 1 | -1): void {
  const c = cipherOf(k);
  const n = c.size;
  k.chain ??= Buffer.from(k.iv);
  if (k.mode === MODE.CFB) {
    if (k.modeBits !== 8) throw new UnimplementedFeature(`CFB mode with ${k.modeBits} feedback bits`);
    for (let i = 0; i < data.length; i++) {
      const o = c.encrypt(k.chain)[0]!;
      const ct = dir === 1 ? (data[i]! ^= o) : data[i]!;
      if (dir === -1) data[i] = ct ^ o;
      k.chain = Buffer.concat([k.chain.subarray(1), Buffer.from([ct])]);
    }
    return;
  }
  for (let off = 0; off < data.length; off += n) {
    const blk = Buffer.from(data.subarray(off, off + n));
    if (dir === 1) {
      if (k.mode === MODE.CBC) for (let i = 0; i < n; i++) blk[i]! ^= k.chain[i]!;
      const out = Buffer.from(c.encrypt(blk));
      out.copy(data, off);
      if (k.mode === MODE.CBC) k.chain = out;
    } else {
      const out = Buffer.from(c.decrypt(blk));
      if (k.mode === MODE.CBC) {
        for (let i = 0; i < n; i++) out[i]! ^= k.chain[i]!;
        k.chain = blk;
      }
      out.copy(data, off);
    }
  }
}

/**
 * CALG_MAC (CryptCreateHash(hProv, CALG_MAC, hKey)): the CBC-MAC of Microsoft's rsabase (nttag.c
 * CPCreateHash / LocalMACData / CPGetHashParam): the key must be a block-cipher session key in CBC
 * mode, else NTE_BAD_KEY. The data is CBC-encrypted through the key itself (its IV, or the chaining
 * state a CryptEncrypt left), the last partial or whole block held back; the value is the last cipher
 * block after the held-back bytes are padded as CryptEncrypt's Final pads them (PKCS#5, a whole block
 * of padding after a whole block). With no data at all the value is the key's chaining block (its IV):
 * rsabase encrypts nothing then. Reading the value ends the message, as a Final encrypt does.
 */
function makeMac(cx: ApiContext, hKey: number): MacState | number {
  const k = hKey ? keys(cx).get(hKey >>> 0) : undefined;
  if (!k || k.rsa || !SYM[k.algid] || k.mode !== MODE.CBC) return NTE.BAD_KEY;
  const n = blockLen(k);
  let held = Buffer.alloc(0);
  return {
    size: n,
    update(data) {
      held = Buffer.concat([held, data]);
      const keep = held.length % n || n;
      if (held.length <= keep) return;
      runBlocks(k, Buffer.from(held.subarray(0, held.length - keep)), 1);
      held = Buffer.from(held.subarray(held.length - keep));
    },
    final() {
      let value: Buffer;
      if (!held.length) value = Buffer.from(k.chain ?? k.iv);
      else {
        const pad = n - (held.length % n);
        const last = Buffer.concat([held, Buffer.alloc(pad, pad)]);
        runBlocks(k, last, 1);
        value = Buffer.from(last.subarray(last.length - n));
      }
      resetKey(k);
      return value;
    },
  };
}
setMacFactory(makeMac);

// ---- containers --------------------------------------------------------------------------------

interface StoredPair {
  rsa: RsaKey;
  algid: number;
  permissions: number;
}
function container(cx: ApiContext, p: Prov): { kx?: StoredPair; sig?: StoredPair } | undefined {
  if (p.container === undefined) return undefined;
  return containers(cx).get(p.container) as { kx?: StoredPair; sig?: StoredPair } | undefined;
}

// ---- guest output --------------------------------------------------------------------------------

/** The CryptoAPI output convention: p NULL -> size only; *plen too small -> ERROR_MORE_DATA. */
function putOut(cx: ApiContext, p: number, plen: number, value: Uint8Array): number {
  if (!plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
  const room = cx.mem.u32(plen);
  cx.mem.setU32(plen, value.length);
  if (!p) return 1;
  if (room < value.length) return cx.fail(0, ERROR_MORE_DATA);
  cx.mem.write(p, value);
  return 1;
}
/** Writes the needed size to *plen; returns TRUE, or FALSE with `error`. */
function sizeOnly(cx: ApiContext, plen: number, n: number, error?: number): number {
  cx.mem.setU32(plen, n);
  return error === undefined ? 1 : cx.fail(0, error);
}
function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
function ansi(s: string): Buffer {
  return Buffer.from(s + '\0', 'latin1');
}

// ---- blobs ---------------------------------------------------------------------------------------

function blobHeader(type: number, algid: number): Buffer {
  const b = Buffer.alloc(8);
  b[0] = type;
  b[1] = 2;
  b.writeUInt32LE(algid, 4);
  return b;
}
function rsaBlob(k: RsaKey, algid: number, priv: boolean): Buffer {
  const n = k.bits / 8;
  const h = Math.ceil(k.bits / 16);
  const parts = [blobHeader(priv ? BLOB.PRIVATE : BLOB.PUBLIC, algid), u32(priv ? 0x32415352 : 0x31415352), u32(k.bits), u32(Number(k.e)), toBytesLE(k.n, n)];
  if (priv) parts.push(toBytesLE(k.p!, h), toBytesLE(k.q!, h), toBytesLE(k.dp!, h), toBytesLE(k.dq!, h), toBytesLE(k.qi!, h), toBytesLE(k.d!, n));
  return Buffer.concat(parts);
}

function exportKey(cx: ApiContext, k: Key, hExp: number, type: number, flags: number): Buffer | number {
  if (flags & ~CRYPT_OAEP) return NTE.BAD_FLAGS;
  switch (type) {
    case BLOB.PUBLIC:
      if (!k.rsa) return NTE.BAD_KEY;
      if (hExp) return NTE.BAD_PUBLIC_KEY;
      return rsaBlob(k.rsa, k.algid, false);
    case BLOB.PRIVATE:
      if (!k.rsa?.d) return NTE.BAD_KEY;
      if (!(k.permissions & PERM.EXPORT)) return NTE.BAD_KEY_STATE;
      if (hExp) throw new UnimplementedFeature('PRIVATEKEYBLOB encrypted with a session key');
      return rsaBlob(k.rsa, k.algid, true);
    case BLOB.PLAINTEXT:
      if (k.rsa) return NTE.BAD_KEY;
      if (!(k.permissions & PERM.EXPORT)) return NTE.BAD_KEY_STATE;
      return Buffer.concat([blobHeader(BLOB.PLAINTEXT, k.algid), u32(k.key.length), k.key]);
    case BLOB.SIMPLE: {
      if (k.rsa) return NTE.BAD_KEY;
      if (!(k.permissions & PERM.EXPORT)) return NTE.BAD_KEY_STATE;
      const x = keys(cx).get(hExp >>> 0);
      if (!x || x.algid !== CALG.RSA_KEYX || !x.rsa) return NTE.BAD_PUBLIC_KEY;
      const c = rsaWrap(cx, x.rsa, k.key, !!(flags & CRYPT_OAEP));
      if (!c) return NTE.BAD_LEN;
      return Buffer.concat([blobHeader(BLOB.SIMPLE, k.algid), u32(CALG.RSA_KEYX), c]);
    }
    default:
      return NTE.BAD_TYPE;
  }
}

function importKey(cx: ApiContext, hp: number, p: Prov, blob: Buffer, hPub: number, flags: number): Key | number {
  if (blob.length < 8) return NTE.BAD_DATA;
  const type = blob[0]!;
  const algid = blob.readUInt32LE(4);
  if (blob[1] !== 2 && blob[1] !== 3) return NTE.BAD_VER;
  if (type === BLOB.PUBLIC || type === BLOB.PRIVATE) {
    if (blob.length < 20) return NTE.BAD_DATA;
    const magic = blob.readUInt32LE(8);
    const bits = blob.readUInt32LE(12);
    const priv = type === BLOB.PRIVATE;
    if (magic !== (priv ? 0x32415352 : 0x31415352) || bits % 8 || bits === 0) return NTE.BAD_DATA;
    const n = bits / 8;
    const h = Math.ceil(bits / 16);
    if (blob.length < 20 + n + (priv ? 5 * h + n : 0)) return NTE.BAD_DATA;
    const at = (o: number, len: number): bigint => fromBytesLE(blob.subarray(20 + o, 20 + o + len));
    const rsa: RsaKey = { bits, e: BigInt(blob.readUInt32LE(16)), n: at(0, n) };
    if (priv) Object.assign(rsa, { p: at(n, h), q: at(n + h, h), dp: at(n + 2 * h, h), dq: at(n + 3 * h, h), qi: at(n + 4 * h, h), d: at(n + 5 * h, n) });
    const ka = algid === CALG.RSA_SIGN || algid === AT_SIGNATURE ? CALG.RSA_SIGN : CALG.RSA_KEYX;
    const perms = PERM.ENCRYPT | PERM.DECRYPT | PERM.READ | PERM.WRITE | PERM.MAC | (flags & CRYPT_EXPORTABLE ? PERM.EXPORT : 0);
    if (priv && p.container !== undefined) {
      const c = containers(cx).get(p.container) as { kx?: StoredPair; sig?: StoredPair };
      c[ka === CALG.RSA_SIGN ? 'sig' : 'kx'] = { rsa, algid: ka, permissions: perms };
    }
    return { prov: hp, algid: ka, rsa, key: Buffer.alloc(0), salt: Buffer.alloc(0), effBits: 0, mode: 0, modeBits: 0, iv: Buffer.alloc(0), permissions: perms };
  }
  if (type === BLOB.PLAINTEXT || type === BLOB.SIMPLE) {
    let material: Buffer;
    if (type === BLOB.PLAINTEXT) {
      if (blob.length < 12) return NTE.BAD_DATA;
      const len = blob.readUInt32LE(8);
      if (blob.length < 12 + len) return NTE.BAD_DATA;
      material = blob.subarray(12, 12 + len);
    } else {
      const x = keys(cx).get(hPub >>> 0);
      if (!x) return NTE.BAD_PUBLIC_KEY;
      if (!x.rsa?.d || x.algid !== CALG.RSA_KEYX) return NTE.BAD_PUBLIC_KEY;
      const len = x.rsa.bits / 8;
      if (blob.length < 12 + len || blob.readUInt32LE(8) !== CALG.RSA_KEYX) return NTE.BAD_DATA;
      const m = rsaUnwrap(x.rsa, blob.subarray(12, 12 + len), !!(flags & CRYPT_OAEP));
      if (!m) return NTE.BAD_DATA;
      material = m;
    }
    if (type === BLOB.PLAINTEXT && algid === CALG.RC2 && flags & CRYPT_IPSEC_HMAC_KEY && material.length > 16) {
      // CRYPT_IPSEC_HMAC_KEY: an RC2 key longer than 16 bytes, as an HMAC key (not for encryption).
      const k = newKey(cx, hp, p, algid, (128 << 16) | (flags & CRYPT_EXPORTABLE), material);
      if (typeof k === 'number') return k;
      k.key = Buffer.from(material);
      k.permissions &= ~(PERM.ENCRYPT | PERM.DECRYPT);
      return k;
    }
    let bits = material.length * 8;
    if (algid === CALG.DES || algid === CALG.TDES_112 || algid === CALG.TDES) {
      if (material.length !== DES_STORAGE[algid]) return NTE.BAD_DATA;
      bits = 0;
    }
    const k = newKey(cx, hp, p, algid, ((bits << 16) | (flags & (CRYPT_EXPORTABLE | CRYPT_NO_SALT))) >>> 0, material);
    if (typeof k === 'number') return k === NTE.BAD_FLAGS ? NTE.BAD_DATA : k;
    return k;
  }
  return NTE.BAD_TYPE;
}

// ---- RSA key encryption ----------------------------------------------------------------------------

/** `m` encrypted with the public key (PKCS#1 v1.5 type 2, or OAEP), little-endian; undefined when too long. */
function rsaWrap(cx: ApiContext, rsa: RsaKey, m: Buffer, oaep: boolean): Buffer | undefined {
  const n = rsa.bits / 8;
  const em = oaep ? oaepPad(m, n, random(cx)) : pkcs1Type2(m, n, random(cx));
  return em && toBytesLE(rsaPublic(rsa, fromBytesBE(em)), n);
}
/** The message of a little-endian RSA block, or undefined when it does not decode. */
function rsaUnwrap(rsa: RsaKey, c: Uint8Array, oaep: boolean): Buffer | undefined {
  const em = toBytesBE(rsaPrivate(rsa, fromBytesLE(c)), rsa.bits / 8);
  return oaep ? oaepUnpad(em) : pkcs1Type2Unpad(em);
}

// ---- key derivation ------------------------------------------------------------------------------

const HASH_NAMES: Record<number, string> = {
  [CALG.MD5]: 'md5',
  [CALG.SHA1]: 'sha1',
  [CALG.SHA_256]: 'sha256',
  [CALG.SHA_384]: 'sha384',
  [CALG.SHA_512]: 'sha512',
};

/** CryptDeriveKey's key material: the hash value, or the documented ipad/opad extension of it. */
function deriveMaterial(h: Hash, algid: number, need: number): Buffer {
  const v = hashValue(h);
  const sha2 = h.algid === CALG.SHA_256 || h.algid === CALG.SHA_384 || h.algid === CALG.SHA_512;
  const aesOr3des = algid === CALG.TDES || algid === CALG.TDES_112 || algid === CALG.AES_128 || algid === CALG.AES_192 || algid === CALG.AES_256;
  if ((sha2 || !aesOr3des) && v.length >= need) return v;
  const pad = (c: number): Buffer => {
    if (!HASH_NAMES[h.algid]) throw new UnimplementedFeature(`extending the value of a 0x${h.algid.toString(16)} hash`);
    const b = Buffer.alloc(64, c);
    for (let i = 0; i < v.length && i < 64; i++) b[i]! ^= v[i]!;
    return createHash(HASH_NAMES[h.algid]!).update(b).digest();
  };
  return Buffer.concat([pad(0x36), pad(0x5c)]);
}

// ---- key parameters ------------------------------------------------------------------------------

function getKeyParam(k: Key, param: number): Buffer | number {
  switch (param) {
    case KP.ALGID:
      return u32(k.algid);
    case KP.KEYLEN:
      return u32(k.rsa ? k.rsa.bits : k.key.length * 8);
    case KP.BLOCKLEN:
      return u32(blockLen(k) * 8);
    case KP.PERMISSIONS:
      return u32(k.permissions);
  }
  // Session-key parameters of an RSA key: NTE_BAD_KEY (Wine's rsaenh tests, KP_SALT).
  if (k.rsa) return param === KP.IV || param === KP.SALT || param === KP.PADDING || param === KP.MODE || param === KP.MODE_BITS ? NTE.BAD_KEY : NTE.BAD_TYPE;
  switch (param) {
    case KP.IV:
      return Buffer.from(k.iv);
    case KP.SALT:
      return Buffer.from(k.salt);
    case KP.PADDING:
      return u32(PKCS5_PADDING);
    case KP.MODE:
      return u32(k.mode); // 0 for RC4 (Wine's rsaenh tests)
    case KP.MODE_BITS:
      return blockLen(k) ? u32(k.modeBits) : NTE.BAD_TYPE;
    case KP.EFFECTIVE_KEYLEN:
      return k.algid === CALG.RC2 ? u32(k.effBits) : NTE.BAD_TYPE;
  }
  return NTE.BAD_TYPE;
}

function setKeyParam(cx: ApiContext, k: Key, param: number, p: number): number {
  const base = prov(cx, k.prov)?.name.startsWith('Microsoft Base') ?? false;
  switch (param) {
    case KP.PERMISSIONS: {
      const v = cx.mem.u32(p);
      if (v & PERM.EXPORT && !(k.permissions & PERM.EXPORT)) return NTE.BAD_DATA;
      k.permissions = v;
      return 0;
    }
  }
  if (k.rsa) return NTE.BAD_TYPE;
  switch (param) {
    case KP.IV:
      k.iv = Buffer.from(cx.mem.bytes(p, k.iv.length));
      resetKey(k);
      return 0;
    case KP.SALT:
      k.salt = Buffer.from(cx.mem.bytes(p, k.salt.length));
      resetKey(k);
      return 0;
    case KP.SALT_EX: {
      const n = cx.mem.u32(p);
      const at = cx.mem.u32(p + 4);
      if (k.algid !== CALG.RC2 && k.algid !== CALG.RC4) return NTE.BAD_TYPE;
      if (n > 24) return NTE.BAD_DATA; // Wine's rsaenh tests: 0..24 bytes of salt are accepted
      k.salt = Buffer.from(n ? cx.mem.bytes(at, n) : []);
      resetKey(k);
      return 0;
    }
    case KP.PADDING:
      return cx.mem.u32(p) === PKCS5_PADDING ? 0 : NTE.BAD_DATA;
    case KP.MODE: {
      if (!blockLen(k)) return NTE.BAD_TYPE;
      const m = cx.mem.u32(p);
      if (m < MODE.CBC || m > MODE.CTS) return NTE.BAD_DATA;
      k.mode = m;
      resetKey(k);
      return 0;
    }
    case KP.MODE_BITS: {
      if (!blockLen(k)) return NTE.BAD_TYPE;
      const m = cx.mem.u32(p);
      if (m === 0 || m > blockLen(k) * 8) return NTE.BAD_DATA;
      k.modeBits = m;
      return 0;
    }
    case KP.EFFECTIVE_KEYLEN: {
      if (k.algid !== CALG.RC2) return NTE.BAD_TYPE;
      const v = cx.mem.u32(p);
      // Wine's tests: 0 and > 1024 fail (NTE_BAD_DATA); the Base provider refuses more than its 56 bits.
      if (v === 0 || v > 1024 || (base && v > 56)) return NTE.BAD_DATA;
      k.effBits = v;
      resetKey(k);
      return 0;
    }
  }
  return NTE.BAD_TYPE;
}

// ---- provider parameters -------------------------------------------------------------------------

function getProvParam(cx: ApiContext, p: Prov, param: number, flags: number): Buffer | number {
  switch (param) {
    case PP.ENUMALGS:
    case PP.ENUMALGS_EX: {
      const rows = algTable(p);
      if (flags & CRYPT_FIRST) p.enumAlgs = 0;
      const a = rows[p.enumAlgs];
      if (!a) return ERROR_NO_MORE_ITEMS;
      const name = Buffer.alloc(20);
      name.write(a.name, 'latin1');
      let b: Buffer;
      if (param === PP.ENUMALGS) b = Buffer.concat([u32(a.id), u32(a.def), u32(a.name.length + 1), name]);
      else {
        const long = Buffer.alloc(40);
        long.write(a.long, 'latin1');
        b = Buffer.concat([u32(a.id), u32(a.def), u32(a.min), u32(a.max), u32(a.protocols), u32(a.name.length + 1), name, u32(a.long.length + 1), long]);
      }
      return b;
    }
    case PP.ENUMCONTAINERS: {
      if (flags & CRYPT_FIRST) p.enumContainers = 0;
      const all = [...containers(cx).values()].map((c) => c.name);
      const n = all[p.enumContainers];
      if (n === undefined) return ERROR_NO_MORE_ITEMS;
      return ansi(n);
    }
    case PP.IMPTYPE:
      return u32(2); // CRYPT_IMPL_SOFTWARE
    case PP.NAME:
      return ansi(p.name);
    case PP.VERSION:
      return u32(0x200);
    case PP.CONTAINER:
    case PP.UNIQUE_CONTAINER:
      return p.containerName === undefined ? NTE.BAD_KEYSET : ansi(p.containerName);
    case PP.PROVTYPE:
      return u32(p.type);
    case PP.KEYSTORAGE:
      return u32(1); // CRYPT_SEC_DESCR
    case PP.KEYSET_TYPE:
      return u32(p.machine ? 0x20 : 0);
    case PP.SIG_KEYSIZE_INC:
    case PP.KEYX_KEYSIZE_INC:
      return u32(8);
    case PP.KEYSPEC:
      return u32(AT_KEYEXCHANGE | AT_SIGNATURE);
  }
  return NTE.BAD_TYPE;
}

// ---- helpers for the exports ------------------------------------------------------------------------

function hashOf(cx: ApiContext, hh: number): Hash | undefined {
  return cryptSlot.of(cx.machine).hashes.get(hh >>> 0);
}
function hashMore(h: Hash, data: Buffer): boolean {
  if (h.done) return false;
  if (h.mac) h.mac.update(data);
  else h.data.push(data);
  return true;
}
/** The PKCS#1 block to sign for `h` (DigestInfo unless CRYPT_NOHASHOID). */
function signInput(h: Hash, flags: number): Buffer | number {
  const v = hashValue(h);
  if (h.algid === CALG_SSL3_SHAMD5) return v; // signed bare, as SSL 3 / TLS 1.0 want
  const oid = DIGEST_INFO.get(h.algid);
  if (!oid) return NTE.BAD_ALGID;
  return flags & CRYPT_NOHASHOID ? v : Buffer.concat([oid, v]);
}
function hashDescription(cx: ApiContext, h: Hash, desc: number): void {
  if (!desc) return;
  const s = cx.mem.wstr(desc, 4096);
  hashMore(h, Buffer.from(s, 'utf16le'));
}
function listOut(cx: ApiContext, p: number, plen: number, s: string): number {
  return putOut(cx, p, plen, Buffer.from(s + '\0', 'utf16le'));
}
const PROV_TYPE_NAMES: readonly { type: number; name: string }[] = [
  { type: PROV_RSA_FULL, name: 'RSA Full (Signature and Key Exchange)' },
  { type: PROV_RSA_AES, name: 'RSA Full and AES' },
];
const CRYPT_MACHINE_DEFAULT = 1;
const CRYPT_USER_DEFAULT = 2;
const CRYPT_DELETE_DEFAULT = 4;

function setDefault(cx: ApiContext, name: number, type: number, reserved: number, flags: number): number {
  if (reserved || !name) return cx.fail(0, ERROR_INVALID_PARAMETER);
  if (flags & ~(CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT | CRYPT_DELETE_DEFAULT) || !(flags & (CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT)))
    return cx.fail(0, NTE.BAD_FLAGS);
  if ((flags & (CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT)) === (CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT)) return cx.fail(0, NTE.BAD_FLAGS);
  const key = (flags & CRYPT_USER_DEFAULT ? 'u' : 'm') + type;
  if (flags & CRYPT_DELETE_DEFAULT) {
    providerDefaults(cx).set(key, '');
    return 1;
  }
  const entry = PROVIDERS.get(cx.mem.wstr(name, 260).toUpperCase());
  if (!entry) return cx.fail(0, NTE.BAD_PROVIDER);
  if (entry.type !== type) return cx.fail(0, NTE.PROV_TYPE_NO_MATCH);
  providerDefaults(cx).set(key, entry.name);
  return 1;
}

// ---- exports ---------------------------------------------------------------------------------------

export const cryptkeys: ApiDef[] = [
  fn('CryptGenKey(handle hProv, hex Algid, hex dwFlags, ptr phKey): bool', (cx, hp: number, algid: number, flags: number, out: number) => {
    const p = prov(cx, hp);
    if (!p) return cx.fail(0, NTE.BAD_UID);
    if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (flags & 0xffff & ~(CRYPT_EXPORTABLE | CRYPT_USER_PROTECTED | CRYPT_CREATE_SALT | CRYPT_NO_SALT | CRYPT_PREGEN | CRYPT_ARCHIVABLE))
      return cx.fail(0, NTE.BAD_FLAGS);
    const spec = algid === AT_KEYEXCHANGE ? CALG.RSA_KEYX : algid === AT_SIGNATURE ? CALG.RSA_SIGN : algid;
    const k = newKey(cx, hp >>> 0, p, spec, flags);
    if (typeof k === 'number') return cx.fail(0, k);
    if (isRsa(spec)) {
      const bits = flags >>> 16 || algTable(p).find((a) => a.id === spec)!.def;
      k.rsa = rsaGenerate(random(cx), bits);
      const c = container(cx, p);
      if (c) c[spec === CALG.RSA_SIGN ? 'sig' : 'kx'] = { rsa: k.rsa, algid: spec, permissions: k.permissions };
    }
    return addKey(cx, k, out);
  }),
  fn(
    'CryptDeriveKey(handle hProv, hex Algid, handle hBaseData, hex dwFlags, ptr phKey): bool',
    (cx, hp: number, algid: number, hh: number, flags: number, out: number) => {
      const p = prov(cx, hp);
      if (!p) return cx.fail(0, NTE.BAD_UID);
      const h = hashOf(cx, hh);
      if (!h) return cx.fail(0, NTE.BAD_HASH);
      if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags & 0xffff & ~(CRYPT_EXPORTABLE | CRYPT_CREATE_SALT | CRYPT_NO_SALT | CRYPT_UPDATE_KEY)) return cx.fail(0, NTE.BAD_FLAGS);
      if (flags & CRYPT_UPDATE_KEY) throw new UnimplementedFeature('with CRYPT_UPDATE_KEY');
      if (isRsa(algid) || algid === AT_KEYEXCHANGE || algid === AT_SIGNATURE) return cx.fail(0, NTE.BAD_ALGID);
      const probe = newKey(cx, hp >>> 0, p, algid, flags, Buffer.alloc(32));
      if (typeof probe === 'number') return cx.fail(0, probe);
      const material = deriveMaterial(h, algid, probe.key.length);
      if (material.length < probe.key.length) return cx.fail(0, NTE.BAD_LEN);
      probe.key = Buffer.from(material.subarray(0, probe.key.length));
      return addKey(cx, probe, out);
    },
  ),
  fn('CryptDestroyKey(handle hKey): bool', (cx, hk: number) => (keys(cx).delete(hk >>> 0) ? 1 : cx.fail(0, NTE.BAD_KEY))),
  fn('CryptGetUserKey(handle hProv, u32 dwKeySpec, ptr phUserKey): bool', (cx, hp: number, spec: number, out: number) => {
    const p = prov(cx, hp);
    if (!p) return cx.fail(0, NTE.BAD_UID);
    if (!out) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (spec !== AT_KEYEXCHANGE && spec !== AT_SIGNATURE) return cx.fail(0, NTE.NO_KEY);
    const pair = container(cx, p)?.[spec === AT_SIGNATURE ? 'sig' : 'kx'];
    if (!pair) return cx.fail(0, NTE.NO_KEY);
    return addKey(
      cx,
      {
        prov: hp >>> 0,
        algid: pair.algid,
        rsa: pair.rsa,
        key: Buffer.alloc(0),
        salt: Buffer.alloc(0),
        effBits: 0,
        mode: 0,
        modeBits: 0,
        iv: Buffer.alloc(0),
        permissions: pair.permissions,
      },
      out,
    );
  }),
  fn(
    'CryptExportKey(handle hKey, handle hExpKey, u32 dwBlobType, hex dwFlags, ptr pbData, ptr pdwDataLen): bool',
    (cx, hk: number, hx: number, type: number, flags: number, p: number, plen: number) => {
      const k = keys(cx).get(hk >>> 0);
      if (!k) return cx.fail(0, NTE.BAD_KEY);
      if (hx && !keys(cx).has(hx >>> 0)) return cx.fail(0, NTE.BAD_KEY);
      const blob = exportKey(cx, k, hx, type, flags);
      if (typeof blob === 'number') return cx.fail(0, blob);
      return putOut(cx, p, plen, blob);
    },
  ),
  fn(
    'CryptImportKey(handle hProv, ptr pbData, u32 dwDataLen, handle hPubKey, hex dwFlags, ptr phKey): bool',
    (cx, hp: number, data: number, len: number, hPub: number, flags: number, out: number) => {
      const p = prov(cx, hp);
      if (!p) return cx.fail(0, NTE.BAD_UID);
      if (!out || !data) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags & ~(CRYPT_EXPORTABLE | CRYPT_USER_PROTECTED | CRYPT_NO_SALT | CRYPT_OAEP | CRYPT_IPSEC_HMAC_KEY)) return cx.fail(0, NTE.BAD_FLAGS);
      if (hPub && !keys(cx).has(hPub >>> 0)) return cx.fail(0, NTE.BAD_KEY);
      const k = importKey(cx, hp >>> 0, p, Buffer.from(cx.mem.bytes(data, len)), hPub, flags);
      if (typeof k === 'number') return cx.fail(0, k);
      return addKey(cx, k, out);
    },
  ),
  fn(
    'CryptGetKeyParam(handle hKey, u32 dwParam, ptr pbData, ptr pdwDataLen, hex dwFlags): bool',
    (cx, hk: number, param: number, p: number, plen: number, flags: number) => {
      const k = keys(cx).get(hk >>> 0);
      if (!k) return cx.fail(0, NTE.BAD_KEY);
      if (flags) return cx.fail(0, NTE.BAD_FLAGS);
      const v = getKeyParam(k, param);
      if (typeof v === 'number') return cx.fail(0, v);
      return putOut(cx, p, plen, v);
    },
  ),
  fn('CryptSetKeyParam(handle hKey, u32 dwParam, ptr pbData, hex dwFlags): bool', (cx, hk: number, param: number, p: number, flags: number) => {
    const k = keys(cx).get(hk >>> 0);
    if (!k) return cx.fail(0, NTE.BAD_KEY);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    if (!p) return cx.fail(0, ERROR_INVALID_PARAMETER);
    const e = setKeyParam(cx, k, param, p);
    return e ? cx.fail(0, e) : 1;
  }),
  fn(
    'CryptEncrypt(handle hKey, handle hHash, bool Final, hex dwFlags, ptr pbData, ptr pdwDataLen, u32 dwBufLen): bool',
    (cx, hk: number, hh: number, final: number, flags: number, p: number, plen: number, bufLen: number) => {
      const k = keys(cx).get(hk >>> 0);
      if (!k) return cx.fail(0, NTE.BAD_KEY);
      const h = hh ? hashOf(cx, hh) : undefined;
      if (hh && !h) return cx.fail(0, NTE.BAD_HASH);
      if (!plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags & ~CRYPT_OAEP) return cx.fail(0, NTE.BAD_FLAGS);
      const len = cx.mem.u32(plen);
      if (k.rsa) {
        if (k.algid !== CALG.RSA_KEYX) return cx.fail(0, NTE.BAD_KEY);
        const n = k.rsa.bits / 8;
        if (!p) return sizeOnly(cx, plen, n);
        if (bufLen < n) return sizeOnly(cx, plen, n, ERROR_MORE_DATA);
        const c = rsaWrap(cx, k.rsa, Buffer.from(cx.mem.bytes(p, len)), !!(flags & CRYPT_OAEP));
        if (!c) return cx.fail(0, NTE.BAD_LEN);
        cx.mem.write(p, c);
        cx.mem.setU32(plen, n);
        return 1;
      }
      if (!(k.permissions & PERM.ENCRYPT)) return cx.fail(0, NTE.PERM);
      const bl = blockLen(k);
      // OFB and CTS can be set but not used (Windows: NTE_BAD_ALGID, Wine's rsaenh tests).
      if (bl && k.mode !== MODE.CBC && k.mode !== MODE.ECB && k.mode !== MODE.CFB) return cx.fail(0, NTE.BAD_ALGID);
      // CFB too works on whole blocks with PKCS#5 padding at Final, as CBC and ECB do.
      if (bl && !final && len % bl) return cx.fail(0, NTE.BAD_DATA);
      const outLen = bl && final ? len + bl - (len % bl) : len;
      if (!p) return sizeOnly(cx, plen, outLen);
      if (bufLen < outLen) return sizeOnly(cx, plen, outLen, ERROR_MORE_DATA);
      const data = Buffer.alloc(outLen, outLen - len);
      Buffer.from(cx.mem.bytes(p, len)).copy(data);
      if (h && !hashMore(h, Buffer.from(data.subarray(0, len)))) return cx.fail(0, NTE.BAD_HASH_STATE);
      if (k.algid === CALG.RC4) {
        k.rc4 ??= rc4Init(Buffer.concat([k.key, k.salt]));
        rc4Crypt(k.rc4, data);
      } else runBlocks(k, data, 1);
      if (final) resetKey(k);
      cx.mem.write(p, data);
      cx.mem.setU32(plen, outLen);
      return 1;
    },
  ),
  fn(
    'CryptDecrypt(handle hKey, handle hHash, bool Final, hex dwFlags, ptr pbData, ptr pdwDataLen): bool',
    (cx, hk: number, hh: number, final: number, flags: number, p: number, plen: number) => {
      const k = keys(cx).get(hk >>> 0);
      if (!k) return cx.fail(0, NTE.BAD_KEY);
      const h = hh ? hashOf(cx, hh) : undefined;
      if (hh && !h) return cx.fail(0, NTE.BAD_HASH);
      if (!plen || !p) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags & ~CRYPT_OAEP) return cx.fail(0, NTE.BAD_FLAGS);
      const len = cx.mem.u32(plen);
      if (k.rsa) {
        if (k.algid !== CALG.RSA_KEYX || !k.rsa.d) return cx.fail(0, NTE.BAD_KEY);
        const n = k.rsa.bits / 8;
        if (len !== n) return cx.fail(0, NTE.BAD_DATA);
        const m = rsaUnwrap(k.rsa, cx.mem.bytes(p, n), !!(flags & CRYPT_OAEP));
        if (!m) return cx.fail(0, NTE.BAD_DATA);
        cx.mem.write(p, m);
        cx.mem.setU32(plen, m.length);
        return 1;
      }
      if (!(k.permissions & PERM.DECRYPT)) return cx.fail(0, NTE.PERM);
      const bl = blockLen(k);
      if (bl && k.mode !== MODE.CBC && k.mode !== MODE.ECB && k.mode !== MODE.CFB) return cx.fail(0, NTE.BAD_ALGID);
      if (bl && len % bl) return cx.fail(0, NTE.BAD_DATA);
      const data = Buffer.from(cx.mem.bytes(p, len));
      if (k.algid === CALG.RC4) {
        k.rc4 ??= rc4Init(Buffer.concat([k.key, k.salt]));
        rc4Crypt(k.rc4, data);
      } else runBlocks(k, data, -1);
      let outLen = len;
      if (final) {
        resetKey(k);
        if (bl) {
          const pad = data[len - 1] ?? 0;
          if (len === 0 || pad === 0 || pad > bl || !data.subarray(len - pad).every((x) => x === pad)) return cx.fail(0, NTE.BAD_DATA);
          outLen = len - pad;
        }
      }
      if (h && !hashMore(h, Buffer.from(data.subarray(0, outLen)))) return cx.fail(0, NTE.BAD_HASH_STATE);
      cx.mem.write(p, data.subarray(0, outLen));
      cx.mem.setU32(plen, outLen);
      return 1;
    },
  ),
  fn('CryptDuplicateKey(handle hKey, ptr pdwReserved, hex dwFlags, ptr phKey): bool', (cx, hk: number, res: number, flags: number, out: number) => {
    const k = keys(cx).get(hk >>> 0);
    if (!k) return cx.fail(0, NTE.BAD_KEY);
    if (res || !out) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    const copy: Key = {
      ...k,
      key: Buffer.from(k.key),
      salt: Buffer.from(k.salt),
      iv: Buffer.from(k.iv),
      chain: k.chain && Buffer.from(k.chain),
      cipher: undefined,
    };
    if (k.rc4) copy.rc4 = { s: Uint8Array.from(k.rc4.s), i: k.rc4.i, j: k.rc4.j };
    return addKey(cx, copy, out);
  }),
  fn('CryptDuplicateHash(handle hHash, ptr pdwReserved, hex dwFlags, ptr phHash): bool', (cx, hh: number, res: number, flags: number, out: number) => {
    const h = hashOf(cx, hh);
    if (!h) return cx.fail(0, NTE.BAD_HASH);
    if (res || !out) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    // A running MAC lives in its key's chaining state, which two hashes cannot share.
    if (h.mac && !h.done) throw new UnimplementedFeature('of a CALG_MAC hash before its value was read');
    const nh = newHandle(cx);
    cryptSlot.of(cx.machine).hashes.set(nh, { prov: h.prov, algid: h.algid, data: [...h.data], done: h.done, hmacKey: h.hmacKey, inner: h.inner, mac: h.mac });
    cx.mem.setU32(out, nh);
    return 1;
  }),
  fn('CryptHashSessionKey(handle hHash, handle hKey, hex dwFlags): bool', (cx, hh: number, hk: number, flags: number) => {
    const h = hashOf(cx, hh);
    if (!h) return cx.fail(0, NTE.BAD_HASH);
    const k = keys(cx).get(hk >>> 0);
    if (!k) return cx.fail(0, NTE.BAD_KEY);
    if (flags & ~CRYPT_LITTLE_ENDIAN) return cx.fail(0, NTE.BAD_FLAGS);
    if (k.rsa) return cx.fail(0, NTE.BAD_KEY);
    // The key bytes are hashed most significant first (reversed) unless CRYPT_LITTLE_ENDIAN.
    const bytes = flags & CRYPT_LITTLE_ENDIAN ? Buffer.from(k.key) : Buffer.from(k.key).reverse();
    return hashMore(h, bytes) ? 1 : cx.fail(0, NTE.BAD_HASH_STATE);
  }),
  fn('CryptSetHashParam(handle hHash, u32 dwParam, ptr pbData, hex dwFlags): bool', (cx, hh: number, param: number, p: number, flags: number) => {
    const h = hashOf(cx, hh);
    if (!h) return cx.fail(0, NTE.BAD_HASH);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    if (!p) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (param === 2) {
      // HP_HASHVAL: the hash takes the given value (to sign a hash computed elsewhere).
      if (h.algid === CALG_HMAC && !h.inner) return cx.fail(0, NTE.BAD_HASH_STATE);
      h.done = Buffer.from(cx.mem.bytes(p, hashSize(h)));
      h.data = [];
      return 1;
    }
    if (param === 5) {
      // HP_HMAC_INFO {HashAlgid, pbInnerString, cbInnerString, pbOuterString, cbOuterString}: the
      // default strings (0x36 / 0x5c repeated, cb 0) make it RFC 2104's HMAC.
      if (h.algid !== CALG_HMAC) return cx.fail(0, NTE.BAD_TYPE);
      const alg = cx.mem.u32(p);
      if (cx.mem.u32(p + 8) || cx.mem.u32(p + 16)) throw new UnimplementedFeature('HP_HMAC_INFO with its own inner/outer strings');
      const a = ALGS.get(alg);
      const pv = prov(cx, h.prov);
      if (!a || alg === CALG_HMAC || alg === 0x8008 || (a.aesOnly && pv?.type !== PROV_RSA_AES)) return cx.fail(0, NTE.BAD_ALGID);
      h.inner = alg;
      return 1;
    }
    return cx.fail(0, NTE.BAD_TYPE);
  }),
  fn(
    'CryptSignHashW(handle hHash, u32 dwKeySpec, ptr szDescription, hex dwFlags, ptr pbSignature, ptr pdwSigLen): bool',
    (cx, hh: number, spec: number, desc: number, flags: number, p: number, plen: number) => {
      const h = hashOf(cx, hh);
      if (!h) return cx.fail(0, NTE.BAD_HASH);
      if (flags & ~CRYPT_NOHASHOID) return cx.fail(0, NTE.BAD_FLAGS);
      if (!plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      const pv = prov(cx, h.prov);
      const pair = pv && (spec === AT_KEYEXCHANGE || spec === AT_SIGNATURE) ? container(cx, pv)?.[spec === AT_SIGNATURE ? 'sig' : 'kx'] : undefined;
      if (!pair) return cx.fail(0, NTE.NO_KEY);
      const n = pair.rsa.bits / 8;
      if (!p) return sizeOnly(cx, plen, n);
      if (cx.mem.u32(plen) < n) return sizeOnly(cx, plen, n, ERROR_MORE_DATA);
      hashDescription(cx, h, desc);
      const t = signInput(h, flags);
      if (typeof t === 'number') return cx.fail(0, t);
      const em = pkcs1Type1(t, n);
      if (!em) return cx.fail(0, NTE.BAD_LEN);
      cx.mem.write(p, toBytesLE(rsaPrivate(pair.rsa, fromBytesBE(em)), n));
      cx.mem.setU32(plen, n);
      return 1;
    },
  ),
  fn(
    'CryptVerifySignatureW(handle hHash, ptr pbSignature, u32 dwSigLen, handle hPubKey, ptr szDescription, hex dwFlags): bool',
    (cx, hh: number, p: number, len: number, hk: number, desc: number, flags: number) => {
      const h = hashOf(cx, hh);
      if (!h) return cx.fail(0, NTE.BAD_HASH);
      const k = keys(cx).get(hk >>> 0);
      if (!k) return cx.fail(0, NTE.BAD_KEY);
      if (flags & ~CRYPT_NOHASHOID) return cx.fail(0, NTE.BAD_FLAGS);
      if (!k.rsa) return cx.fail(0, NTE.BAD_KEY);
      const n = k.rsa.bits / 8;
      if (!p || len !== n) return cx.fail(0, NTE.BAD_SIGNATURE);
      hashDescription(cx, h, desc);
      const t = signInput(h, flags);
      if (typeof t === 'number') return cx.fail(0, t);
      const em = pkcs1Type1(t, n);
      const got = toBytesBE(rsaPublic(k.rsa, fromBytesLE(cx.mem.bytes(p, n))), n);
      return em && em.equals(got) ? 1 : cx.fail(0, NTE.BAD_SIGNATURE);
    },
  ),
  fn(
    'CryptGetProvParam(handle hProv, u32 dwParam, ptr pbData, ptr pdwDataLen, hex dwFlags): bool',
    (cx, hp: number, param: number, p: number, plen: number, flags: number) => {
      const pv = prov(cx, hp);
      if (!pv) return cx.fail(0, NTE.BAD_UID);
      if (flags & ~(CRYPT_FIRST | 2 | 4)) return cx.fail(0, NTE.BAD_FLAGS);
      if (!plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      // Enumerations restart with CRYPT_FIRST and advance only when the value is delivered.
      const v = getProvParam(cx, pv, param, flags);
      if (typeof v === 'number') return cx.fail(0, v);
      let r: number;
      if (param === PP.ENUMCONTAINERS) {
        // Wine's rsaenh tests: a NULL buffer gets the longest name's size (MAX_PATH + 1), and a
        // buffer the name fits in keeps its length.
        if (!p) {
          cx.mem.setU32(plen, 261);
          return 1;
        }
        if (cx.mem.u32(plen) < v.length) return sizeOnly(cx, plen, v.length, ERROR_MORE_DATA);
        cx.mem.write(p, v);
        r = 1;
      } else r = putOut(cx, p, plen, v);
      if (r && p) {
        if (param === PP.ENUMALGS || param === PP.ENUMALGS_EX) pv.enumAlgs++;
        if (param === PP.ENUMCONTAINERS) pv.enumContainers++;
      }
      return r;
    },
  ),
  fn('CryptSetProvParam(handle hProv, u32 dwParam, ptr pbData, hex dwFlags): bool', (cx, hp: number, param: number, _p: number, _flags: number) => {
    // PP_CLIENT_HWND needs no context (the window for the provider's UI; these providers show none).
    if (param === PP.CLIENT_HWND) return 1;
    const pv = prov(cx, hp);
    if (!pv) return cx.fail(0, NTE.BAD_UID);
    if (param === PP.KEYSET_SEC_DESCR) return 1; // CE keeps no security descriptors on key containers.
    return cx.fail(0, NTE.BAD_TYPE);
  }),
  fn('CryptContextAddRef(handle hProv, ptr pdwReserved, hex dwFlags): bool', (cx, hp: number, res: number, flags: number) => {
    const pv = prov(cx, hp);
    if (!pv) return cx.fail(0, NTE.BAD_UID);
    if (res) return cx.fail(0, ERROR_INVALID_PARAMETER);
    if (flags) return cx.fail(0, NTE.BAD_FLAGS);
    pv.refs++;
    return 1;
  }),
  fn(
    'CryptEnumProvidersW(u32 dwIndex, ptr pdwReserved, hex dwFlags, ptr pdwProvType, ptr pszProvName, ptr pcbProvName): bool',
    (cx, i: number, res: number, flags: number, ptype: number, pname: number, plen: number) => {
      if (res || !plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags) return cx.fail(0, NTE.BAD_FLAGS);
      const e = PROVIDER_LIST[i];
      if (!e) return cx.fail(0, ERROR_NO_MORE_ITEMS);
      if (ptype) cx.mem.setU32(ptype, e.type);
      return listOut(cx, pname, plen, e.name);
    },
  ),
  fn(
    'CryptEnumProviderTypesW(u32 dwIndex, ptr pdwReserved, hex dwFlags, ptr pdwProvType, ptr pszTypeName, ptr pcbTypeName): bool',
    (cx, i: number, res: number, flags: number, ptype: number, pname: number, plen: number) => {
      if (res || !plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags) return cx.fail(0, NTE.BAD_FLAGS);
      const e = PROV_TYPE_NAMES[i];
      if (!e) return cx.fail(0, ERROR_NO_MORE_ITEMS);
      if (ptype) cx.mem.setU32(ptype, e.type);
      return listOut(cx, pname, plen, e.name);
    },
  ),
  fn(
    'CryptGetDefaultProviderW(u32 dwProvType, ptr pdwReserved, hex dwFlags, ptr pszProvName, ptr pcbProvName): bool',
    (cx, type: number, res: number, flags: number, pname: number, plen: number) => {
      if (res || !plen) return cx.fail(0, ERROR_INVALID_PARAMETER);
      if (flags !== CRYPT_MACHINE_DEFAULT && flags !== CRYPT_USER_DEFAULT) return cx.fail(0, NTE.BAD_FLAGS);
      const name = defaultProvider(cx, type, flags === CRYPT_USER_DEFAULT);
      if (!name) return cx.fail(0, NTE.PROV_TYPE_NOT_DEF);
      return listOut(cx, pname, plen, name);
    },
  ),
  fn('CryptSetProviderW(ptr pszProvName, u32 dwProvType): bool', (cx, name: number, type: number) => setDefault(cx, name, type, 0, CRYPT_USER_DEFAULT)),
  fn('CryptSetProviderExW(ptr pszProvName, u32 dwProvType, ptr pdwReserved, hex dwFlags): bool', (cx, name: number, type: number, res: number, flags: number) =>
    setDefault(cx, name, type, res, flags),
  ),
];
