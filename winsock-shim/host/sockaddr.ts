/**
 * Socket address conversion between the guest's Winsock layout and the host's Linux layout.
 *
 * Guest (Windows CE, little-endian ARM):
 *   SOCKADDR_IN   16 bytes: u16 family=2 (LE), u16 port (BE), 4-byte addr, 8 zero bytes
 *   SOCKADDR_IN6  28 bytes: u16 family=23 (LE), u16 port (BE), u32 flowinfo, 16-byte addr, u32 scope_id
 *                 (the older 24-byte form without scope_id is accepted on input)
 * Host (Linux x86-64, little-endian):
 *   sockaddr_in   16 bytes: same layout, family=2
 *   sockaddr_in6  28 bytes: same layout, family=10
 *
 * The `guestToHost`/`hostToGuest` converters are for the hot path: byte copies, no allocation.
 * `decode*`/`encode*` work with {@link SockAddr} objects and allocate; they are for tracing, policy,
 * connect/bind and tests.
 */
import { AF_INET, AF_INET6 } from './libc.js';
import { WSA } from './errno.js';

/** Winsock address family numbers (as the guest sees them). */
export const WS_AF_UNSPEC = 0;
export const WS_AF_INET = 2;
export const WS_AF_INET6 = 23;

export const SOCKADDR_IN_LEN = 16;
export const SOCKADDR_IN6_LEN = 28;
/** Minimum accepted guest SOCKADDR_IN6 length (pre-scope_id layout). */
export const SOCKADDR_IN6_OLD_LEN = 24;

/** Linux address family for a Winsock one, or -1 if unsupported. */
export function hostFamilyFromWinsock(wsFamily: number): number {
  return wsFamily === WS_AF_INET ? AF_INET : wsFamily === WS_AF_INET6 ? AF_INET6 : -1;
}

/** Winsock address family for a Linux one, or -1 if unsupported. */
export function winsockFamilyFromHost(family: number): number {
  return family === AF_INET ? WS_AF_INET : family === AF_INET6 ? WS_AF_INET6 : -1;
}

/** Size of the guest sockaddr for a Linux address family (16 or 28), or 0. */
export function guestSockaddrLen(hostFamily: number): number {
  return hostFamily === AF_INET ? SOCKADDR_IN_LEN : hostFamily === AF_INET6 ? SOCKADDR_IN6_LEN : 0;
}

/**
 * Convert the guest sockaddr at `src[off .. off+len)` into a Linux sockaddr at `dst[dstOff]`.
 * Returns the host sockaddr length (16 or 28), or a negative Winsock error:
 * -WSAEFAULT if `len` is too small for the family, -WSAEAFNOSUPPORT for another family.
 */
export function guestToHost(src: Uint8Array, off: number, len: number, dst: Uint8Array, dstOff: number): number {
  if (len < 2) return -WSA.WSAEFAULT;
  const fam = src[off]! | (src[off + 1]! << 8);
  if (fam === WS_AF_INET) {
    if (len < SOCKADDR_IN_LEN) return -WSA.WSAEFAULT;
    dst[dstOff] = AF_INET;
    dst[dstOff + 1] = 0;
    for (let i = 2; i < 8; i++) dst[dstOff + i] = src[off + i]!;
    for (let i = 8; i < 16; i++) dst[dstOff + i] = 0;
    return SOCKADDR_IN_LEN;
  }
  if (fam === WS_AF_INET6) {
    if (len < SOCKADDR_IN6_OLD_LEN) return -WSA.WSAEFAULT;
    dst[dstOff] = AF_INET6;
    dst[dstOff + 1] = 0;
    for (let i = 2; i < 24; i++) dst[dstOff + i] = src[off + i]!;
    const hasScope = len >= SOCKADDR_IN6_LEN;
    for (let i = 24; i < 28; i++) dst[dstOff + i] = hasScope ? src[off + i]! : 0;
    return SOCKADDR_IN6_LEN;
  }
  return -WSA.WSAEAFNOSUPPORT;
}

/**
 * Convert the Linux sockaddr at `src[srcOff .. srcOff+srcLen)` into the guest layout at `dst[dstOff]`,
 * which has room for `dstCap` bytes. Returns the guest length written (16 or 28), or a negative
 * Winsock error: -WSAEFAULT if `dstCap` is too small, -WSAEAFNOSUPPORT for a non-IP family.
 */
export function hostToGuest(src: Uint8Array, srcOff: number, srcLen: number, dst: Uint8Array, dstOff: number, dstCap: number): number {
  const fam = srcLen >= 2 ? src[srcOff]! | (src[srcOff + 1]! << 8) : -1;
  if (fam === AF_INET) {
    if (dstCap < SOCKADDR_IN_LEN) return -WSA.WSAEFAULT;
    dst[dstOff] = WS_AF_INET;
    dst[dstOff + 1] = 0;
    for (let i = 2; i < 8; i++) dst[dstOff + i] = src[srcOff + i]!;
    for (let i = 8; i < 16; i++) dst[dstOff + i] = 0;
    return SOCKADDR_IN_LEN;
  }
  if (fam === AF_INET6) {
    if (dstCap < SOCKADDR_IN6_LEN) return -WSA.WSAEFAULT;
    dst[dstOff] = WS_AF_INET6;
    dst[dstOff + 1] = 0;
    for (let i = 2; i < 28; i++) dst[dstOff + i] = src[srcOff + i]!;
    return SOCKADDR_IN6_LEN;
  }
  return -WSA.WSAEAFNOSUPPORT;
}

