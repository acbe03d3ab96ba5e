/**
 * Guest memory: the one typed, bounds-checked view through which every TypeScript access to guest
 * memory goes.
 *
 * The guest's user address space (0 .. USER_LIMIT) is one host reservation (mmap, MAP_NORESERVE), so a
 * guest address is also the offset into `ram`: no region lookup on access. Pages become guest-visible
 * only when mapped into unicorn (uc_mem_map_ptr on the same host bytes: zero copies in both
 * directions); a page table of protection bits mirrors what is mapped, and every checked access
 * consults it. A bad guest pointer therefore raises one exception type, GuestFault, which the API
 * dispatcher turns into the API's documented error (WSAEFAULT for send, an access violation for the C
 * runtime, ...), in one place.
 *
 * Addresses above USER_LIMIT (the KData page, trap pages) live in small separate host blocks; they are
 * readable by the guest but are never "user memory" for API buffer checks.
 */
import { HostMemory, mmapAnonymousAt, mmapSharedAt, UC_PROT_EXEC, UC_PROT_READ, UC_PROT_WRITE, type Unicorn } from '../unicorn/unicorn.js';

export const PAGE_SIZE = 0x1000;
export const PAGE_SHIFT = 12;
/** Top of the emulated user address space (exclusive). CE 5 slots live far below; 512 MiB is plenty. */
export const USER_LIMIT = 0x2000_0000;

export const PROT_R = UC_PROT_READ;
export const PROT_W = UC_PROT_WRITE;
export const PROT_X = UC_PROT_EXEC;
export const PROT_RW = PROT_R | PROT_W;
export const PROT_RX = PROT_R | PROT_X;
export const PROT_RWX = PROT_R | PROT_W | PROT_X;

export type Access = 'read' | 'write';

/** Guest memory cannot be provided: the memory limit, the address space, or unicorn's region table. */
export class OutOfGuestMemory extends Error {}

/**
 * unicorn 2.0.1 (qemu's phys_section_add) aborts the whole host process once its address space holds
 * about 1016 memory regions. Every map, and every protect/unmap that splits a region, adds one; past
 * this cap they fail with OutOfGuestMemory instead (the guest sees an allocation failure).
 */
export const MAX_UNICORN_REGIONS = 900;

/** A guest pointer that does not designate accessible guest user memory. */
export class GuestFault extends Error {
  constructor(
    readonly address: number,
    readonly length: number,
    readonly access: Access,
  ) {
    super(`guest ${access} of ${length} byte(s) at 0x${(address >>> 0).toString(16).padStart(8, '0')} is outside valid guest memory`);
  }
}

interface HighBlock {
  base: number;
  size: number;
  mem: HostMemory;
  prot: number;
}

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

export class GuestMemory {
  /** The whole user address space; guest address == index. */
  readonly ram: Buffer;
  /** Host address of ram[0]: what syscalls get for guest pointers. */
  readonly hostBase: number;
  private readonly host: HostMemory;
  /** Protection bits per 4 KiB page of user space (0 = not mapped). */
  private readonly pages: Uint8Array;
  private readonly high: HighBlock[] = [];
  /** Upper bound of unicorn's region count; re-read from unicorn when it nears the cap. */
  private regionBound = 0;

  constructor(private readonly uc: Unicorn) {
    this.host = new HostMemory(USER_LIMIT);
    this.ram = this.host.buffer;
    this.hostBase = this.host.address;
    this.pages = new Uint8Array(USER_LIMIT >>> PAGE_SHIFT);
  }

