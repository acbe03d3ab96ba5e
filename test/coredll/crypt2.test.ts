/**
 * The CryptoAPI key functions (cryptkeys.ts) through crypt2.exe. The ROM checks the documented
 * behaviours and error codes itself; here the values it prints are checked against independent
 * implementations: node:crypto (AES, triple DES, RSA signatures and raw RSA) and the `openssl`
 * binary's legacy provider (RC2, RC4, single DES, which Node's OpenSSL 3 does not load), plus
 * RFC 2268's published RC2 vectors for the RC2 key schedule's effective key bits; CALG_MAC values are the
 * last block of the same ciphers' CBC encryption with PKCS#5 padding.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { constants, createCipheriv, createHash, createHmac, createPrivateKey, createPublicKey, privateDecrypt, publicDecrypt, verify } from 'node:crypto';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { blockCipher } from '../../emulator/dlls/coredll/ciphers.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'crypt2.exe');
const MSG = Buffer.concat([Buffer.from('The quick brown fox jumps over 37 b.'), Buffer.from([0])]);
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const IV = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex');

/** openssl enc with the legacy provider, or undefined when the binary or the provider is missing. */
function opensslEnc(cipher: string, key: Buffer, iv: Buffer | undefined, data: Buffer, pad = true): Buffer | undefined {
  const args = ['enc', `-${cipher}`, '-K', key.toString('hex'), '-provider', 'legacy', '-provider', 'default'];
  if (iv) args.push('-iv', iv.toString('hex'));
  if (!pad) args.push('-nopad');
  const r = spawnSync('openssl', args, { input: data });
  return r.status === 0 ? r.stdout : undefined;
}
const haveLegacy = opensslEnc('rc4', KEY.subarray(0, 16), undefined, Buffer.from('x')) !== undefined;

function nodeEnc(cipher: string, key: Buffer, iv: Buffer | null, data: Buffer, pad = true): Buffer {
  const c = createCipheriv(cipher, key, iv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(data), c.final()]);
}

/** `label value` lines of the run. */
function values(stdout: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const l of stdout.split('\n')) {
    const at = l.lastIndexOf(' ');
    if (/^(enc|derive|hashsk|hashsk-le|pubsig|sig|privkx|rsaenc|rsaoaep|hmac|hmac16|mac)\b/.test(l)) m.set(l.slice(0, at), Buffer.from(l.slice(at + 1), 'hex'));
  }
  return m;
}

