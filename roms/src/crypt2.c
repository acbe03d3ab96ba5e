/* crypt2.c — the CryptoAPI key functions (issue 12): key containers and RSA key pairs
 * (CryptGenKey, CryptGetUserKey), blobs (PUBLICKEYBLOB, PRIVATEKEYBLOB, SIMPLEBLOB,
 * PLAINTEXTKEYBLOB), session keys (RC2, RC4, DES, 3DES_112, 3DES, AES-128/192/256) with CBC, ECB and
 * CFB, the Final flag across calls, CryptDeriveKey, signatures, key and provider parameters, the
 * provider list and defaults. Error paths included; the expected error codes come from the
 * CryptoAPI documentation and Wine's rsaenh tests. Prints ok/FAIL lines and the values the host
 * test checks with independent implementations (node:crypto, the openssl binary): public keys,
 * signatures, ciphertexts. Exit code = failures. */
#include <windows.h>
#include <ce_crt.h>
#include <string.h>
#include <wchar.h>
#include <stdio.h>

typedef ULONG_PTR HCRYPTPROV, HCRYPTKEY, HCRYPTHASH;
typedef unsigned int ALG_ID;
WINBASEAPI BOOL WINAPI CryptAcquireContextW(HCRYPTPROV *p, LPCWSTR cont, LPCWSTR prov, DWORD type, DWORD flags);
WINBASEAPI BOOL WINAPI CryptReleaseContext(HCRYPTPROV p, DWORD flags);
WINBASEAPI BOOL WINAPI CryptContextAddRef(HCRYPTPROV p, DWORD *res, DWORD flags);
WINBASEAPI BOOL WINAPI CryptGenKey(HCRYPTPROV p, ALG_ID alg, DWORD flags, HCRYPTKEY *k);
WINBASEAPI BOOL WINAPI CryptDeriveKey(HCRYPTPROV p, ALG_ID alg, HCRYPTHASH h, DWORD flags, HCRYPTKEY *k);
WINBASEAPI BOOL WINAPI CryptDestroyKey(HCRYPTKEY k);
WINBASEAPI BOOL WINAPI CryptGetUserKey(HCRYPTPROV p, DWORD spec, HCRYPTKEY *k);
WINBASEAPI BOOL WINAPI CryptExportKey(HCRYPTKEY k, HCRYPTKEY x, DWORD type, DWORD flags, BYTE *d, DWORD *n);
WINBASEAPI BOOL WINAPI CryptImportKey(HCRYPTPROV p, const BYTE *d, DWORD n, HCRYPTKEY pub, DWORD flags, HCRYPTKEY *k);
WINBASEAPI BOOL WINAPI CryptGetKeyParam(HCRYPTKEY k, DWORD param, BYTE *d, DWORD *n, DWORD flags);
WINBASEAPI BOOL WINAPI CryptSetKeyParam(HCRYPTKEY k, DWORD param, const BYTE *d, DWORD flags);
WINBASEAPI BOOL WINAPI CryptGetProvParam(HCRYPTPROV p, DWORD param, BYTE *d, DWORD *n, DWORD flags);
WINBASEAPI BOOL WINAPI CryptSetProvParam(HCRYPTPROV p, DWORD param, const BYTE *d, DWORD flags);
WINBASEAPI BOOL WINAPI CryptEncrypt(HCRYPTKEY k, HCRYPTHASH h, BOOL final, DWORD flags, BYTE *d, DWORD *n, DWORD buf);
WINBASEAPI BOOL WINAPI CryptDecrypt(HCRYPTKEY k, HCRYPTHASH h, BOOL final, DWORD flags, BYTE *d, DWORD *n);
WINBASEAPI BOOL WINAPI CryptCreateHash(HCRYPTPROV p, ALG_ID alg, HCRYPTKEY k, DWORD flags, HCRYPTHASH *h);
WINBASEAPI BOOL WINAPI CryptHashData(HCRYPTHASH h, const BYTE *d, DWORD n, DWORD flags);
WINBASEAPI BOOL WINAPI CryptGetHashParam(HCRYPTHASH h, DWORD param, BYTE *d, DWORD *n, DWORD flags);
WINBASEAPI BOOL WINAPI CryptSetHashParam(HCRYPTHASH h, DWORD param, const BYTE *d, DWORD flags);
WINBASEAPI BOOL WINAPI CryptDestroyHash(HCRYPTHASH h);
WINBASEAPI BOOL WINAPI CryptDuplicateHash(HCRYPTHASH h, DWORD *res, DWORD flags, HCRYPTHASH *out);
WINBASEAPI BOOL WINAPI CryptDuplicateKey(HCRYPTKEY k, DWORD *res, DWORD flags, HCRYPTKEY *out);
WINBASEAPI BOOL WINAPI CryptHashSessionKey(HCRYPTHASH h, HCRYPTKEY k, DWORD flags);
WINBASEAPI BOOL WINAPI CryptSignHashW(HCRYPTHASH h, DWORD spec, LPCWSTR desc, DWORD flags, BYTE *sig, DWORD *n);
WINBASEAPI BOOL WINAPI CryptVerifySignatureW(HCRYPTHASH h, const BYTE *sig, DWORD n, HCRYPTKEY k, LPCWSTR desc, DWORD flags);
WINBASEAPI BOOL WINAPI CryptEnumProvidersW(DWORD i, DWORD *res, DWORD flags, DWORD *type, LPWSTR name, DWORD *n);
WINBASEAPI BOOL WINAPI CryptEnumProviderTypesW(DWORD i, DWORD *res, DWORD flags, DWORD *type, LPWSTR name, DWORD *n);
WINBASEAPI BOOL WINAPI CryptGetDefaultProviderW(DWORD type, DWORD *res, DWORD flags, LPWSTR name, DWORD *n);
WINBASEAPI BOOL WINAPI CryptSetProviderW(LPCWSTR name, DWORD type);
WINBASEAPI BOOL WINAPI CryptSetProviderExW(LPCWSTR name, DWORD type, DWORD *res, DWORD flags);

#define PROV_RSA_FULL 1
#define PROV_RSA_AES 24
#define MS_DEF_PROV L"Microsoft Base Cryptographic Provider v1.0"
#define MS_ENH_PROV L"Microsoft Enhanced Cryptographic Provider v1.0"
#define MS_AES_PROV L"Microsoft Enhanced RSA and AES Cryptographic Provider"
#define CRYPT_VERIFYCONTEXT 0xF0000000
#define CRYPT_NEWKEYSET 0x8
#define CRYPT_DELETEKEYSET 0x10
#define CRYPT_EXPORTABLE 1
#define CRYPT_NO_SALT 0x10
#define CRYPT_NOHASHOID 1
#define CRYPT_OAEP 0x40
#define CRYPT_LITTLE_ENDIAN 1
#define CRYPT_FIRST 1
#define CRYPT_MACHINE_DEFAULT 1
#define CRYPT_USER_DEFAULT 2
#define CRYPT_DELETE_DEFAULT 4
#define AT_KEYEXCHANGE 1
#define AT_SIGNATURE 2
#define CALG_MD5 0x8003
#define CALG_SHA1 0x8004
#define CALG_SHA_256 0x800c
#define CALG_RSA_SIGN 0x2400
#define CALG_RSA_KEYX 0xa400
#define CALG_DES 0x6601
#define CALG_RC2 0x6602
#define CALG_3DES 0x6603
#define CALG_3DES_112 0x6609
#define CALG_RC4 0x6801
#define CALG_AES_128 0x660e
#define CALG_AES_192 0x660f
#define CALG_AES_256 0x6610
#define SIMPLEBLOB 1
#define PUBLICKEYBLOB 6
#define PRIVATEKEYBLOB 7
#define PLAINTEXTKEYBLOB 8
#define KP_IV 1
#define KP_SALT 2
#define KP_PADDING 3
#define KP_MODE 4
#define KP_PERMISSIONS 6
#define KP_ALGID 7
#define KP_BLOCKLEN 8
#define KP_KEYLEN 9
#define KP_EFFECTIVE_KEYLEN 19
#define CRYPT_MODE_CBC 1
#define CRYPT_MODE_ECB 2
#define CRYPT_MODE_CFB 4
#define CRYPT_EXPORT 4
#define HP_HASHVAL 2
#define PP_ENUMALGS 1
#define PP_ENUMCONTAINERS 2
#define PP_NAME 4
#define PP_CONTAINER 6
#define PP_PROVTYPE 16
#define PP_ENUMALGS_EX 22
#define PP_KEYSPEC 39
#define NTE_BAD_UID 0x80090001
#define NTE_BAD_HASH 0x80090002
#define NTE_BAD_KEY 0x80090003
#define NTE_BAD_LEN 0x80090004
#define NTE_BAD_DATA 0x80090005
#define NTE_BAD_SIGNATURE 0x80090006
#define NTE_BAD_ALGID 0x80090008
#define NTE_BAD_FLAGS 0x80090009
#define NTE_BAD_TYPE 0x8009000A
#define NTE_BAD_KEY_STATE 0x8009000B
#define NTE_NO_KEY 0x8009000D
#define NTE_BAD_PUBLIC_KEY 0x80090015
#define NTE_BAD_KEYSET 0x80090016
#define NTE_PROV_TYPE_NOT_DEF 0x80090017
#define NTE_PROV_TYPE_NO_MATCH 0x8009001B
#define ERROR_MORE_DATA 234
#define ERROR_NO_MORE_ITEMS 259
#define ERROR_INVALID_PARAMETER 87

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %08lx)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }
static void hexline(const char *label, const BYTE *b, DWORD n)
{
    DWORD i;
    printf("%s ", label);
    for (i = 0; i < n; i++) printf("%02x", b[i]);
    printf("\n");
}
static DWORD dw(HCRYPTKEY k, DWORD param)
{
    DWORD v = 0xdeadbeef, n = sizeof v;
    if (!CryptGetKeyParam(k, param, (BYTE *)&v, &n, 0)) return 0xffffffff;
    return v;
}

