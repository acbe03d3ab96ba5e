/**
 * Guest heaps (LocalAlloc, HeapAlloc, malloc): blocks carved from 1 MiB chunks of guest memory, with
 * the bookkeeping kept on the TypeScript side, so a guest buffer overrun cannot corrupt the
 * allocator. Sizes round up to 16 bytes; freed blocks go to per-size free lists; large blocks get a
 * mapping of their own.
 *
 * Block sizes live in one typed array per chunk (a slot per 16 bytes), not in a Map: a guest can make
 * 2^24 and more small blocks, past V8's Map limit ("Map maximum size exceeded", issue 17 item 9), and
 * a Map entry per 16-byte block cost ~4x the guest memory in host memory.
 *
 * Heap memory is executable, as on a CE 6 device: Microsoft's own CE code builds ATL window thunks in
 * heap blocks and runs them (the corpus's msdxm.dll, loaded by ceplayer.exe: a 20-byte block written,
 * FlushInstructionCache, then SetWindowLongW(GWL_WNDPROC) to it), which a device executes. A heap without
 * PROT_X stopped that program with "execute of protected address".
 */
import { PROT_RWX, pageAlignUp, type GuestMemory } from './guest-memory.js';
import type { AddressSpace } from './address-space.js';

/** Heap pages are readable, writable and executable (see above). */
const HEAP_PROT = PROT_RWX;
const CHUNK = 0x10_0000;
const LARGE = 0x4_0000;
const ALIGN = 16;
/** Host bytes of one chunk's size table. */
const SIZES_BYTES = (CHUNK / ALIGN) * 4;

interface Chunk {
  base: number;
  /** Requested size + 1 of the live block starting at base + 16 * i; 0 = none. */
  sizes: Uint32Array;
}

export class GuestHeap {
  /** Live large blocks: address -> requested size. */
  private readonly liveLarge = new Map<number, number>();
  /** Chunks sorted by base address (binary search). */
  private readonly sorted: Chunk[] = [];
  private liveCount = 0;
  private readonly free = new Map<number, number[]>();
  private readonly large = new Set<number>();
  private chunkPtr = 0;
  private chunkEnd = 0;
  private readonly chunks: number[] = [];

  constructor(
    private readonly mem: GuestMemory,
    private readonly space: AddressSpace,
    readonly name: string,
  ) {}

  /** Returns a guest address, or 0 when out of memory. */
  alloc(size: number, zero = false): number {
    size >>>= 0;
    const cap = capacity(size);
    let addr = 0;
    try {
      if (cap >= LARGE) {
        const bytes = pageAlignUp(cap);
        addr = this.space.reserve(bytes, `${this.name} large block`);
        this.space.commit(addr, bytes, HEAP_PROT);
        this.large.add(addr);
      } else {
        const list = this.free.get(cap);
        if (list && list.length) {
          addr = list.pop()!;
        } else {
          if (this.chunkPtr + cap > this.chunkEnd) this.newChunk();
          addr = this.chunkPtr;
          this.chunkPtr += cap;
        }
      }
    } catch {
      return 0;
    }
    if (zero) this.mem.ram.fill(0, addr, addr + cap);
    this.setSize(addr, size);
    this.liveCount++;
    return addr;
  }

  /** The chunk holding small-block address a (undefined: none). */
  private chunkAt(a: number): Chunk | undefined {
    const c = this.sorted;
    let lo = 0;
    let hi = c.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = c[mid]!;
      if (a < k.base) hi = mid - 1;
      else if (a >= k.base + CHUNK) lo = mid + 1;
      else return k;
    }
    return undefined;
  }
  private setSize(addr: number, size: number | undefined): void {
    if (this.large.has(addr)) {
      if (size === undefined) this.liveLarge.delete(addr);
      else this.liveLarge.set(addr, size);
      return;
    }
    const c = this.chunkAt(addr)!;
    c.sizes[(addr - c.base) >>> 4] = size === undefined ? 0 : size + 1;
  }

  /** Size of a live block, or undefined if `addr` is not one of this heap's blocks. */
  size(addr: number): number | undefined {
    addr >>>= 0;
    if (this.large.has(addr)) return this.liveLarge.get(addr);
    if (addr & (ALIGN - 1)) return undefined;
    const c = this.chunkAt(addr);
    const v = c ? c.sizes[(addr - c.base) >>> 4]! : 0;
    return v === 0 ? undefined : v - 1;
  }

  /** The live blocks, [address, requested size], by address within each chunk, then the large blocks (GetHeapSnapshot). */
  *blocks(): Generator<[number, number]> {
    for (const c of this.sorted) {
      const sizes = c.sizes;
      for (let i = 0; i < sizes.length; i++) if (sizes[i]) yield [c.base + i * ALIGN, sizes[i]! - 1];
    }
    for (const [a, n] of [...this.liveLarge].sort((x, y) => x[0] - y[0])) yield [a, n];
  }

  owns(addr: number): boolean {
    return this.size(addr) !== undefined;
  }

  freeBlock(addr: number): boolean {
    addr >>>= 0;
    const size = this.size(addr);
    if (size === undefined) return false;
    this.setSize(addr, undefined);
    this.liveCount--;
    if (this.large.has(addr)) {
      this.large.delete(addr);
      this.space.release(addr);
      return true;
    }
    const cap = capacity(size);
    let list = this.free.get(cap);
    if (!list) this.free.set(cap, (list = []));
    list.push(addr);
    return true;
  }

  /** Resizes; returns the (possibly moved) block, or 0 (the old block stays valid). */
  realloc(addr: number, size: number, zeroNew = false, mayMove = true): number {
    addr >>>= 0;
    const old = this.size(addr);
    if (old === undefined) return 0;
    if (capacity(size) <= capacity(old) && !this.large.has(addr)) {
      if (zeroNew && size > old) this.mem.ram.fill(0, addr + old, addr + size);
      this.setSize(addr, size);
      return addr;
    }
    if (!mayMove) return 0;
    const n = this.alloc(size, zeroNew);
    if (!n) return 0;
    this.mem.ram.copyWithin(n, addr, addr + Math.min(old, size));
    this.freeBlock(addr);
    return n;
  }

  destroy(): void {
    for (const a of this.large) this.space.release(a);
    for (const c of this.chunks) this.space.release(c);
    this.space.releaseHost(SIZES_BYTES * this.chunks.length);
    this.chunks.length = 0;
    this.liveLarge.clear();
    this.sorted.length = 0;
    this.liveCount = 0;
    this.free.clear();
    this.large.clear();
  }

  get liveBlocks(): number {
    return this.liveCount;
  }

  private newChunk(): void {
    const base = this.space.reserve(CHUNK, `${this.name} chunk`);
    try {
      this.space.commit(base, CHUNK, HEAP_PROT);
      this.space.chargeHost(SIZES_BYTES); // the chunk's size table (the run's budget, run-budget.ts)
    } catch (e) {
      this.space.release(base);
      throw e;
    }
    this.chunks.push(base);
    const chunk: Chunk = { base, sizes: new Uint32Array(CHUNK / ALIGN) };
    let i = this.sorted.length;
    while (i > 0 && this.sorted[i - 1]!.base > base) i--;
    this.sorted.splice(i, 0, chunk);
    this.chunkPtr = base;
    this.chunkEnd = base + CHUNK;
  }
}

function capacity(size: number): number {
  return Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
}
