/**
 * The symmetric ciphers and the RSA arithmetic behind the CryptoAPI key functions (cryptkeys.ts).
 *
 *  - Block ciphers as one-block functions (the CryptoAPI chains them itself: CBC/ECB/CFB-8 in
 *    cryptkeys.ts): AES and triple DES on node:crypto's ECB ciphers; single DES as triple DES with
 *    K1 = K2 = K3 (E(K, D(K, E(K, x))) = E(K, x)), because the host's OpenSSL 3 keeps single DES,
 *    RC2 and RC4 in its legacy provider, which Node does not load. RC2 (RFC 2268, effective key
 *    bits included) and RC4 are therefore implemented here; the test checks them against the
 *    `openssl` binary's legacy provider.
 *  - RSA on BigInt: key generation from the run's seeded generator (so --deterministic runs produce
 *    the same key pairs), Miller-Rabin primes, CRT private operations, PKCS#1 v1.5 padding (block
 *    type 1 for signatures, type 2 for key encryption).
 */
import { createCipheriv, createDecipheriv, createHash, type Cipher, type Decipher } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// RC4
// ---------------------------------------------------------------------------------------------

export interface Rc4State {
  s: Uint8Array;
  i: number;
  j: number;
}

export function rc4Init(key: Uint8Array): Rc4State {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  return { s, i: 0, j: 0 };
}

/** XORs the key stream into `data` in place. */
export function rc4Crypt(st: Rc4State, data: Uint8Array): void {
  const s = st.s;
  let { i, j } = st;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    data[k]! ^= s[(s[i]! + s[j]!) & 0xff]!;
  }
  st.i = i;
  st.j = j;
}

// ---------------------------------------------------------------------------------------------
// RC2 (RFC 2268)
// ---------------------------------------------------------------------------------------------

/** RFC 2268 section 2's PITABLE (a permutation of 0..255 from the digits of pi). */
const PITABLE = Uint8Array.from(
  [
    'd978f9c419ddb5ed28e9fd794aa0d89d',
    'c67e37832b76538e624c6488448bfba2',
    '179a59f587b34f1361456d8d09817d32',
    'bd8f40eb86b77b0bf09521225c6b4e82',
    '54d66593ce60b21c7356c014a78cf1dc',
    '1275ca1f3bbee4d1423dd430a33cb626',
    '6fbf0eda4669075727f21d9bbc944303',
    'f811c7f690ef3ee706c3d52fc8661ed7',
    '08e8eade8052eef784aa72ac354d6a2a',
    '961ad2715a1549744b9fd05e0418a4ec',
    'c2e0416e0f51cbcc2491af50a1f47039',
    '997c3a8523b8b47afc02365b25559731',
    '2d5dfa98e38a92ae05df2910676cbac9',
    'd300e6cfe19ea82c6316013f58e289a9',
    '0d38341bab33ffb0bb480c5fb9b1cd2e',
    'c5f3db47e5a59c770aa62068fe7fc1ad',
  ]
    .join('')
    .match(/../g)!,
  (x) => parseInt(x, 16),
);

/** The 64 expanded key words of `key` with `bits` effective key bits (RFC 2268 section 2). */
export function rc2Expand(key: Uint8Array, bits: number): Uint16Array {
  const t = key.length;
  const l = new Uint8Array(128);
  l.set(key);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  const t8 = (bits + 7) >> 3;
  const tm = 0xff >> (8 * t8 - bits);
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

const RC2_S = [1, 2, 3, 5];

function rc2Encrypt(k: Uint16Array, b: Uint8Array): Uint8Array {
  const r = [0, 1, 2, 3].map((i) => b[2 * i]! | (b[2 * i + 1]! << 8));
  let j = 0;
  const mix = (): void => {
    for (let i = 0; i < 4; i++) {
      const x = (r[i]! + k[j++]! + (r[(i + 3) & 3]! & r[(i + 2) & 3]!) + (~r[(i + 3) & 3]! & r[(i + 1) & 3]!)) & 0xffff;
      r[i] = ((x << RC2_S[i]!) | (x >>> (16 - RC2_S[i]!))) & 0xffff;
    }
  };
  const mash = (): void => {
    for (let i = 0; i < 4; i++) r[i] = (r[i]! + k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 16; n++) {
    mix();
    if (n === 4 || n === 10) mash();
  }
  return Uint8Array.from([0, 1, 2, 3].flatMap((i) => [r[i]! & 0xff, r[i]! >>> 8]));
}

function rc2Decrypt(k: Uint16Array, b: Uint8Array): Uint8Array {
  const r = [0, 1, 2, 3].map((i) => b[2 * i]! | (b[2 * i + 1]! << 8));
  let j = 63;
  const rmix = (): void => {
    for (let i = 3; i >= 0; i--) {
      const x = r[i]!;
      r[i] = ((x >>> RC2_S[i]!) | (x << (16 - RC2_S[i]!))) & 0xffff;
      r[i] = (r[i]! - k[j--]! - (r[(i + 3) & 3]! & r[(i + 2) & 3]!) - (~r[(i + 3) & 3]! & r[(i + 1) & 3]!)) & 0xffff;
    }
  };
  const rmash = (): void => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i]! - k[r[(i + 3) & 3]! & 63]!) & 0xffff;
  };
  for (let n = 0; n < 16; n++) {
    rmix();
    if (n === 4 || n === 10) rmash();
  }
  return Uint8Array.from([0, 1, 2, 3].flatMap((i) => [r[i]! & 0xff, r[i]! >>> 8]));
}