static const BYTE MSG[37] = "The quick brown fox jumps over 37 b.";
static const BYTE KEYBYTES[32] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
                                   0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f };
static const BYTE IV[16] = { 0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87, 0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f };

/* A key from a PLAINTEXTKEYBLOB of the first `len` KEYBYTES. */
static HCRYPTKEY plainkey(HCRYPTPROV p, ALG_ID alg, DWORD len, DWORD flags)
{
    BYTE blob[12 + 32];
    HCRYPTKEY k = 0;
    blob[0] = PLAINTEXTKEYBLOB; blob[1] = 2; blob[2] = blob[3] = 0;
    memcpy(blob + 4, &alg, 4);
    memcpy(blob + 8, &len, 4);
    memcpy(blob + 12, KEYBYTES, len);
    if (!CryptImportKey(p, blob, 12 + len, 0, flags, &k)) return 0;
    return k;
}

/* ---------------------------------------------------------------- session keys */
static void session(HCRYPTPROV p)
{
    static const struct { const char *name; ALG_ID alg; DWORD len; DWORD block; DWORD bits; } algs[] = {
        { "rc2", CALG_RC2, 16, 8, 128 }, { "rc4", CALG_RC4, 16, 0, 128 }, { "des", CALG_DES, 8, 8, 64 },
        { "3des112", CALG_3DES_112, 16, 8, 128 }, { "3des", CALG_3DES, 24, 8, 192 }, { "aes128", CALG_AES_128, 16, 16, 128 },
        { "aes192", CALG_AES_192, 24, 16, 192 }, { "aes256", CALG_AES_256, 32, 16, 256 },
    };
    char label[64];
    unsigned i;
    for (i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        BYTE buf[64], dec[64];
        DWORD n, total, m;
        HCRYPTKEY k = plainkey(p, algs[i].alg, algs[i].len, CRYPT_EXPORTABLE);
        sprintf(label, "%s: PLAINTEXTKEYBLOB import", algs[i].name);
        check(k != 0, label);
        if (!k) continue;
        sprintf(label, "%s: KP_ALGID, KP_KEYLEN %lu, KP_BLOCKLEN %lu", algs[i].name, algs[i].bits, algs[i].block * 8);
        check(dw(k, KP_ALGID) == algs[i].alg && dw(k, KP_KEYLEN) == algs[i].bits && dw(k, KP_BLOCKLEN) == algs[i].block * 8, label);
        if (algs[i].block) CryptSetKeyParam(k, KP_IV, IV, 0);
        /* 32 bytes not final, then the last 5 final: the chaining carries across the calls */
        memcpy(buf, MSG, sizeof MSG);
        n = 32;
        sprintf(label, "%s: CryptEncrypt not final (32 bytes)", algs[i].name);
        check(CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf) && n == 32, label);
        n = 5;
        sprintf(label, "%s: CryptEncrypt final (5 bytes + padding)", algs[i].name);
        check(CryptEncrypt(k, 0, TRUE, 0, buf + 32, &n, sizeof buf - 32) && n == (algs[i].block ? algs[i].block * ((5 / algs[i].block) + 1) : 5), label);
        total = 32 + n;
        sprintf(label, "enc %s", algs[i].name);
        hexline(label, buf, total);
        /* decrypting in one call gives the message back */
        memcpy(dec, buf, total);
        m = total;
        sprintf(label, "%s: CryptDecrypt final restores the message", algs[i].name);
        check(CryptDecrypt(k, 0, TRUE, 0, dec, &m) && m == sizeof MSG && memcmp(dec, MSG, sizeof MSG) == 0, label);
        if (algs[i].block) {
            n = 5;
            sprintf(label, "%s: not final, partial block: NTE_BAD_DATA", algs[i].name);
            check(fails_with(CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf), NTE_BAD_DATA), label);
            n = 5;
            sprintf(label, "%s: CryptEncrypt(NULL) gives the padded size", algs[i].name);
            check(CryptEncrypt(k, 0, TRUE, 0, NULL, &n, 0) && n == algs[i].block, label);
            n = 5;
            sprintf(label, "%s: buffer too small: ERROR_MORE_DATA and the size", algs[i].name);
            check(fails_with(CryptEncrypt(k, 0, TRUE, 0, buf, &n, 5), ERROR_MORE_DATA) && n == algs[i].block, label);
            memcpy(dec, buf, total);
            dec[total - 1] ^= 0x55;
            m = total;
            sprintf(label, "%s: bad padding: NTE_BAD_DATA", algs[i].name);
            check(fails_with(CryptDecrypt(k, 0, TRUE, 0, dec, &m), NTE_BAD_DATA), label);
            m = 3;
            sprintf(label, "%s: CryptDecrypt of a partial block: NTE_BAD_DATA", algs[i].name);
            check(fails_with(CryptDecrypt(k, 0, TRUE, 0, dec, &m), NTE_BAD_DATA), label);
        }
        CryptDestroyKey(k);
    }
}

