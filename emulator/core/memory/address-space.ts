/**
 * The guest's virtual address space above the executable: reservations for DLL images, heap chunks,
 * thread stacks and VirtualAlloc regions, with a cap on committed guest memory.
 *
 *   0x00010000  executable image (its preferred base)
 *   0x00800000  DLL images (preferred base when free, else relocated here)
 *   0x01000000  heaps, stacks, VirtualAlloc (first fit)  ... USER_LIMIT
 */
import type { RunBudget } from './run-budget.js';
import { PAGE_SIZE, USER_LIMIT, pageAlignUp, OutOfGuestMemory, type GuestMemory } from './guest-memory.js';

export const EXE_BASE = 0x0001_0000;
export const DLL_AREA = 0x0080_0000;
export const DYNAMIC_AREA = 0x0100_0000;
/** VirtualAlloc reservations are 64 KiB aligned on Windows CE too. */
export const ALLOCATION_GRANULARITY = 0x1_0000;

export { OutOfGuestMemory };

interface Range {
  base: number;
  size: number;
  tag: string;
}

export class AddressSpace {
  private readonly ranges: Range[] = []; // sorted by base
  committed = 0;

  constructor(
    private readonly mem: GuestMemory,
    /** Cap on mapped guest memory in bytes. */
    readonly limit: number = 256 * 1024 * 1024,
    /** The run-wide budget (run-budget.ts) every commit is also charged to, when there is one. */
    readonly budget?: RunBudget,
  ) {}

  /** Charges a commit to the per-process cap and the run's budget, or throws OutOfGuestMemory. */
  private charge(size: number): void {
    if (this.committed + size > this.limit) {
      throw new OutOfGuestMemory(`guest memory limit of ${this.limit / 1048576} MiB reached`);
    }
    if (this.budget && !this.budget.charge(size)) {
      throw new OutOfGuestMemory(`the run's memory limit of ${this.budget.limit / 1048576} MiB reached (all processes, registry and heap bookkeeping)`);
    }
  }

  /** Host-side bookkeeping kept for this process's guest objects (GuestHeap chunks), charged to the budget. */
  hostCharged = 0;

  /** Charges host memory kept on the guest's behalf to the run's budget, or throws OutOfGuestMemory. */
  chargeHost(bytes: number): void {
    if (this.budget && !this.budget.charge(bytes)) {
      throw new OutOfGuestMemory(`the run's memory limit of ${this.budget.limit / 1048576} MiB reached (all processes, registry and heap bookkeeping)`);
    }
    this.hostCharged += bytes;
  }

  releaseHost(bytes: number): void {
    this.budget?.release(bytes);
    this.hostCharged -= bytes;
  }

  /** Gives the whole commit back to the run's budget (the process ends). */
  releaseBudget(): void {
    this.budget?.release(this.committed + this.hostCharged);
    this.committed = 0;
    this.hostCharged = 0;
  }

  /** True when [base, base+size) overlaps no reservation. */
  isFree(base: number, size: number): boolean {
    if (base < PAGE_SIZE || base + size > USER_LIMIT) return false;
    return !this.ranges.some((r) => base < r.base + r.size && r.base < base + size);
  }

  /** Reserves [base, base+size) exactly; false if taken. */
  reserveAt(base: number, size: number, tag: string): boolean {
    size = pageAlignUp(size);
    if (!this.isFree(base, size)) return false;
    this.insert({ base, size, tag });
    return true;
  }

  /** Reserves `size` bytes (first fit at or above `from`, aligned). Returns the base. */
  reserve(size: number, tag: string, align = ALLOCATION_GRANULARITY, from = DYNAMIC_AREA): number {
    size = pageAlignUp(size);
    let cand = alignUp(from, align);
    for (const r of this.ranges) {
      if (r.base + r.size <= cand) continue;
      if (cand + size <= r.base) break;
      cand = alignUp(r.base + r.size, align);
    }
    if (cand + size > USER_LIMIT) throw new OutOfGuestMemory(`guest address space exhausted reserving ${size} bytes for ${tag}`);
    this.insert({ base: cand, size, tag });
    return cand;
  }

  /** Maps (commits) pages inside a reservation, counting them against the cap. */
  commit(base: number, size: number, prot: number): void {
    size = pageAlignUp(size);
    this.charge(size);
    try {
      this.mem.map(base, size, prot);
    } catch (e) {
      this.budget?.release(size);
      throw e;
    }
    this.committed += size;
  }

  /** Maps pages inside a reservation onto shared host pages (GuestMemory.mapShared), counted like commit. */
  commitShared(base: number, size: number, prot: number, fd: number, offset: number): void {
    size = pageAlignUp(size);
    this.charge(size);
    try {
      this.mem.mapShared(base, size, prot, fd, offset);
    } catch (e) {
      this.budget?.release(size);
      throw e;
    }
    this.committed += size;
  }

  decommit(base: number, size: number): void {
    size = pageAlignUp(size);
    this.mem.unmap(base, size);
    this.committed -= size;
    this.budget?.release(size);
  }

  /** Releases a reservation (unmapping whatever of it is mapped). */
  release(base: number): Range | undefined {
    const i = this.ranges.findIndex((r) => r.base === base);
    if (i < 0) return undefined;
    const [r] = this.ranges.splice(i, 1) as [Range];
    for (let p = r.base; p < r.base + r.size; p += PAGE_SIZE) {
      if (this.mem.isMapped(p)) {
        let q = p;
        while (q < r.base + r.size && this.mem.isMapped(q)) q += PAGE_SIZE;
        this.decommit(p, q - p);
        p = q;
      }
    }
    return r;
  }

  find(addr: number): Range | undefined {
    return this.ranges.find((r) => addr >= r.base && addr < r.base + r.size);
  }

  /** The first reservation starting at or above `addr` (VirtualQuery's free-region end). */
  nextAbove(addr: number): Range | undefined {
    return this.ranges.find((r) => r.base >= addr);
  }

  private insert(r: Range): void {
    let i = 0;
    while (i < this.ranges.length && this.ranges[i]!.base < r.base) i++;
    this.ranges.splice(i, 0, r);
  }
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