// ---------------------------------------------------------------------------------------------
// One-block functions
// ---------------------------------------------------------------------------------------------

export interface BlockCipher {
  size: number;
  encrypt(block: Uint8Array): Uint8Array;
  decrypt(block: Uint8Array): Uint8Array;
}

function nodeEcb(name: string, key: Buffer, size: number): BlockCipher {
  let enc: Cipher | undefined;
  let dec: Decipher | undefined;
  return {
    size,
    encrypt(block) {
      if (!enc) (enc = createCipheriv(name, key, null)).setAutoPadding(false);
      return enc.update(block);
    },
    decrypt(block) {
      if (!dec) (dec = createDecipheriv(name, key, null)).setAutoPadding(false);
      return dec.update(block);
    },
  };
}

export type SymAlg = 'rc2' | 'des' | '3des112' | '3des' | 'aes';

/** The block function of `alg` for `key` (RC2: `effBits` effective key bits). */
export function blockCipher(alg: Exclude<SymAlg, never>, key: Uint8Array, effBits = key.length * 8): BlockCipher {
  const k = Buffer.from(key);
  switch (alg) {
    case 'rc2': {
      const x = rc2Expand(key, effBits);
      return { size: 8, encrypt: (b) => rc2Encrypt(x, b), decrypt: (b) => rc2Decrypt(x, b) };
    }
    case 'des':
      return nodeEcb('des-ede3', Buffer.concat([k, k, k]), 8);
    case '3des112':
      return nodeEcb('des-ede', k, 8);
    case '3des':
      return nodeEcb('des-ede3', k, 8);
    case 'aes':
      return nodeEcb(`aes-${key.length * 8}-ecb`, k, 16);
  }
}

// ---------------------------------------------------------------------------------------------
// RSA
// ---------------------------------------------------------------------------------------------

export interface RsaKey {
  bits: number;
  n: bigint;
  e: bigint;
  /** Private half (absent for a public key). */
  d?: bigint;
  p?: bigint;
  q?: bigint;
  dp?: bigint;
  dq?: bigint;
  qi?: bigint;
}

export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

export function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return ((s0 % m) + m) % m;
}

const SMALL_PRIMES: number[] = [];
for (let n = 3; n < 2000; n += 2) if (SMALL_PRIMES.every((p) => n % p !== 0)) SMALL_PRIMES.push(n);

/** A random value of `bits` bits from `u32` (the run's generator). */
function randomBits(u32: () => number, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 32) v = (v << 32n) | BigInt(u32() >>> 0);
  return v & ((1n << BigInt(bits)) - 1n);
}