static void modes(HCRYPTPROV p)
{
    BYTE buf[64], b2[64];
    DWORD n, v, m;
    HCRYPTKEY k = plainkey(p, CALG_AES_128, 16, 0), d = 0;
    check(dw(k, KP_MODE) == CRYPT_MODE_CBC, "AES: KP_MODE defaults to CBC");
    check(dw(k, KP_PADDING) == 1, "AES: KP_PADDING is PKCS5_PADDING");
    v = CRYPT_MODE_ECB;
    check(CryptSetKeyParam(k, KP_MODE, (BYTE *)&v, 0), "AES: KP_MODE ECB");
    memcpy(buf, MSG, 32);
    n = 32;
    check(CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf), "AES ECB: CryptEncrypt");
    hexline("enc aes128-ecb", buf, 32);
    v = CRYPT_MODE_CFB;
    check(CryptSetKeyParam(k, KP_MODE, (BYTE *)&v, 0), "AES: KP_MODE CFB");
    CryptSetKeyParam(k, KP_IV, IV, 0);
    memcpy(buf, MSG, sizeof MSG);
    n = 32;
    check(CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf) && n == 32, "AES CFB-8: 32 bytes not final");
    n = 5;
    check(CryptEncrypt(k, 0, TRUE, 0, buf + 32, &n, sizeof buf - 32) && n == 16, "AES CFB-8: final pads to the block, as CBC does");
    hexline("enc aes128-cfb8", buf, 48);
    m = 16;
    check(CryptDecrypt(k, 0, FALSE, 0, buf, &m) && m == 16, "AES CFB-8: decrypt 16 not final");
    m = 32;
    check(CryptDecrypt(k, 0, TRUE, 0, buf + 16, &m) && m == sizeof MSG - 16 && memcmp(buf, MSG, sizeof MSG) == 0, "AES CFB-8: round trip across calls");
    v = 3 /* CRYPT_MODE_OFB */;
    check(CryptSetKeyParam(k, KP_MODE, (BYTE *)&v, 0), "KP_MODE OFB can be set");
    n = 16;
    check(fails_with(CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf), NTE_BAD_ALGID), "encrypting in OFB: NTE_BAD_ALGID");
    v = 2;
    check(fails_with(CryptSetKeyParam(k, KP_PADDING, (BYTE *)&v, 0), NTE_BAD_DATA), "KP_PADDING 2: NTE_BAD_DATA");
    check(fails_with(CryptSetKeyParam(k, 9999, (BYTE *)&v, 0), NTE_BAD_TYPE), "CryptSetKeyParam(9999): NTE_BAD_TYPE");
    check(fails_with(CryptSetKeyParam(k, KP_MODE, (BYTE *)&v, 1), NTE_BAD_FLAGS), "CryptSetKeyParam(flags 1): NTE_BAD_FLAGS");
    n = 4;
    check(fails_with(CryptGetKeyParam(k, KP_IV, buf, &n, 0), ERROR_MORE_DATA) && n == 16, "KP_IV in 4 bytes: ERROR_MORE_DATA, 16");
    v = CRYPT_MODE_CBC;
    CryptSetKeyParam(k, KP_MODE, (BYTE *)&v, 0);
    /* a duplicate made mid-message continues the chain on its own */
    memcpy(buf, MSG, 32);
    n = 16;
    CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf);
    check(CryptDuplicateKey(k, NULL, 0, &d), "CryptDuplicateKey mid-message");
    memcpy(b2, buf, 32);
    n = 16;
    check(CryptEncrypt(k, 0, FALSE, 0, buf + 16, &n, 16) && (n = 16, CryptEncrypt(d, 0, FALSE, 0, b2 + 16, &n, 16)) && memcmp(buf, b2, 32) == 0,
          "the duplicate continues the same chain");
    check(fails_with(CryptDuplicateKey(k, (DWORD *)buf, 0, &d), ERROR_INVALID_PARAMETER), "CryptDuplicateKey(reserved): ERROR_INVALID_PARAMETER");
    CryptDestroyKey(d);
    /* not exportable */
    n = sizeof buf;
    check(fails_with(CryptExportKey(k, 0, PLAINTEXTKEYBLOB, 0, buf, &n), NTE_BAD_KEY_STATE), "PLAINTEXTKEYBLOB of a non-exportable key: NTE_BAD_KEY_STATE");
    check(dw(k, KP_PERMISSIONS) == 0x3b, "KP_PERMISSIONS: encrypt, decrypt, read, write, MAC");
    v = 0x3b & ~1;
    check(CryptSetKeyParam(k, KP_PERMISSIONS, (BYTE *)&v, 0), "KP_PERMISSIONS without CRYPT_ENCRYPT");
    n = 16;
    check(fails_with(CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf), 0x80090010), "CryptEncrypt without CRYPT_ENCRYPT: NTE_PERM");
    v = 0x3b | CRYPT_EXPORT;
    check(fails_with(CryptSetKeyParam(k, KP_PERMISSIONS, (BYTE *)&v, 0), NTE_BAD_DATA), "KP_PERMISSIONS cannot add CRYPT_EXPORT: NTE_BAD_DATA");
    CryptDestroyKey(k);
    check(fails_with(CryptDestroyKey(k), NTE_BAD_KEY), "CryptDestroyKey twice: NTE_BAD_KEY");
    check(fails_with(CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf), NTE_BAD_KEY), "CryptEncrypt(destroyed key): NTE_BAD_KEY");

    /* RC2: effective key length */
    k = plainkey(p, CALG_RC2, 16, 0);
    check(dw(k, KP_EFFECTIVE_KEYLEN) == 128, "RC2: KP_EFFECTIVE_KEYLEN is the key length");
    v = 0;
    check(fails_with(CryptSetKeyParam(k, KP_EFFECTIVE_KEYLEN, (BYTE *)&v, 0), NTE_BAD_DATA), "RC2: KP_EFFECTIVE_KEYLEN 0: NTE_BAD_DATA");
    v = 64;
    check(CryptSetKeyParam(k, KP_EFFECTIVE_KEYLEN, (BYTE *)&v, 0) && dw(k, KP_EFFECTIVE_KEYLEN) == 64, "RC2: KP_EFFECTIVE_KEYLEN 64");
    CryptSetKeyParam(k, KP_IV, IV, 0);
    memcpy(buf, MSG, 32);
    n = 32;
    CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf);
    hexline("enc rc2-eff64", buf, 32);
    CryptDestroyKey(k);
    /* 40-bit RC4: 11 zero salt bytes */
    k = plainkey(p, CALG_RC4, 5, 0);
    n = sizeof buf;
    check(CryptGetKeyParam(k, KP_SALT, buf, &n, 0) && n == 11 && buf[0] == 0 && buf[10] == 0, "40-bit RC4: 11 zero salt bytes");
    memcpy(buf, MSG, 16);
    n = 16;
    CryptEncrypt(k, 0, TRUE, 0, buf, &n, sizeof buf);
    hexline("enc rc4-40salt", buf, 16);
    CryptDestroyKey(k);
    k = plainkey(p, CALG_RC4, 5, CRYPT_NO_SALT);
    n = sizeof buf;
    check(CryptGetKeyParam(k, KP_SALT, buf, &n, 0) && n == 0, "40-bit RC4 with CRYPT_NO_SALT: no salt");
    check(dw(k, KP_MODE) == 0 && dw(k, KP_BLOCKLEN) == 0, "RC4: KP_MODE 0, KP_BLOCKLEN 0");
    {
        struct { DWORD cbData; BYTE *pbData; } salt = { 24, buf };
        check(CryptSetKeyParam(k, 10 /* KP_SALT_EX */, (BYTE *)&salt, 0) && (n = sizeof buf, CryptGetKeyParam(k, KP_SALT, buf, &n, 0)) && n == 24,
              "KP_SALT_EX: 24 bytes of salt");
        salt.cbData = 25;
        check(fails_with(CryptSetKeyParam(k, 10, (BYTE *)&salt, 0), NTE_BAD_DATA), "KP_SALT_EX: 25 bytes: NTE_BAD_DATA");
    }
    CryptDestroyKey(k);
}