// ---------------------------------------------------------------------------------------------
// Object form (allocates).
// ---------------------------------------------------------------------------------------------

/** A decoded IP socket address. */
export interface SockAddr {
  family: 'ipv4' | 'ipv6';
  /** Dotted quad, or RFC 5952 text for IPv6 (with `%scope` when scopeId != 0). */
  address: string;
  port: number;
  flowinfo?: number;
  scopeId?: number;
}

/** Which layout a byte buffer holds. */
export type Layout = 'guest' | 'host';

function familyNumbers(layout: Layout): [v4: number, v6: number] {
  return layout === 'guest' ? [WS_AF_INET, WS_AF_INET6] : [AF_INET, AF_INET6];
}

/** Decode a sockaddr (either layout) into a {@link SockAddr}; null if malformed or not IP. */
export function decodeSockaddr(buf: Uint8Array, off: number, len: number, layout: Layout): SockAddr | null {
  if (len < 2) return null;
  const [v4, v6] = familyNumbers(layout);
  const fam = buf[off]! | (buf[off + 1]! << 8);
  const port = (buf[off + 2]! << 8) | buf[off + 3]!;
  if (fam === v4 && len >= SOCKADDR_IN_LEN) {
    return { family: 'ipv4', address: `${buf[off + 4]}.${buf[off + 5]}.${buf[off + 6]}.${buf[off + 7]}`, port };
  }
  if (fam === v6 && len >= SOCKADDR_IN6_OLD_LEN) {
    const dv = new DataView(buf.buffer, buf.byteOffset + off, len);
    const flowinfo = dv.getUint32(4, false);
    const scopeId = len >= SOCKADDR_IN6_LEN ? dv.getUint32(24, true) : 0;
    let address = formatIPv6(buf, off + 8);
    if (scopeId !== 0) address += `%${scopeId}`;
    return { family: 'ipv6', address, port, flowinfo, scopeId };
  }
  return null;
}

/** Decode a guest (Winsock layout) sockaddr. */
export function decodeGuest(buf: Uint8Array, off: number, len: number): SockAddr | null {
  return decodeSockaddr(buf, off, len, 'guest');
}

/** Decode a host (Linux layout) sockaddr. */
export function decodeHost(buf: Uint8Array, off: number, len: number): SockAddr | null {
  return decodeSockaddr(buf, off, len, 'host');
}

/**
 * Encode `sa` at `buf[off]` in the given layout. Returns the length written (16 or 28).
 * Throws on an unparsable address (this is not a hot-path function).
 */
export function encodeSockaddr(sa: SockAddr, buf: Uint8Array, off: number, layout: Layout): number {
  const [v4, v6] = familyNumbers(layout);
  if (sa.family === 'ipv4') {
    const parts = parseIPv4(sa.address);
    if (!parts) throw new Error(`bad IPv4 address: ${sa.address}`);
    buf.fill(0, off, off + SOCKADDR_IN_LEN);
    buf[off] = v4;
    buf[off + 2] = (sa.port >> 8) & 0xff;
    buf[off + 3] = sa.port & 0xff;
    buf.set(parts, off + 4);
    return SOCKADDR_IN_LEN;
  }
  let text = sa.address;
  let scopeId = sa.scopeId ?? 0;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    const s = Number(text.slice(pct + 1));
    if (!Number.isInteger(s)) throw new Error(`only numeric IPv6 scope ids are supported: ${sa.address}`);
    scopeId = s;
    text = text.slice(0, pct);
  }
  const bytes = parseIPv6(text);
  if (!bytes) throw new Error(`bad IPv6 address: ${sa.address}`);
  buf.fill(0, off, off + SOCKADDR_IN6_LEN);
  const dv = new DataView(buf.buffer, buf.byteOffset + off, SOCKADDR_IN6_LEN);
  dv.setUint16(0, v6, true);
  dv.setUint16(2, sa.port, false);
  dv.setUint32(4, sa.flowinfo ?? 0, false);
  buf.set(bytes, off + 8);
  dv.setUint32(24, scopeId >>> 0, true);
  return SOCKADDR_IN6_LEN;
}

/** Encode in the guest (Winsock) layout. */
export function encodeGuest(sa: SockAddr, buf: Uint8Array, off: number): number {
  return encodeSockaddr(sa, buf, off, 'guest');
}

/** Encode in the host (Linux) layout. */
export function encodeHost(sa: SockAddr, buf: Uint8Array, off: number): number {
  return encodeSockaddr(sa, buf, off, 'host');
}

/** Human-readable form: `1.2.3.4:80`, `[::1]:80`. */
export function formatSockAddr(sa: SockAddr | null): string {
  if (!sa) return '<unknown>';
  return sa.family === 'ipv4' ? `${sa.address}:${sa.port}` : `[${sa.address}]:${sa.port}`;
}

// Text ↔ bytes: core/net/address.ts.
import { parseIPv4, parseIPv6, formatIPv6 } from '../../emulator/core/net/address.js';
export { parseIPv4, parseIPv6, formatIPv6 };
