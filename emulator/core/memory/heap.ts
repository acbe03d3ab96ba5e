/**
 * Guest heaps (LocalAlloc, HeapAlloc, malloc): blocks carved from 1 MiB chunks of guest memory, with
 * the bookkeeping kept on the TypeScript side, so a guest buffer overrun cannot corrupt the
 * allocator. Sizes round up to 16 bytes; freed blocks go to per-size free lists; large blocks get a
 * mapping of their own.
 */
import { PROT_RW, pageAlignUp, type GuestMemory } from './guest-memory.js';
import type { AddressSpace } from './address-space.js';

const CHUNK = 0x10_0000;
const LARGE = 0x4_0000;
const ALIGN = 16;

export class GuestHeap {
  /** Live blocks: address -> requested size. */
  private readonly live = new Map<number, number>();
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
        this.space.commit(addr, bytes, PROT_RW);
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
    this.live.set(addr, size);
    return addr;
  }

  /** Size of a live block, or undefined if `addr` is not one of this heap's blocks. */
  size(addr: number): number | undefined {
    return this.live.get(addr >>> 0);
  }

  owns(addr: number): boolean {
    return this.live.has(addr >>> 0);
  }

  freeBlock(addr: number): boolean {
    addr >>>= 0;
    const size = this.live.get(addr);
    if (size === undefined) return false;
    this.live.delete(addr);
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
    const old = this.live.get(addr);
    if (old === undefined) return 0;
    if (capacity(size) <= capacity(old) && !this.large.has(addr)) {
      if (zeroNew && size > old) this.mem.ram.fill(0, addr + old, addr + size);
      this.live.set(addr, size);
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
    this.live.clear();
    this.free.clear();
    this.large.clear();
  }

  get liveBlocks(): number {
    return this.live.size;
  }

  private newChunk(): void {
    const base = this.space.reserve(CHUNK, `${this.name} chunk`);
    this.space.commit(base, CHUNK, PROT_RW);
    this.chunks.push(base);
    this.chunkPtr = base;
    this.chunkEnd = base + CHUNK;
  }
}

function capacity(size: number): number {
  return Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
}