/* ---------------------------------------------------------------- derivation, hashes of keys */
static void derive(HCRYPTPROV p)
{
    static const struct { const char *name; ALG_ID hash; ALG_ID alg; DWORD flags; DWORD bits; } d[] = {
        { "md5-rc4", CALG_MD5, CALG_RC4, 0, 128 },
        { "sha1-rc2", CALG_SHA1, CALG_RC2, 0, 128 },
        { "sha1-des", CALG_SHA1, CALG_DES, 0, 64 },
        { "sha1-3des", CALG_SHA1, CALG_3DES, 0, 192 },
        { "md5-aes128", CALG_MD5, CALG_AES_128, 0, 128 },
        { "sha1-aes256", CALG_SHA1, CALG_AES_256, 0, 256 },
        { "sha256-aes256", CALG_SHA_256, CALG_AES_256, 0, 256 },
        { "sha1-rc4-56", CALG_SHA1, CALG_RC4, 56u << 16, 56 },
    };
    char label[64];
    unsigned i;
    for (i = 0; i < sizeof d / sizeof d[0]; i++) {
        HCRYPTHASH h = 0;
        HCRYPTKEY k = 0;
        BYTE buf[64];
        DWORD n = 32;
        CryptCreateHash(p, d[i].hash, 0, 0, &h);
        CryptHashData(h, (const BYTE *)"password", 8, 0);
        sprintf(label, "CryptDeriveKey %s: KP_KEYLEN %lu", d[i].name, d[i].bits);
        check(CryptDeriveKey(p, d[i].alg, h, d[i].flags | CRYPT_EXPORTABLE, &k) && dw(k, KP_KEYLEN) == d[i].bits, label);
        memcpy(buf, MSG, 32);
        CryptEncrypt(k, 0, FALSE, 0, buf, &n, sizeof buf);
        sprintf(label, "derive %s", d[i].name);
        hexline(label, buf, 32);
        CryptDestroyKey(k);
        CryptDestroyHash(h);
    }
    {
        HCRYPTHASH h = 0, h2 = 0;
        HCRYPTKEY k = 0;
        BYTE v[20], v2[20];
        DWORD n = 20;
        CryptCreateHash(p, CALG_SHA1, 0, 0, &h);
        check(fails_with(CryptDeriveKey(p, CALG_RC4, h, 200u << 16, &k), NTE_BAD_FLAGS), "CryptDeriveKey(RC4, 200 bits): NTE_BAD_FLAGS");
        check(fails_with(CryptDeriveKey(p, 0x1234, h, 0, &k), NTE_BAD_ALGID), "CryptDeriveKey(bad ALG_ID): NTE_BAD_ALGID");
        check(fails_with(CryptDeriveKey(p, CALG_RC4, 0x999, 0, &k), NTE_BAD_HASH), "CryptDeriveKey(bad hash): NTE_BAD_HASH");
        k = plainkey(p, CALG_3DES, 24, 0);
        check(CryptHashSessionKey(h, k, 0), "CryptHashSessionKey (big-endian key bytes)");
        check(CryptDuplicateHash(h, NULL, 0, &h2), "CryptDuplicateHash");
        check(CryptGetHashParam(h, HP_HASHVAL, v, &n, 0), "HP_HASHVAL after CryptHashSessionKey");
        hexline("hashsk 3des", v, 20);
        n = 20;
        check(CryptGetHashParam(h2, HP_HASHVAL, v2, &n, 0) && memcmp(v, v2, 20) == 0, "the duplicate hash has the same value");
        check(fails_with(CryptHashSessionKey(h, k, 0), 0x8009000C), "CryptHashSessionKey after the value was read: NTE_BAD_HASH_STATE");
        CryptDestroyHash(h);
        CryptDestroyHash(h2);
        CryptCreateHash(p, CALG_SHA1, 0, 0, &h);
        check(CryptHashSessionKey(h, k, CRYPT_LITTLE_ENDIAN), "CryptHashSessionKey(CRYPT_LITTLE_ENDIAN)");
        n = 20;
        CryptGetHashParam(h, HP_HASHVAL, v, &n, 0);
        hexline("hashsk-le 3des", v, 20);
        CryptDestroyHash(h);
        CryptDestroyKey(k);
    }
}

/* ---------------------------------------------------------------- HMAC */
typedef struct { ALG_ID HashAlgid; BYTE *pbInnerString; DWORD cbInnerString; BYTE *pbOuterString; DWORD cbOuterString; } HMAC_INFO;
static void hmac(HCRYPTPROV p)
{
    static const struct { const char *name; ALG_ID alg; DWORD size; } a[] = { { "md5", CALG_MD5, 16 }, { "sha1", CALG_SHA1, 20 }, { "sha256", CALG_SHA_256, 32 } };
    char label[64];
    unsigned i;
    HCRYPTKEY k = 0, k20 = 0;
    HCRYPTHASH h = 0;
    BYTE v[64];
    DWORD n;
    HMAC_INFO info;
    /* a 40-byte HMAC key: an RC2 PLAINTEXTKEYBLOB with CRYPT_IPSEC_HMAC_KEY */
    BYTE blob[12 + 40];
    ALG_ID rc2 = CALG_RC2;
    DWORD len = 40;
    blob[0] = PLAINTEXTKEYBLOB; blob[1] = 2; blob[2] = blob[3] = 0;
    memcpy(blob + 4, &rc2, 4);
    memcpy(blob + 8, &len, 4);
    memcpy(blob + 12, KEYBYTES, 32);
    memcpy(blob + 44, KEYBYTES, 8);
    check(fails_with(CryptImportKey(p, blob, sizeof blob, 0, 0, &k), NTE_BAD_DATA), "a 40-byte RC2 key without CRYPT_IPSEC_HMAC_KEY: NTE_BAD_DATA");
    check(CryptImportKey(p, blob, sizeof blob, 0, 0x100 /* CRYPT_IPSEC_HMAC_KEY */, &k), "CryptImportKey(40-byte RC2, CRYPT_IPSEC_HMAC_KEY)");
    k20 = plainkey(p, CALG_RC2, 16, 0);
    memset(&info, 0, sizeof info);
    for (i = 0; i < sizeof a / sizeof a[0]; i++) {
        check(CryptCreateHash(p, 0x8009 /* CALG_HMAC */, k, 0, &h), "CryptCreateHash(CALG_HMAC, key)");
        info.HashAlgid = a[i].alg;
        check(CryptSetHashParam(h, 5 /* HP_HMAC_INFO */, (BYTE *)&info, 0), "CryptSetHashParam(HP_HMAC_INFO)");
        CryptHashData(h, MSG, 20, 0);
        CryptHashData(h, MSG + 20, sizeof MSG - 20, 0);
        n = sizeof v;
        sprintf(label, "HMAC-%s: HP_HASHVAL is %lu bytes", a[i].name, a[i].size);
        check(CryptGetHashParam(h, HP_HASHVAL, v, &n, 0) && n == a[i].size, label);
        sprintf(label, "hmac %s", a[i].name);
        hexline(label, v, n);
        CryptDestroyHash(h);
    }
    check(CryptCreateHash(p, 0x8009, k20, 0, &h), "CryptCreateHash(CALG_HMAC, 16-byte key)");
    check(fails_with(CryptHashData(h, MSG, 4, 0), 0x8009000C), "HMAC data before HP_HMAC_INFO: NTE_BAD_HASH_STATE");
    info.HashAlgid = CALG_SHA1;
    CryptSetHashParam(h, 5, (BYTE *)&info, 0);
    CryptHashData(h, MSG, sizeof MSG, 0);
    n = sizeof v;
    CryptGetHashParam(h, HP_HASHVAL, v, &n, 0);
    hexline("hmac16 sha1", v, n);
    CryptDestroyHash(h);
    check(fails_with(CryptCreateHash(p, 0x8009, 0, 0, &h), NTE_BAD_KEY), "CALG_HMAC without a key: NTE_BAD_KEY");
    check(fails_with(CryptCreateHash(p, CALG_SHA1, k20, 0, &h), NTE_BAD_KEY), "CALG_SHA1 with a key: NTE_BAD_KEY");
    CryptDestroyKey(k);
    CryptDestroyKey(k20);
}