  /** Maps [addr, addr+size) of user space (page aligned) with `prot`, zero-filled. */
  map(addr: number, size: number, prot: number): void {
    checkAligned(addr, size);
    if (addr + size > USER_LIMIT || addr < PAGE_SIZE) {
      throw new Error(`cannot map 0x${addr.toString(16)}+0x${size.toString(16)}: outside user space`);
    }
    for (let p = addr >>> PAGE_SHIFT, e = (addr + size) >>> PAGE_SHIFT; p < e; p++) {
      if (this.pages[p]) throw new Error(`cannot map 0x${addr.toString(16)}: page 0x${(p << PAGE_SHIFT).toString(16)} already mapped`);
    }
    this.addRegions(1);
    this.ram.fill(0, addr, addr + size);
    this.uc.memMapPtr(addr, size, prot, this.hostBase + addr);
    this.pages.fill(prot || 0x80, addr >>> PAGE_SHIFT, (addr + size) >>> PAGE_SHIFT);
  }

  /**
   * Maps [addr, addr+size) of user space onto shared host pages: `fd` from `offset` (a memfd or a
   * host file, MAP_SHARED), so other processes' views and the file see the same bytes. Not zeroed.
   * unmap() puts private pages back.
   */
  mapShared(addr: number, size: number, prot: number, fd: number, offset: number): void {
    checkAligned(addr, size);
    if (addr + size > USER_LIMIT || addr < PAGE_SIZE) {
      throw new Error(`cannot map 0x${addr.toString(16)}+0x${size.toString(16)}: outside user space`);
    }
    for (let p = addr >>> PAGE_SHIFT, e = (addr + size) >>> PAGE_SHIFT; p < e; p++) {
      if (this.pages[p]) throw new Error(`cannot map 0x${addr.toString(16)}: page 0x${(p << PAGE_SHIFT).toString(16)} already mapped`);
    }
    this.addRegions(1);
    mmapSharedAt(this.hostBase + addr, size, fd, offset, (prot & PROT_W) !== 0);
    try {
      this.uc.memMapPtr(addr, size, prot, this.hostBase + addr);
    } catch (e) {
      mmapAnonymousAt(this.hostBase + addr, size);
      throw e;
    }
    this.shared.set(addr, size);
    this.pages.fill(prot || 0x80, addr >>> PAGE_SHIFT, (addr + size) >>> PAGE_SHIFT);
  }
  /** Shared mappings (mapShared): base -> size. */
  private readonly shared = new Map<number, number>();

  unmap(addr: number, size: number): void {
    checkAligned(addr, size);
    this.addRegions(this.splits(addr, size) >> 1);
    this.uc.memUnmap(addr, size);
    this.pages.fill(0, addr >>> PAGE_SHIFT, (addr + size) >>> PAGE_SHIFT);
    for (const [b, n] of this.shared) {
      if (b < addr + size && addr < b + n) {
        this.shared.delete(b);
        mmapAnonymousAt(this.hostBase + b, n);
      }
    }
  }

  protect(addr: number, size: number, prot: number): void {
    checkAligned(addr, size);
    this.addRegions(this.splits(addr, size));
    this.uc.memProtect(addr, size, prot);
    this.pages.fill(prot || 0x80, addr >>> PAGE_SHIFT, (addr + size) >>> PAGE_SHIFT);
  }

  /** New regions a protect of [addr, addr+size) can create: one per end that cuts a mapping (unmap: 2 = one). */
  private splits(addr: number, size: number): number {
    const before = addr >= PAGE_SIZE && this.isMapped(addr - PAGE_SIZE);
    const after = this.isMapped(addr + size);
    return (before ? 1 : 0) + (after ? 1 : 0);
  }

  /** Accounts for `n` more unicorn regions; throws OutOfGuestMemory past MAX_UNICORN_REGIONS. */
  private addRegions(n: number): void {
    if (n <= 0) return;
    if (this.regionBound + n > MAX_UNICORN_REGIONS) {
      this.regionBound = this.uc.memRegionCount();
      if (this.regionBound + n > MAX_UNICORN_REGIONS) {
        throw new OutOfGuestMemory(`guest memory too fragmented: more than ${MAX_UNICORN_REGIONS} separate mappings`);
      }
    }
    this.regionBound += n;
  }