/** A node public key from a PUBLICKEYBLOB (little-endian modulus after the 20-byte header). */
function publicKeyOf(blob: Buffer) {
  const bits = blob.readUInt32LE(12);
  const n = Buffer.from(blob.subarray(20, 20 + bits / 8)).reverse();
  const e = Buffer.alloc(4);
  e.writeUInt32BE(blob.readUInt32LE(16));
  return createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e: e.subarray(e.findIndex((x) => x !== 0)).toString('base64url') }, format: 'jwk' });
}
/** A node private key from a PRIVATEKEYBLOB. */
function privateKeyOf(blob: Buffer) {
  const bits = blob.readUInt32LE(12);
  const n = bits / 8;
  const h = n / 2;
  const le = (o: number, len: number) =>
    Buffer.from(blob.subarray(20 + o, 20 + o + len))
      .reverse()
      .toString('base64url');
  const jwk = {
    kty: 'RSA',
    n: le(0, n),
    e: 'AQAB',
    p: le(n, h),
    q: le(n + h, h),
    dp: le(n + 2 * h, h),
    dq: le(n + 3 * h, h),
    qi: le(n + 4 * h, h),
    d: le(n + 5 * h, n),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

describe('CryptoAPI keys (crypt2.exe)', () => {
  let out = '';
  let v = new Map<string, Buffer>();
  beforeAll(async () => {
    const r = await runExecutable(rom, { deterministic: true });
    out = r.stdout;
    v = values(out);
    expect(r.exitCode).toBe(0);
  }, 60_000);

  it('passes every self-check, error paths included', () => {
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(200);
    expect(out).toContain('crypt2: 0 failures');
  });

  it('AES and triple DES ciphertexts (CBC across two calls, PKCS#5 padding, ECB, CFB-8) decrypt with node:crypto', () => {
    expect(v.get('enc aes128')).toEqual(nodeEnc('aes-128-cbc', KEY.subarray(0, 16), IV, MSG));
    expect(v.get('enc aes192')).toEqual(nodeEnc('aes-192-cbc', KEY.subarray(0, 24), IV, MSG));
    expect(v.get('enc aes256')).toEqual(nodeEnc('aes-256-cbc', KEY, IV, MSG));
    expect(v.get('enc 3des')).toEqual(nodeEnc('des-ede3-cbc', KEY.subarray(0, 24), IV.subarray(0, 8), MSG));
    expect(v.get('enc 3des112')).toEqual(nodeEnc('des-ede-cbc', KEY.subarray(0, 16), IV.subarray(0, 8), MSG));
    expect(v.get('enc aes128-ecb')).toEqual(nodeEnc('aes-128-ecb', KEY.subarray(0, 16), null, MSG.subarray(0, 32), false));
    // CFB-8 with PKCS#5 padding at Final (node's CFB is a stream mode: pad by hand).
    expect(v.get('enc aes128-cfb8')).toEqual(nodeEnc('aes-128-cfb8', KEY.subarray(0, 16), IV, Buffer.concat([MSG, Buffer.alloc(11, 11)])));
  });

  it.skipIf(!haveLegacy)('RC2, RC4 and DES ciphertexts match the openssl binary (legacy provider)', () => {
    expect(v.get('enc rc2')).toEqual(opensslEnc('rc2-cbc', KEY.subarray(0, 16), IV.subarray(0, 8), MSG));
    expect(v.get('enc rc4')).toEqual(opensslEnc('rc4', KEY.subarray(0, 16), undefined, MSG));
    expect(v.get('enc des')).toEqual(opensslEnc('des-cbc', KEY.subarray(0, 8), IV.subarray(0, 8), MSG));
    // A 40-bit RC4 key is used with its 11 zero salt bytes: a 16-byte RC4 key.
    expect(v.get('enc rc4-40salt')).toEqual(opensslEnc('rc4', Buffer.concat([KEY.subarray(0, 5), Buffer.alloc(11)]), undefined, MSG.subarray(0, 16)));
  });

  it('RC2 honours the effective key bits (RFC 2268 section 5 vectors)', () => {
    const vec: [string, number, string, string][] = [
      ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
      ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
      ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
      ['88', 64, '0000000000000000', '61a8a244adacccf0'],
      ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
      ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
      ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
    ];
    for (const [k, bits, pt, ct] of vec) {
      const c = blockCipher('rc2', Buffer.from(k, 'hex'), bits);
      expect(Buffer.from(c.encrypt(Buffer.from(pt, 'hex'))).toString('hex')).toBe(ct);
      expect(Buffer.from(c.decrypt(Buffer.from(ct, 'hex'))).toString('hex')).toBe(pt);
    }
  });

  it('CryptDeriveKey: the hash value, or the ipad/opad extension for 3DES/AES from MD5/SHA-1', () => {
    const h = (alg: string, d: Buffer | string) => createHash(alg).update(d).digest();
    const ext = (alg: string) => {
      const x = h(alg, 'password');
      const pad = (c: number) => h(alg, Buffer.from(Array.from({ length: 64 }, (_, i) => c ^ (x[i] ?? 0))));
      return Buffer.concat([pad(0x36), pad(0x5c)]);
    };
    const m32 = MSG.subarray(0, 32);
    const zero = (n: number) => Buffer.alloc(n);
    expect(v.get('derive sha1-3des')).toEqual(nodeEnc('des-ede3-cbc', ext('sha1').subarray(0, 24), zero(8), m32, false));
    expect(v.get('derive md5-aes128')).toEqual(nodeEnc('aes-128-cbc', ext('md5').subarray(0, 16), zero(16), m32, false));
    expect(v.get('derive sha1-aes256')).toEqual(nodeEnc('aes-256-cbc', ext('sha1').subarray(0, 32), zero(16), m32, false));
    expect(v.get('derive sha256-aes256')).toEqual(nodeEnc('aes-256-cbc', h('sha256', 'password'), zero(16), m32, false));
    if (haveLegacy) {
      expect(v.get('derive md5-rc4')).toEqual(opensslEnc('rc4', h('md5', 'password'), undefined, m32));
      expect(v.get('derive sha1-rc2')).toEqual(opensslEnc('rc2-cbc', h('sha1', 'password').subarray(0, 16), zero(8), m32, false));
      expect(v.get('derive sha1-des')).toEqual(opensslEnc('des-cbc', h('sha1', 'password').subarray(0, 8), zero(8), m32, false));
    }
  });

  it('CryptHashSessionKey hashes the key bytes reversed (CRYPT_LITTLE_ENDIAN: as stored)', () => {
    expect(v.get('hashsk 3des')).toEqual(
      createHash('sha1')
        .update(Buffer.from(KEY.subarray(0, 24)).reverse())
        .digest(),
    );
    expect(v.get('hashsk-le 3des')).toEqual(createHash('sha1').update(KEY.subarray(0, 24)).digest());
  });

  it('CALG_HMAC with HP_HMAC_INFO is RFC 2104 HMAC over the key bytes (a 40-byte CRYPT_IPSEC_HMAC_KEY key, a 16-byte one)', () => {
    const key40 = Buffer.concat([KEY, KEY.subarray(0, 8)]);
    expect(v.get('hmac md5')).toEqual(createHmac('md5', key40).update(MSG).digest());
    expect(v.get('hmac sha1')).toEqual(createHmac('sha1', key40).update(MSG).digest());
    expect(v.get('hmac sha256')).toEqual(createHmac('sha256', key40).update(MSG).digest());
    expect(v.get('hmac16 sha1')).toEqual(createHmac('sha1', KEY.subarray(0, 16)).update(MSG).digest());
  });

  // CALG_MAC: CBC-MAC, the last cipher block of the PKCS#5-padded message from the key's IV, computed here by
  // node:crypto (3DES, AES) and the openssl binary (DES, RC2), not by wmemu's ciphers.
  const lastBlock = (c: Buffer | undefined, n: number) => c && c.subarray(c.length - n);
  it('CALG_MAC with 3DES and AES keys is the CBC-MAC node:crypto computes (IV, padding, whole-block messages)', () => {
    expect(v.get('mac 3des')).toEqual(lastBlock(nodeEnc('des-ede3-cbc', KEY.subarray(0, 24), IV.subarray(0, 8), MSG), 8));
    expect(v.get('mac aes128')).toEqual(lastBlock(nodeEnc('aes-128-cbc', KEY.subarray(0, 16), IV, MSG), 16));
    // 32 bytes (whole blocks) from a zero IV: a whole padding block follows.
    const enc32 = nodeEnc('des-ede3-cbc', KEY.subarray(0, 24), Buffer.alloc(8), MSG.subarray(0, 32));
    expect(enc32).toHaveLength(40);
    expect(v.get('mac 3des32')).toEqual(lastBlock(enc32, 8));
  });

  it.skipIf(!haveLegacy)('CALG_MAC with DES and RC2 keys matches the openssl binary', () => {
    expect(v.get('mac des')).toEqual(lastBlock(opensslEnc('des-cbc', KEY.subarray(0, 8), IV.subarray(0, 8), MSG), 8));
    expect(v.get('mac rc2')).toEqual(lastBlock(opensslEnc('rc2-cbc', KEY.subarray(0, 16), IV.subarray(0, 8), MSG), 8));
  });

  it('the exported public key verifies the guest signatures on the host (bytes reversed, DigestInfo; CRYPT_NOHASHOID bare)', () => {
    const key = publicKeyOf(v.get('pubsig')!);
    const rev = (b: Buffer) => Buffer.from(b).reverse();
    const opts = { key, padding: constants.RSA_PKCS1_PADDING };
    expect(verify('sha1', MSG, opts, rev(v.get('sig sha1')!))).toBe(true);
    expect(verify('md5', MSG, opts, rev(v.get('sig md5')!))).toBe(true);
    expect(verify('sha256', MSG, opts, rev(v.get('sig sha256')!))).toBe(true);
    expect(verify('sha256', Buffer.from('other'), opts, rev(v.get('sig sha256')!))).toBe(false);
    expect(publicDecrypt(opts, rev(v.get('sig md5-nooid')!))).toEqual(createHash('md5').update(MSG).digest());
    // CALG_SSL3_SHAMD5: the 36 bytes set with HP_HASHVAL, signed bare.
    expect(publicDecrypt(opts, rev(v.get('sig shamd5')!))).toEqual(MSG.subarray(0, 36));
  });

  it('the PRIVATEKEYBLOB is a valid key that opens the guest RSA encryption (PKCS#1 type 2 and OAEP, reversed)', () => {
    const priv = privateKeyOf(v.get('privkx')!);
    const em = privateDecrypt({ key: priv, padding: constants.RSA_NO_PADDING }, Buffer.from(v.get('rsaenc')!).reverse());
    expect(em.subarray(0, 2)).toEqual(Buffer.from([0, 2]));
    const z = em.indexOf(0, 2);
    expect(z).toBeGreaterThanOrEqual(10);
    expect(em.subarray(2, z).includes(0)).toBe(false);
    expect(em.subarray(z + 1).toString()).toBe('session secret');
    // CRYPT_OAEP: OAEP with SHA-1 (node's default OAEP hash).
    const oaep = privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(v.get('rsaoaep')!).reverse());
    expect(oaep.toString()).toBe('session secret');
  });

  it('key pairs come from the run generator: the same under --deterministic, others with another seed', async () => {
    const again = values((await runExecutable(rom, { deterministic: true })).stdout);
    const other = values((await runExecutable(rom, { randomSeed: 0x1234_5678 })).stdout);
    expect(again.get('pubsig')).toEqual(v.get('pubsig'));
    expect(again.get('rsaenc')).toEqual(v.get('rsaenc'));
    expect(other.get('pubsig')).toBeDefined();
    expect(other.get('pubsig')).not.toEqual(v.get('pubsig'));
  }, 120_000);
});