/* ---------------------------------------------------------------- CALG_MAC */
#define CALG_MAC 0x8005
#define HP_ALGID 1
#define HP_HASHSIZE 4
#define NTE_BAD_HASH_STATE 0x8009000C
static void mac(HCRYPTPROV p)
{
    static const struct { const char *name; ALG_ID alg; DWORD len; DWORD block; DWORD msglen; int iv; } a[] = {
        { "des", CALG_DES, 8, 8, 37, 1 }, { "3des", CALG_3DES, 24, 8, 37, 1 }, { "rc2", CALG_RC2, 16, 8, 37, 1 },
        { "3des32", CALG_3DES, 24, 8, 32, 0 }, { "aes128", CALG_AES_128, 16, 16, 37, 1 },
    };
    char label[80];
    unsigned i;
    HCRYPTHASH h = 0;
    BYTE v[32], enc[64];
    DWORD n, size;
    for (i = 0; i < sizeof a / sizeof a[0]; i++) {
        HCRYPTKEY k = plainkey(p, a[i].alg, a[i].len, 0);
        if (a[i].iv) CryptSetKeyParam(k, KP_IV, IV, 0);
        sprintf(label, "CryptCreateHash(CALG_MAC, %s key)", a[i].name);
        check(CryptCreateHash(p, CALG_MAC, k, 0, &h), label);
        /* in three pieces: 3 bytes (held back), 17 (across a block), the rest */
        CryptHashData(h, MSG, 3, 0);
        CryptHashData(h, MSG + 3, 17, 0);
        CryptHashData(h, MSG + 20, a[i].msglen - 20, 0);
        n = sizeof size;
        sprintf(label, "%s MAC: HP_HASHSIZE is the block, %lu bytes", a[i].name, a[i].block);
        check(CryptGetHashParam(h, HP_HASHSIZE, (BYTE *)&size, &n, 0) && size == a[i].block, label);
        n = sizeof size;
        check(CryptGetHashParam(h, HP_ALGID, (BYTE *)&size, &n, 0) && size == CALG_MAC, "MAC: HP_ALGID is CALG_MAC");
        n = 4;
        sprintf(label, "%s MAC: a small buffer: ERROR_MORE_DATA and the size", a[i].name);
        check(fails_with(CryptGetHashParam(h, HP_HASHVAL, v, &n, 0), ERROR_MORE_DATA) && n == a[i].block, label);
        n = sizeof v;
        sprintf(label, "%s MAC: HP_HASHVAL", a[i].name);
        check(CryptGetHashParam(h, HP_HASHVAL, v, &n, 0) && n == a[i].block, label);
        sprintf(label, "mac %s", a[i].name);
        hexline(label, v, n);
        check(fails_with(CryptHashData(h, MSG, 4, 0), NTE_BAD_HASH_STATE), "MAC: data after the value: NTE_BAD_HASH_STATE");
        CryptDestroyHash(h);
        /* the MAC is the last block of CryptEncrypt(Final) of the same message from the same IV */
        memcpy(enc, MSG, a[i].msglen);
        n = a[i].msglen;
        CryptEncrypt(k, 0, TRUE, 0, enc, &n, sizeof enc);
        sprintf(label, "%s MAC: the last block of CryptEncrypt(Final) of the message", a[i].name);
        check(memcmp(enc + n - a[i].block, v, a[i].block) == 0, label);
        CryptDestroyKey(k);
    }
    {
        HCRYPTKEY k = plainkey(p, CALG_DES, 8, 0), rc4 = plainkey(p, CALG_RC4, 16, 0), sig = 0;
        DWORD mode = CRYPT_MODE_ECB;
        /* no data: the key's IV (rsabase encrypts nothing) */
        CryptSetKeyParam(k, KP_IV, IV, 0);
        check(CryptCreateHash(p, CALG_MAC, k, 0, &h), "CryptCreateHash(CALG_MAC) for an empty message");
        n = sizeof v;
        check(CryptGetHashParam(h, HP_HASHVAL, v, &n, 0) && n == 8 && memcmp(v, IV, 8) == 0, "MAC of no data: the key's IV");
        CryptDestroyHash(h);
        check(fails_with(CryptCreateHash(p, CALG_MAC, 0, 0, &h), NTE_BAD_KEY), "CALG_MAC without a key: NTE_BAD_KEY");
        check(fails_with(CryptCreateHash(p, CALG_MAC, rc4, 0, &h), NTE_BAD_KEY), "CALG_MAC with an RC4 key: NTE_BAD_KEY");
        check(fails_with(CryptCreateHash(p, CALG_MAC, 0x1234, 0, &h), NTE_BAD_KEY), "CALG_MAC with a bad key handle: NTE_BAD_KEY");
        CryptGetUserKey(p, AT_SIGNATURE, &sig);
        check(sig && fails_with(CryptCreateHash(p, CALG_MAC, sig, 0, &h), NTE_BAD_KEY), "CALG_MAC with an RSA key: NTE_BAD_KEY");
        CryptSetKeyParam(k, KP_MODE, (BYTE *)&mode, 0);
        check(fails_with(CryptCreateHash(p, CALG_MAC, k, 0, &h), NTE_BAD_KEY), "CALG_MAC with a key in ECB mode: NTE_BAD_KEY");
        CryptDestroyKey(sig);
        CryptDestroyKey(rc4);
        CryptDestroyKey(k);
    }
}