  /** Maps a block above user space (KData, trap pages). Returns its host buffer. */
  mapHigh(base: number, size: number, prot: number): Buffer {
    checkAligned(base, size);
    this.addRegions(1);
    const mem = new HostMemory(size);
    this.uc.memMapPtr(base, size, prot, mem.address);
    this.high.push({ base, size, mem, prot });
    return mem.buffer;
  }

  isMapped(addr: number): boolean {
    addr >>>= 0;
    if (addr < USER_LIMIT) return this.pages[addr >>> PAGE_SHIFT] !== 0;
    return this.highBlock(addr) !== undefined;
  }

  /** Protection of the page holding addr (0 if unmapped). */
  protAt(addr: number): number {
    addr >>>= 0;
    if (addr < USER_LIMIT) return this.pages[addr >>> PAGE_SHIFT]! & PROT_RWX;
    return this.highBlock(addr)?.prot ?? 0;
  }

  /**
   * True when [addr, addr+len) is entirely inside mapped guest *user* memory with the access right.
   * len 0 is valid for any address (nothing is touched).
   */
  isUserRange(addr: number, len: number, access: Access = 'read'): boolean {
    if (len === 0) return true;
    if (len < 0) return false;
    addr >>>= 0;
    const end = addr + len;
    if (end > USER_LIMIT) return false;
    const need = access === 'write' ? PROT_W : PROT_R;
    const pages = this.pages;
    for (let p = addr >>> PAGE_SHIFT, e = (end - 1) >>> PAGE_SHIFT; p <= e; p++) {
      if ((pages[p]! & need) === 0) return false;
    }
    return true;
  }

  /** Throws GuestFault unless [addr, addr+len) is accessible user memory; returns addr as unsigned. */
  check(addr: number, len: number, access: Access = 'read'): number {
    if (!this.isUserRange(addr, len, access)) throw new GuestFault(addr, len, access);
    return addr >>> 0;
  }

  /** Host address of a guest pointer, for syscalls; checks the range first. */
  hostPointer(addr: number, len: number, access: Access): number {
    return this.hostBase + this.check(addr, len, access);
  }

  // ---- typed accessors (checked) ----
  u8(a: number): number {
    return this.ram[this.check(a, 1)]!;
  }
  u16(a: number): number {
    return this.ram.readUInt16LE(this.check(a, 2));
  }
  u32(a: number): number {
    // User memory only, like every checked accessor: a kernel address (the KData page) given to an
    // API is a bad pointer. Diagnostics that may look at high blocks use peek32.
    return this.ram.readUInt32LE(this.check(a, 4));
  }
  i32(a: number): number {
    return this.u32(a) | 0;
  }
  u64(a: number): bigint {
    return this.ram.readBigUInt64LE(this.check(a, 8));
  }
  f64(a: number): number {
    return this.ram.readDoubleLE(this.check(a, 8));
  }
  setU8(a: number, v: number): void {
    this.ram[this.check(a, 1, 'write')] = v;
  }
  setU16(a: number, v: number): void {
    this.ram.writeUInt16LE(v & 0xffff, this.check(a, 2, 'write'));
  }
  setU32(a: number, v: number): void {
    this.ram.writeUInt32LE(v >>> 0, this.check(a, 4, 'write'));
  }
  setU64(a: number, v: bigint): void {
    this.ram.writeBigUInt64LE(BigInt.asUintN(64, v), this.check(a, 8, 'write'));
  }

  /** A view of guest bytes (no copy). Valid until the guest writes them. */
  bytes(a: number, len: number, access: Access = 'read'): Buffer {
    const s = this.check(a, len, access);
    return this.ram.subarray(s, s + len);
  }
  write(a: number, data: Uint8Array): void {
    const s = this.check(a, data.length, 'write');
    this.ram.set(data, s);
  }
  fill(a: number, len: number, value: number): void {
    const s = this.check(a, len, 'write');
    this.ram.fill(value & 0xff, s, s + len);
  }
  copyWithin(dst: number, src: number, len: number): void {
    const d = this.check(dst, len, 'write');
    const s = this.check(src, len, 'read');
    this.ram.copyWithin(d, s, s + len);
  }