function probablePrime(n: bigint, u32: () => number): boolean {
  for (const p of SMALL_PRIMES) if (n % BigInt(p) === 0n) return n === BigInt(p);
  let d = n - 1n;
  let s = 0;
  while (!(d & 1n)) {
    d >>= 1n;
    s++;
  }
  const bits = n.toString(2).length;
  // FIPS 186-4 table C.3: at least 5 rounds for 512-bit and larger candidates; small keys get more.
  const rounds = bits >= 512 ? 8 : 20;
  outer: for (let k = 0; k < rounds; k++) {
    const a = 2n + (randomBits(u32, bits) % (n - 3n));
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

function randomPrime(u32: () => number, bits: number, e: bigint): bigint {
  for (;;) {
    // Top two bits set (the product has exactly 2 * bits bits), odd.
    const c = randomBits(u32, bits) | (3n << BigInt(bits - 2)) | 1n;
    if ((c - 1n) % e === 0n) continue;
    if (probablePrime(c, u32)) return c;
  }
}

/** An RSA key pair of `bits` bits (public exponent 65537, as the Microsoft providers use). */
export function rsaGenerate(u32: () => number, bits: number): RsaKey {
  const e = 65537n;
  for (;;) {
    const p = randomPrime(u32, bits - (bits >> 1), e);
    const q = randomPrime(u32, bits >> 1, e);
    if (p === q) continue;
    const n = p * q;
    if (n.toString(2).length !== bits) continue;
    return rsaComplete({ bits, n, e, p: p > q ? p : q, q: p > q ? q : p });
  }
}

/** Fills in d and the CRT values from n, e, p, q. */
export function rsaComplete(k: RsaKey & { p: bigint; q: bigint }): RsaKey {
  const d = modInv(k.e, (k.p - 1n) * (k.q - 1n));
  return { ...k, d, dp: d % (k.p - 1n), dq: d % (k.q - 1n), qi: modInv(k.q, k.p) };
}

export function rsaPublic(k: RsaKey, m: bigint): bigint {
  return modPow(m, k.e, k.n);
}

export function rsaPrivate(k: RsaKey, c: bigint): bigint {
  if (k.p === undefined || k.q === undefined || k.dp === undefined || k.dq === undefined || k.qi === undefined) return modPow(c, k.d!, k.n);
  const m1 = modPow(c, k.dp, k.p);
  const m2 = modPow(c, k.dq, k.q);
  const h = (((m1 - m2) % k.p) + k.p) % k.p;
  return m2 + ((k.qi * h) % k.p) * k.q;
}

/** Big-endian bytes of `v`, `len` long. */
export function toBytesBE(v: bigint, len: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = len - 1; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return b;
}
export function fromBytesBE(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}
/** Little-endian (CryptoAPI blob order) conversions. */
export function toBytesLE(v: bigint, len: number): Buffer {
  return toBytesBE(v, len).reverse();
}
export function fromBytesLE(b: Uint8Array): bigint {
  return fromBytesBE(Uint8Array.from(b).reverse());
}

/** DER DigestInfo prefixes (PKCS#1 v2.2 section 9.2, note 1) by CryptoAPI hash ALG_ID. */
export const DIGEST_INFO = new Map<number, Buffer>([
  [0x8003, Buffer.from('3020300c06082a864886f70d020505000410', 'hex')],
  [0x8004, Buffer.from('3021300906052b0e03021a05000414', 'hex')],
  [0x800c, Buffer.from('3031300d060960864801650304020105000420', 'hex')],
  [0x800d, Buffer.from('3041300d060960864801650304020205000430', 'hex')],
  [0x800e, Buffer.from('3051300d060960864801650304020305000440', 'hex')],
]);

/** EMSA-PKCS1-v1_5 (block type 1) of `t` into a `k`-byte block; undefined when it does not fit. */
export function pkcs1Type1(t: Buffer, k: number): Buffer | undefined {
  if (t.length > k - 11) return undefined;
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - 3 - t.length, 0xff), Buffer.from([0]), t]);
}

/** RSAES-PKCS1-v1_5 (block type 2) of `m` with nonzero random padding from `u32`. */
export function pkcs1Type2(m: Buffer, k: number, u32: () => number): Buffer | undefined {
  if (m.length > k - 11) return undefined;
  const ps = Buffer.alloc(k - 3 - m.length);
  for (let i = 0; i < ps.length; i++) {
    let b = 0;
    while (b === 0) b = u32() & 0xff;
    ps[i] = b;
  }
  return Buffer.concat([Buffer.from([0, 2]), ps, Buffer.from([0]), m]);
}

/** The message of a type-2 block, or undefined when the block is malformed. */
export function pkcs1Type2Unpad(em: Buffer): Buffer | undefined {
  if (em[0] !== 0 || em[1] !== 2) return undefined;
  const z = em.indexOf(0, 2);
  if (z < 10) return undefined;
  return em.subarray(z + 1);
}

/** MGF1 with SHA-1 (PKCS#1 v2.2 appendix B.2.1). */
function mgf1(seed: Buffer, len: number): Buffer {
  const out: Buffer[] = [];
  for (let c = 0; out.length * 20 < len; c++) {
    const ctr = Buffer.alloc(4);
    ctr.writeUInt32BE(c);
    out.push(createHash('sha1').update(seed).update(ctr).digest());
  }
  return Buffer.concat(out).subarray(0, len);
}

/** EME-OAEP (SHA-1, empty label: what CRYPT_OAEP means for the Microsoft providers) of `m`; undefined when too long. */
export function oaepPad(m: Buffer, k: number, u32: () => number): Buffer | undefined {
  if (m.length > k - 42) return undefined;
  const db = Buffer.concat([createHash('sha1').digest(), Buffer.alloc(k - m.length - 42), Buffer.from([1]), m]);
  const seed = Buffer.alloc(20);
  for (let i = 0; i < 20; i++) seed[i] = u32() & 0xff;
  const mdb = Buffer.from(db.map((x, i) => x ^ mgf1(seed, db.length)[i]!));
  const ms = Buffer.from(seed.map((x, i) => x ^ mgf1(mdb, 20)[i]!));
  return Buffer.concat([Buffer.from([0]), ms, mdb]);
}

/** The message of an EME-OAEP block, or undefined when it does not decode. */
export function oaepUnpad(em: Buffer): Buffer | undefined {
  if (em.length < 42 || em[0] !== 0) return undefined;
  const ms = em.subarray(1, 21);
  const mdb = em.subarray(21);
  const seedMask = mgf1(mdb, 20);
  const seed = Buffer.from(ms.map((x, i) => x ^ seedMask[i]!));
  const dbMask = mgf1(seed, mdb.length);
  const db = Buffer.from(mdb.map((x, i) => x ^ dbMask[i]!));
  if (!db.subarray(0, 20).equals(createHash('sha1').digest())) return undefined;
  let i = 20;
  while (i < db.length && db[i] === 0) i++;
  if (db[i] !== 1) return undefined;
  return db.subarray(i + 1);
}