/* ---------------------------------------------------------------- key pairs, blobs, signatures */
static void pairs(HCRYPTPROV p)
{
    static BYTE pub[600], priv[1400], sig[256], sig2[256], blob[600];
    HCRYPTKEY sk = 0, sk2 = 0, kx = 0, pk = 0, tk = 0, tk2 = 0;
    HCRYPTHASH h = 0;
    HCRYPTPROV v = 0, c2 = 0;
    DWORD n, m, s;
    BYTE buf[128], b2[128];

    check(fails_with(CryptGetUserKey(p, AT_SIGNATURE, &sk), NTE_NO_KEY), "CryptGetUserKey before CryptGenKey: NTE_NO_KEY");
    check(CryptGenKey(p, AT_SIGNATURE, CRYPT_EXPORTABLE, &sk), "CryptGenKey(AT_SIGNATURE, exportable)");
    check(dw(sk, KP_ALGID) == CALG_RSA_SIGN && dw(sk, KP_KEYLEN) == 1024 && dw(sk, KP_BLOCKLEN) == 1024, "signature key: CALG_RSA_SIGN, 1024 bits");
    n = sizeof buf;
    check(fails_with(CryptGetKeyParam(sk, KP_SALT, buf, &n, 0), NTE_BAD_KEY), "KP_SALT of an RSA key: NTE_BAD_KEY");
    check(CryptGetUserKey(p, AT_SIGNATURE, &sk2), "CryptGetUserKey(AT_SIGNATURE)");
    check(fails_with(CryptGetUserKey(p, AT_KEYEXCHANGE, &kx), NTE_NO_KEY), "CryptGetUserKey(AT_KEYEXCHANGE) before it exists: NTE_NO_KEY");
    n = 0;
    check(CryptExportKey(sk, 0, PUBLICKEYBLOB, 0, NULL, &n) && n == 148, "PUBLICKEYBLOB size: 148");
    m = 10;
    check(fails_with(CryptExportKey(sk, 0, PUBLICKEYBLOB, 0, pub, &m), ERROR_MORE_DATA) && m == 148, "PUBLICKEYBLOB in 10 bytes: ERROR_MORE_DATA");
    check(CryptExportKey(sk2, 0, PUBLICKEYBLOB, 0, pub, &n), "CryptExportKey(PUBLICKEYBLOB)");
    check(pub[0] == PUBLICKEYBLOB && pub[1] == 2 && *(DWORD *)(pub + 4) == CALG_RSA_SIGN && memcmp(pub + 8, "RSA1", 4) == 0 && *(DWORD *)(pub + 16) == 65537,
          "PUBLICKEYBLOB header, RSA1, e = 65537");
    hexline("pubsig", pub, n);
    s = sizeof priv;
    check(CryptExportKey(sk, 0, PRIVATEKEYBLOB, 0, priv, &s) && s == 20 + 128 + 5 * 64 + 128 && memcmp(priv + 8, "RSA2", 4) == 0, "PRIVATEKEYBLOB: RSA2, 596 bytes");
    check(fails_with(CryptExportKey(sk, 0, 99, 0, priv, &s), NTE_BAD_TYPE), "CryptExportKey(blob type 99): NTE_BAD_TYPE");

    /* signatures */
    CryptCreateHash(p, CALG_SHA1, 0, 0, &h);
    CryptHashData(h, MSG, sizeof MSG, 0);
    n = 0;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, NULL, &n) && n == 128, "CryptSignHashW(NULL): 128 bytes");
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig, &n), "CryptSignHashW(SHA-1)");
    hexline("sig sha1", sig, n);
    check(fails_with(CryptSignHashW(h, AT_KEYEXCHANGE, NULL, 0, sig2, &n), NTE_NO_KEY), "CryptSignHashW(AT_KEYEXCHANGE, none): NTE_NO_KEY");
    check(CryptVerifySignatureW(h, sig, 128, sk, NULL, 0), "CryptVerifySignatureW");
    memcpy(sig2, sig, 128);
    sig2[5] ^= 1;
    check(fails_with(CryptVerifySignatureW(h, sig2, 128, sk, NULL, 0), NTE_BAD_SIGNATURE), "altered signature: NTE_BAD_SIGNATURE");
    check(fails_with(CryptVerifySignatureW(h, sig, 127, sk, NULL, 0), NTE_BAD_SIGNATURE), "short signature: NTE_BAD_SIGNATURE");
    CryptDestroyHash(h);
    CryptCreateHash(p, CALG_MD5, 0, 0, &h);
    CryptHashData(h, MSG, sizeof MSG, 0);
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig, &n), "CryptSignHashW(MD5)");
    hexline("sig md5", sig, n);
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, CRYPT_NOHASHOID, sig2, &n), "CryptSignHashW(MD5, CRYPT_NOHASHOID)");
    hexline("sig md5-nooid", sig2, n);
    check(CryptVerifySignatureW(h, sig2, 128, sk, NULL, CRYPT_NOHASHOID), "CryptVerifySignatureW(CRYPT_NOHASHOID)");
    check(fails_with(CryptVerifySignatureW(h, sig2, 128, sk, NULL, 0), NTE_BAD_SIGNATURE), "a no-OID signature does not verify with the OID");
    CryptDestroyHash(h);
    CryptCreateHash(p, CALG_SHA_256, 0, 0, &h);
    CryptHashData(h, MSG, sizeof MSG, 0);
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig, &n), "CryptSignHashW(SHA-256)");
    hexline("sig sha256", sig, n);
    CryptDestroyHash(h);
    /* HP_HASHVAL set by the caller: the same signature as the computed hash */
    CryptCreateHash(p, CALG_SHA_256, 0, 0, &h);
    {
        HCRYPTHASH h2 = 0;
        BYTE hv[32];
        DWORD hn = 32;
        CryptCreateHash(p, CALG_SHA_256, 0, 0, &h2);
        CryptHashData(h2, MSG, sizeof MSG, 0);
        CryptGetHashParam(h2, HP_HASHVAL, hv, &hn, 0);
        CryptDestroyHash(h2);
        check(CryptSetHashParam(h, HP_HASHVAL, hv, 0), "CryptSetHashParam(HP_HASHVAL)");
    }
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig2, &n) && memcmp(sig, sig2, 128) == 0, "signing a set HP_HASHVAL gives the same signature");
    check(fails_with(CryptSetHashParam(h, 99, sig, 0), NTE_BAD_TYPE), "CryptSetHashParam(99): NTE_BAD_TYPE");
    CryptDestroyHash(h);

    /* SSL3 SHAMD5: a 36-byte value set with HP_HASHVAL, signed without a DigestInfo */
    CryptCreateHash(p, 0x8008 /* CALG_SSL3_SHAMD5 */, 0, 0, &h);
    check(CryptSetHashParam(h, HP_HASHVAL, MSG, 0), "CALG_SSL3_SHAMD5: HP_HASHVAL (36 bytes)");
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig2, &n) && n == 128, "CryptSignHashW(CALG_SSL3_SHAMD5)");
    hexline("sig shamd5", sig2, n);
    check(CryptVerifySignatureW(h, sig2, 128, sk, NULL, 0), "CryptVerifySignatureW(CALG_SSL3_SHAMD5)");
    CryptDestroyHash(h);

    /* the public key in a verify-only context */
    check(CryptAcquireContextW(&v, NULL, MS_AES_PROV, PROV_RSA_AES, CRYPT_VERIFYCONTEXT), "CryptAcquireContextW(verify)");
    check(CryptImportKey(v, pub, 148, 0, 0, &pk), "CryptImportKey(PUBLICKEYBLOB)");
    CryptCreateHash(v, CALG_SHA_256, 0, 0, &h);
    CryptHashData(h, MSG, sizeof MSG, 0);
    check(CryptVerifySignatureW(h, sig, 128, pk, NULL, 0), "the imported public key verifies the signature");
    n = sizeof priv;
    check(fails_with(CryptExportKey(pk, 0, PRIVATEKEYBLOB, 0, priv + 700, &n), NTE_BAD_KEY), "PRIVATEKEYBLOB of a public key: NTE_BAD_KEY");
    CryptDestroyHash(h);
    check(fails_with(CryptGetUserKey(v, AT_SIGNATURE, &tk), NTE_NO_KEY), "CryptGetUserKey in a verify context: NTE_NO_KEY");
    memcpy(blob, pub, 148);
    memcpy(blob + 8, "RSAX", 4);
    check(fails_with(CryptImportKey(v, blob, 148, 0, 0, &tk), NTE_BAD_DATA), "PUBLICKEYBLOB with a bad magic: NTE_BAD_DATA");
    check(fails_with(CryptImportKey(v, blob, 6, 0, 0, &tk), NTE_BAD_DATA), "a 6-byte blob: NTE_BAD_DATA");

    /* the private key into another container signs the same (PKCS#1 v1.5 is deterministic) */
    CryptAcquireContextW(&c2, L"crypt2-copy", MS_AES_PROV, PROV_RSA_AES, CRYPT_DELETEKEYSET);
    check(CryptAcquireContextW(&c2, L"crypt2-copy", MS_AES_PROV, PROV_RSA_AES, CRYPT_NEWKEYSET), "CryptAcquireContextW(crypt2-copy, new)");
    check(CryptImportKey(c2, priv, s, 0, 0, &tk), "CryptImportKey(PRIVATEKEYBLOB) into a container");
    CryptCreateHash(c2, CALG_SHA_256, 0, 0, &h);
    CryptHashData(h, MSG, sizeof MSG, 0);
    n = 128;
    check(CryptSignHashW(h, AT_SIGNATURE, NULL, 0, sig2, &n) && memcmp(sig, sig2, 128) == 0, "the imported pair signs as the original");
    CryptDestroyHash(h);
    n = sizeof blob;
    check(fails_with(CryptExportKey(tk, 0, PRIVATEKEYBLOB, 0, blob, &n), NTE_BAD_KEY_STATE), "imported without CRYPT_EXPORTABLE: PRIVATEKEYBLOB NTE_BAD_KEY_STATE");
    CryptDestroyKey(tk);
    CryptReleaseContext(c2, 0);
    CryptAcquireContextW(&c2, L"crypt2-copy", MS_AES_PROV, PROV_RSA_AES, CRYPT_DELETEKEYSET);

    /* key exchange: 512-bit pair, RSA encryption, SIMPLEBLOB */
    check(CryptGenKey(p, CALG_RSA_KEYX, (512u << 16) | CRYPT_EXPORTABLE, &kx), "CryptGenKey(CALG_RSA_KEYX, 512 bits)");
    check(dw(kx, KP_KEYLEN) == 512, "key exchange key: 512 bits");
    {
        HCRYPTKEY odd = 0, back = 0;
        HCRYPTPROV vv = 0;
        static BYTE ob[400];
        DWORD on = sizeof ob;
        CryptAcquireContextW(&vv, NULL, MS_AES_PROV, PROV_RSA_AES, CRYPT_VERIFYCONTEXT);
        check(CryptGenKey(vv, AT_KEYEXCHANGE, (520u << 16) | CRYPT_EXPORTABLE, &odd) && dw(odd, KP_KEYLEN) == 520, "CryptGenKey(520 bits)");
        check(CryptExportKey(odd, 0, PRIVATEKEYBLOB, 0, ob, &on) && on == 20 + 65 + 5 * 33 + 65, "520-bit PRIVATEKEYBLOB: primes in 33 bytes");
        check(CryptImportKey(vv, ob, on, 0, 0, &back), "520-bit PRIVATEKEYBLOB imports");
        memcpy(buf, "odd size", 8);
        n = 8;
        m = 65;
        check(CryptEncrypt(odd, 0, TRUE, 0, buf, &n, sizeof buf) && n == 65 && CryptDecrypt(back, 0, TRUE, 0, buf, &m) && m == 8 && memcmp(buf, "odd size", 8) == 0,
              "520-bit key: encrypt with one, decrypt with the re-imported one");
        CryptDestroyKey(odd);
        CryptDestroyKey(back);
        CryptReleaseContext(vv, 0);
    }
    s = sizeof priv;
    check(CryptExportKey(kx, 0, PRIVATEKEYBLOB, 0, priv, &s) && s == 20 + 64 + 5 * 32 + 64, "PRIVATEKEYBLOB of the exchange key");
    hexline("privkx", priv, s);
    memcpy(buf, "session secret", 14);
    n = 14;
    check(CryptEncrypt(kx, 0, TRUE, 0, buf, &n, sizeof buf) && n == 64, "CryptEncrypt(RSA, 14 bytes): 64 bytes");
    hexline("rsaenc", buf, 64);
    m = 64;
    check(CryptDecrypt(kx, 0, TRUE, 0, buf, &m) && m == 14 && memcmp(buf, "session secret", 14) == 0, "CryptDecrypt(RSA) restores it");
    n = 60;
    check(fails_with(CryptEncrypt(kx, 0, TRUE, 0, buf, &n, sizeof buf), NTE_BAD_LEN), "CryptEncrypt(RSA, 60 bytes in a 512-bit key): NTE_BAD_LEN");
    n = 14;
    check(fails_with(CryptEncrypt(sk, 0, TRUE, 0, buf, &n, sizeof buf), NTE_BAD_KEY), "CryptEncrypt with a signature key: NTE_BAD_KEY");
    memcpy(buf, "session secret", 14);
    n = 14;
    check(CryptEncrypt(kx, 0, TRUE, CRYPT_OAEP, buf, &n, sizeof buf) && n == 64, "CryptEncrypt(RSA, CRYPT_OAEP)");
    hexline("rsaoaep", buf, 64);
    memcpy(b2, buf, 64);
    m = 64;
    check(fails_with(CryptDecrypt(kx, 0, TRUE, 0, b2, &m), NTE_BAD_DATA), "an OAEP block without CRYPT_OAEP: NTE_BAD_DATA");
    m = 64;
    check(CryptDecrypt(kx, 0, TRUE, CRYPT_OAEP, buf, &m) && m == 14 && memcmp(buf, "session secret", 14) == 0, "CryptDecrypt(RSA, CRYPT_OAEP) restores it");
    n = 23;
    check(fails_with(CryptEncrypt(kx, 0, TRUE, CRYPT_OAEP, buf, &n, sizeof buf), NTE_BAD_LEN), "CRYPT_OAEP, 23 bytes in a 512-bit key: NTE_BAD_LEN");
    check(CryptGenKey(p, CALG_3DES, CRYPT_EXPORTABLE, &tk), "CryptGenKey(CALG_3DES, exportable)");
    n = sizeof blob;
    check(CryptExportKey(tk, kx, SIMPLEBLOB, 0, blob, &n) && n == 12 + 64 && blob[0] == SIMPLEBLOB && *(DWORD *)(blob + 8) == CALG_RSA_KEYX, "SIMPLEBLOB under the exchange key");
    check(fails_with(CryptExportKey(tk, sk, SIMPLEBLOB, 0, blob + 100, &m), NTE_BAD_PUBLIC_KEY), "SIMPLEBLOB under a signature key: NTE_BAD_PUBLIC_KEY");
    check(CryptImportKey(p, blob, n, kx, CRYPT_EXPORTABLE, &tk2), "CryptImportKey(SIMPLEBLOB)");
    memcpy(buf, MSG, 32);
    memcpy(b2, MSG, 32);
    n = m = 32;
    CryptEncrypt(tk, 0, FALSE, 0, buf, &n, sizeof buf);
    CryptEncrypt(tk2, 0, FALSE, 0, b2, &m, sizeof b2);
    check(memcmp(buf, b2, 32) == 0, "the imported session key encrypts as the original");
    blob[20] ^= 0xff;
    check(fails_with(CryptImportKey(p, blob, 76, kx, 0, &pk), NTE_BAD_DATA), "altered SIMPLEBLOB: NTE_BAD_DATA");
    n = sizeof blob;
    check(CryptExportKey(tk, 0, PLAINTEXTKEYBLOB, 0, blob, &n) && n == 12 + 24, "PLAINTEXTKEYBLOB of the generated 3DES key");
    CryptDestroyKey(tk);
    CryptDestroyKey(tk2);
    check(CryptGenKey(p, CALG_RC4, 0, &tk), "CryptGenKey(CALG_RC4, not exportable)");
    n = sizeof blob;
    check(fails_with(CryptExportKey(tk, kx, SIMPLEBLOB, 0, blob, &n), NTE_BAD_KEY_STATE), "SIMPLEBLOB of a non-exportable key: NTE_BAD_KEY_STATE");
    CryptDestroyKey(tk);
    check(fails_with(CryptGenKey(p, 0x1234, 0, &tk), NTE_BAD_ALGID), "CryptGenKey(bad ALG_ID): NTE_BAD_ALGID");
    check(fails_with(CryptGenKey(p, CALG_AES_128, 256u << 16, &tk), NTE_BAD_FLAGS), "CryptGenKey(AES-128, 256 bits): NTE_BAD_FLAGS");
    check(fails_with(CryptGenKey(0x4321, CALG_RC4, 0, &tk), NTE_BAD_UID), "CryptGenKey(bad context): NTE_BAD_UID");
    CryptDestroyKey(kx);
    CryptDestroyKey(sk);
    CryptDestroyKey(sk2);
    CryptDestroyKey(pk);
    CryptReleaseContext(v, 0);
}