  /** Length in characters of a NUL-terminated UTF-16 string (checked page by page). */
  wcslen(a: number, max = USER_LIMIT): number {
    a >>>= 0;
    if (a & 1) {
      // Unaligned wide strings are legal on ARM only byte-wise; handle slowly.
      let n = 0;
      while (n < max && this.u16(a + 2 * n) !== 0) n++;
      return n;
    }
    const ram = this.ram;
    let n = 0;
    let p = a;
    for (;;) {
      this.check(p, 2);
      const pageEnd = Math.min(((p >>> PAGE_SHIFT) + 1) << PAGE_SHIFT, USER_LIMIT);
      while (p < pageEnd) {
        if (n >= max) return n;
        if (ram[p] === 0 && ram[p + 1] === 0) return n;
        p += 2;
        n++;
      }
    }
  }

  strlen(a: number, max = USER_LIMIT): number {
    a >>>= 0;
    const ram = this.ram;
    let p = a;
    for (;;) {
      this.check(p, 1);
      const pageEnd = Math.min(((p >>> PAGE_SHIFT) + 1) << PAGE_SHIFT, USER_LIMIT);
      // Search this page only: indexOf over the rest of RAM made a long string quadratic (issue 17 item 2).
      const hit = ram.subarray(p, pageEnd).indexOf(0);
      if (hit >= 0) return Math.min(p + hit - a, max);
      if (pageEnd - a >= max) return max;
      p = pageEnd;
    }
  }

  /** Reads a NUL-terminated UTF-16 string (at most `max` characters). */
  wstr(a: number, max?: number): string {
    const n = this.wcslen(a, max);
    return utf16.decode(this.ram.subarray(a >>> 0, (a >>> 0) + 2 * n));
  }
  /** Reads a NUL-terminated narrow string (CE code page 1252 approximated by Latin-1). */
  str(a: number, max?: number): string {
    const n = this.strlen(a, max);
    return latin1.decode(this.ram.subarray(a >>> 0, (a >>> 0) + n));
  }
  /** Writes s as UTF-16 plus a terminating NUL; returns characters written (without the NUL). */
  writeWstr(a: number, s: string): number {
    const len = s.length;
    const d = this.check(a, 2 * len + 2, 'write');
    for (let i = 0; i < len; i++) this.ram.writeUInt16LE(s.charCodeAt(i), d + 2 * i);
    this.ram.writeUInt16LE(0, d + 2 * len);
    return len;
  }
  writeStr(a: number, s: string): number {
    const len = s.length;
    const d = this.check(a, len + 1, 'write');
    this.ram.write(s, d, 'latin1');
    this.ram[d + len] = 0;
    return len;
  }

  /** Returns the host pages of guest memory (after the CPU is closed); the views stay valid, zeroed. */
  release(): void {
    this.host.release();
    for (const b of this.high) b.mem.release();
  }

  // ---- high blocks ----
  private highBlock(a: number): HighBlock | undefined {
    for (const b of this.high) if (a >= b.base && a < b.base + b.size) return b;
    return undefined;
  }
  private highRead32(a: number): number {
    const b = this.highBlock(a);
    if (!b || a + 4 > b.base + b.size || !(b.prot & PROT_R)) throw new GuestFault(a, 4, 'read');
    return b.mem.buffer.readUInt32LE(a - b.base);
  }
  /** Reads a word anywhere mapped (user or high), for diagnostics; undefined if unmapped. */
  peek32(a: number): number | undefined {
    a >>>= 0;
    try {
      if (a < USER_LIMIT) return this.isUserRange(a, 4) ? this.ram.readUInt32LE(a) : undefined;
      return this.highRead32(a);
    } catch {
      return undefined;
    }
  }
}

function checkAligned(addr: number, size: number): void {
  if (addr % PAGE_SIZE || size % PAGE_SIZE || size <= 0) {
    throw new Error(`unaligned mapping 0x${addr.toString(16)}+0x${size.toString(16)}`);
  }
}

export function pageAlignUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}