/* ---------------------------------------------------------------- provider parameters and list */
static void provparams(HCRYPTPROV p)
{
    char name[128];
    BYTE alg[128];
    DWORD n, v, count = 0, found = 0;
    WCHAR w[128];
    HCRYPTPROV b = 0;
    BOOL r;

    n = sizeof name;
    check(CryptGetProvParam(p, PP_NAME, (BYTE *)name, &n, 0) && strcmp(name, "Microsoft Enhanced RSA and AES Cryptographic Provider") == 0, "PP_NAME");
    n = sizeof name;
    check(CryptGetProvParam(p, PP_CONTAINER, (BYTE *)name, &n, 0) && strcmp(name, "crypt2") == 0, "PP_CONTAINER");
    n = 4;
    check(CryptGetProvParam(p, PP_PROVTYPE, (BYTE *)&v, &n, 0) && v == PROV_RSA_AES, "PP_PROVTYPE");
    n = 4;
    check(CryptGetProvParam(p, PP_KEYSPEC, (BYTE *)&v, &n, 0) && v == (AT_KEYEXCHANGE | AT_SIGNATURE), "PP_KEYSPEC");
    n = 4;
    check(fails_with(CryptGetProvParam(p, 9999, (BYTE *)&v, &n, 0), NTE_BAD_TYPE), "PP 9999: NTE_BAD_TYPE");
    n = 2;
    check(fails_with(CryptGetProvParam(p, PP_NAME, (BYTE *)name, &n, 0), ERROR_MORE_DATA) && n == 54, "PP_NAME in 2 bytes: ERROR_MORE_DATA, 54");
    for (r = CryptGetProvParam(p, PP_ENUMALGS, alg, (n = sizeof alg, &n), CRYPT_FIRST); r; r = CryptGetProvParam(p, PP_ENUMALGS, alg, (n = sizeof alg, &n), 0)) {
        count++;
        if (*(DWORD *)alg == CALG_AES_256 && ((DWORD *)alg)[1] == 256 && strcmp((char *)alg + 12, "AES 256") == 0) found++;
        if (n != 32) found = 100;
    }
    check(GetLastError() == ERROR_NO_MORE_ITEMS && count >= 12 && found == 1, "PP_ENUMALGS: PROV_ENUMALGS rows, AES 256 among them, then ERROR_NO_MORE_ITEMS");
    n = sizeof alg;
    check(CryptGetProvParam(p, PP_ENUMALGS_EX, alg, &n, CRYPT_FIRST) && n == 88, "PP_ENUMALGS_EX: 88-byte rows");
    found = 0;
    for (r = CryptGetProvParam(p, PP_ENUMCONTAINERS, (BYTE *)name, (n = sizeof name, &n), CRYPT_FIRST); r;
         r = CryptGetProvParam(p, PP_ENUMCONTAINERS, (BYTE *)name, (n = sizeof name, &n), 0))
        if (strcmp(name, "crypt2") == 0) found++;
    check(found == 1 && GetLastError() == ERROR_NO_MORE_ITEMS, "PP_ENUMCONTAINERS lists crypt2");
    check(CryptGetProvParam(p, PP_ENUMCONTAINERS, NULL, &n, CRYPT_FIRST) && n == 261, "PP_ENUMCONTAINERS(NULL): MAX_PATH + 1");
    n = sizeof name;
    check(CryptGetProvParam(p, PP_ENUMCONTAINERS, (BYTE *)name, &n, CRYPT_FIRST) && n == sizeof name, "PP_ENUMCONTAINERS leaves a large enough length alone");
    check(CryptSetProvParam(0, 1 /* PP_CLIENT_HWND */, (BYTE *)&v, 0), "CryptSetProvParam(PP_CLIENT_HWND)");
    check(fails_with(CryptSetProvParam(p, 9999, (BYTE *)&v, 0), NTE_BAD_TYPE), "CryptSetProvParam(9999): NTE_BAD_TYPE");

    /* the provider list */
    count = found = 0;
    for (v = 0;; v++) {
        DWORD type = 0;
        n = sizeof w;
        if (!CryptEnumProvidersW(v, NULL, 0, &type, w, &n)) break;
        count++;
        if (wcscmp(w, MS_AES_PROV) == 0 && type == PROV_RSA_AES && n == (wcslen(w) + 1) * 2) found++;
    }
    check(GetLastError() == ERROR_NO_MORE_ITEMS && count >= 3 && found == 1, "CryptEnumProvidersW lists the AES provider, then ERROR_NO_MORE_ITEMS");
    n = 0;
    check(CryptEnumProvidersW(0, NULL, 0, &v, NULL, &n) && n > 2, "CryptEnumProvidersW(NULL name): the size");
    check(fails_with(CryptEnumProvidersW(0, &v, 0, &v, NULL, &n), ERROR_INVALID_PARAMETER), "CryptEnumProvidersW(reserved): ERROR_INVALID_PARAMETER");
    n = sizeof w;
    check(CryptEnumProviderTypesW(0, NULL, 0, &v, w, &n) && v == PROV_RSA_FULL, "CryptEnumProviderTypesW(0): PROV_RSA_FULL");
    n = sizeof w;
    check(CryptEnumProviderTypesW(1, NULL, 0, &v, w, &n) && v == PROV_RSA_AES, "CryptEnumProviderTypesW(1): PROV_RSA_AES");
    n = sizeof w;
    check(fails_with(CryptEnumProviderTypesW(2, NULL, 0, &v, w, &n), ERROR_NO_MORE_ITEMS), "CryptEnumProviderTypesW(2): ERROR_NO_MORE_ITEMS");
    n = sizeof w;
    check(CryptGetDefaultProviderW(PROV_RSA_FULL, NULL, CRYPT_MACHINE_DEFAULT, w, &n) && wcscmp(w, MS_ENH_PROV) == 0, "machine default of PROV_RSA_FULL: Enhanced");
    n = sizeof w;
    check(fails_with(CryptGetDefaultProviderW(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, w, &n), NTE_PROV_TYPE_NOT_DEF), "no user default: NTE_PROV_TYPE_NOT_DEF");
    n = sizeof w;
    check(fails_with(CryptGetDefaultProviderW(PROV_RSA_FULL, NULL, 0, w, &n), NTE_BAD_FLAGS), "CryptGetDefaultProviderW(flags 0): NTE_BAD_FLAGS");
    check(CryptSetProviderW(MS_DEF_PROV, PROV_RSA_FULL), "CryptSetProviderW(Base)");
    n = sizeof w;
    check(CryptGetDefaultProviderW(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, w, &n) && wcscmp(w, MS_DEF_PROV) == 0, "user default: Base");
    check(CryptAcquireContextW(&b, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT), "CryptAcquireContextW(NULL provider)");
    n = sizeof name;
    check(CryptGetProvParam(b, PP_NAME, (BYTE *)name, &n, 0) && strcmp(name, "Microsoft Base Cryptographic Provider v1.0") == 0, "a NULL provider is the user default");
    {
        HCRYPTKEY k = 0;
        check(CryptGenKey(b, CALG_RC4, 0, &k) && dw(k, KP_KEYLEN) == 40, "Base provider: RC4 keys default to 40 bits");
        CryptDestroyKey(k);
        check(fails_with(CryptGenKey(b, CALG_3DES, 0, &k), NTE_BAD_ALGID), "Base provider: no 3DES (NTE_BAD_ALGID)");
    }
    CryptReleaseContext(b, 0);
    check(fails_with(CryptSetProviderW(MS_AES_PROV, PROV_RSA_FULL), NTE_PROV_TYPE_NO_MATCH), "CryptSetProviderW(AES provider, PROV_RSA_FULL): NTE_PROV_TYPE_NO_MATCH");
    check(CryptSetProviderExW(MS_DEF_PROV, PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT | CRYPT_DELETE_DEFAULT), "CryptSetProviderExW(delete the user default)");
    n = sizeof w;
    check(fails_with(CryptGetDefaultProviderW(PROV_RSA_FULL, NULL, CRYPT_USER_DEFAULT, w, &n), NTE_PROV_TYPE_NOT_DEF), "user default deleted");

    /* references */
    check(CryptContextAddRef(p, NULL, 0), "CryptContextAddRef");
    check(CryptReleaseContext(p, 0), "CryptReleaseContext (one reference left)");
    n = 4;
    check(CryptGetProvParam(p, PP_PROVTYPE, (BYTE *)&v, &n, 0), "the context still works");
}

int WINAPI WinMain(HINSTANCE hInst, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    HCRYPTPROV p = 0, x = 0;
    CryptAcquireContextW(&x, L"crypt2", MS_AES_PROV, PROV_RSA_AES, CRYPT_DELETEKEYSET);
    check(CryptAcquireContextW(&p, L"crypt2", MS_AES_PROV, PROV_RSA_AES, CRYPT_NEWKEYSET), "CryptAcquireContextW(crypt2, new key set)");
    session(p);
    modes(p);
    derive(p);
    hmac(p);
    pairs(p);
    mac(p);
    provparams(p);
    check(CryptReleaseContext(p, 0), "CryptReleaseContext");
    check(fails_with(CryptReleaseContext(p, 0), NTE_BAD_UID), "CryptReleaseContext again: NTE_BAD_UID");
    check(CryptAcquireContextW(&p, L"crypt2", MS_AES_PROV, PROV_RSA_AES, 0), "the container outlives its contexts");
    {
        HCRYPTKEY k = 0;
        check(CryptGetUserKey(p, AT_SIGNATURE, &k) && dw(k, KP_KEYLEN) == 1024, "its signature key is still there");
        CryptDestroyKey(k);
    }
    CryptReleaseContext(p, 0);
    check(CryptAcquireContextW(&p, L"crypt2", MS_AES_PROV, PROV_RSA_AES, CRYPT_DELETEKEYSET), "CryptAcquireContextW(delete key set)");
    check(fails_with(CryptAcquireContextW(&p, L"crypt2", MS_AES_PROV, PROV_RSA_AES, 0), NTE_BAD_KEYSET), "deleted: NTE_BAD_KEYSET");
    printf("crypt2: %d failures\n", failures);
    return failures;
}
