/**
 * Thin binding of Debian's libunicorn2 (unicorn 2.0.x) through koffi.
 *
 * Only what the emulator needs, shaped for the hot path:
 *  - guest RAM is host memory we own, mapped with uc_mem_map_ptr (no uc_mem_read copies);
 *  - registers are moved in batches through preallocated buffers (no allocation per call);
 *  - hooks are koffi callbacks registered once.
 */
import koffi from 'koffi';
import { ARM_REG, UC_ERR_NAMES } from './constants.js';
import {
  autoPrepareEnabled,
  cacheDir,
  prepareSlicer,
  prepareUnicorn,
  preparedUnicornPath,
  slicerCandidates,
  systemUnicornVersion,
  unicornPrepareFailedRecently,
  warnOnce,
} from './prepare.js';

const LIB_CANDIDATES = ['libunicorn.so.2', 'libunicorn.so', 'libunicorn.2.dylib'];

/** Where the loaded engine came from (for `wmemu --version` and bug reports). */
export let unicornLibraryPath = '';

/**
 * Loads the unicorn engine: $WMEMU_UNICORN (a path) if set, else the unicorn >= 2.1 that
 * scripts/fetch-unicorn.sh put in .deps/unicorn/ or that the first run of an installed package prepared
 * in the cache (Debian trixie's libunicorn2t64: guest stores ~20x faster than bookworm's 2.0.1, see
 * prepare.ts), else the system's libunicorn2. On a system 2.0.x the first run prepares 2.1 (once; a
 * failure is retried a day later), and a run that stays on 2.0.x says so in one line.
 */
function loadLibrary(): koffi.IKoffiLib {
  const errors: string[] = [];
  const env = process.env.WMEMU_UNICORN;
  const system = process.env.WMEMU_SYSTEM_UNICORN === '1';
  let fast = env || system ? undefined : preparedUnicornPath();
  let prepareMessage = '';
  if (!env && !system && !fast && autoPrepareEnabled() && !unicornPrepareFailedRecently()) {
    // First run of an installed package: is the system's engine the slow 2.0.x? (A child process
    // answers: one process must never load two libunicorn.so.2, see systemUnicornVersion.)
    const v = systemUnicornVersion();
    if (v === undefined || v < 0x020100) {
      process.stderr.write(`wmemu: the system's unicorn is ${v === undefined ? 'absent' : versionText(v)}; preparing unicorn 2.1 in ${cacheDir()} (once)\n`);
      const r = prepareUnicorn();
      fast = r.path;
      prepareMessage = r.message;
    }
  }
  const names = env ? [env] : [...(fast ? [fast] : []), ...LIB_CANDIDATES];
  for (const name of names) {
    try {
      const l = koffi.load(name);
      unicornLibraryPath = name;
      if (!env && !system && name !== fast) {
        const v = versionOf(l);
        if (v < 0x020100) {
          warnOnce(
            'engine',
            `slow path: unicorn ${versionText(v)} (guest stores ~20x slower than 2.1)${prepareMessage ? `: ${prepareMessage}` : ''}; 'npx wmemu doctor' says how to fix it`,
          );
        }
      }
      return l;
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(
    `cannot load the unicorn engine (libunicorn2). Install it with 'apt-get install libunicorn2' ` + `or run 'npx wmemu doctor'. Tried: ${errors.join('; ')}`,
  );
}

/** uc_version as 0xMMmmpp (major, minor, patch). */
function versionOf(l: koffi.IKoffiLib): number {
  const v = l.func('unsigned int uc_version(void *major, void *minor)')(null, null) as number;
  return v >>> 8;
}

function versionText(v: number): string {
  return `${v >> 16}.${(v >> 8) & 0xff}.${v & 0xff}`;
}

let lib: ReturnType<typeof bindAll> | undefined;

function bindAll() {
  const l = loadLibrary();
  const ucHandle = koffi.opaque('uc_engine');
  const ucPtr = koffi.pointer(ucHandle);
  // Hot path: the engine and user-data pointers reach the callbacks as plain integers (uintptr_t).
  // Declared as pointers, koffi would wrap each in a new napi External (a V8 global handle) on every
  // call: ~300 ns per trap plus scavenges.
  const hookMemProto = koffi.proto('bool uc_cb_eventmem_t(uintptr_t uc, int type, uint64_t address, int size, int64_t value, uintptr_t user_data)');
  const hookIntrProto = koffi.proto('void uc_cb_hookintr_t(uintptr_t uc, uint32_t intno, uintptr_t user_data)');
  const hookCodeProto = koffi.proto('void uc_cb_hookcode_t(uintptr_t uc, uint64_t address, uint32_t size, uintptr_t user_data)');
  return {
    ucPtr,
    hookMemProto,
    hookIntrProto,
    hookCodeProto,
    version: l.func('unsigned int uc_version(void *major, void *minor)'),
    open: l.func('int uc_open(int arch, int mode, _Out_ uc_engine **uc)'),
    close: l.func('int uc_close(uc_engine *uc)'),
    strerror: l.func('const char *uc_strerror(int code)'),
    ctlSetCpuModel: l.func('int uc_ctl(uc_engine *uc, int control, ...)'),
    regWrite: l.func('int uc_reg_write(uc_engine *uc, int regid, const void *value)'),
    regRead: l.func('int uc_reg_read(uc_engine *uc, int regid, void *value)'),
    regWriteBatch: l.func('int uc_reg_write_batch(uc_engine *uc, void *regs, void *vals, int count)'),
    regReadBatch: l.func('int uc_reg_read_batch(uc_engine *uc, void *regs, void *vals, int count)'),
    // Hot-path variants taking every pointer as an integer address (engine handle and preallocated
    // off-heap buffers): koffi converts a Buffer argument in ~0.5 us, an integer in a few ns.
    regWriteAddr: l.func('int uc_reg_write(uintptr_t uc, int regid, uintptr_t value)'),
    regReadAddr: l.func('int uc_reg_read(uintptr_t uc, int regid, uintptr_t value)'),
    regWriteBatchAddr: l.func('int uc_reg_write_batch(uintptr_t uc, uintptr_t regs, uintptr_t vals, int count)'),
    regReadBatchAddr: l.func('int uc_reg_read_batch(uintptr_t uc, uintptr_t regs, uintptr_t vals, int count)'),
    memMapPtr: l.func('int uc_mem_map_ptr(uc_engine *uc, uint64_t address, size_t size, uint32_t perms, uintptr_t ptr)'),
    memUnmap: l.func('int uc_mem_unmap(uc_engine *uc, uint64_t address, size_t size)'),
    memProtect: l.func('int uc_mem_protect(uc_engine *uc, uint64_t address, size_t size, uint32_t perms)'),
    memRegions: l.func('int uc_mem_regions(uc_engine *uc, _Out_ void **regions, _Out_ uint32_t *count)'),
    ucFree: l.func('int uc_free(void *mem)'),
    emuStart: l.func('int uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)'),
    emuStop: l.func('int uc_emu_stop(uc_engine *uc)'),
    hookAdd: l.func('int uc_hook_add(uc_engine *uc, _Out_ size_t *hh, int type, void *callback, void *user_data, uint64_t begin, uint64_t end)'),
    hookDel: l.func('int uc_hook_del(uc_engine *uc, size_t hh)'),
    hookAddRaw: l.func('int uc_hook_add(uintptr_t uc, _Out_ size_t *hh, int type, uintptr_t callback, uintptr_t user_data, uint64_t begin, uint64_t end)'),
    contextAlloc: l.func('int uc_context_alloc(uc_engine *uc, _Out_ void **context)'),
    contextSave: l.func('int uc_context_save(uc_engine *uc, void *context)'),
    contextRestore: l.func('int uc_context_restore(uc_engine *uc, void *context)'),
    contextFree: l.func('int uc_context_free(void *context)'),
    contextRegRead: l.func('int uc_context_reg_read(void *context, int regid, void *value)'),
    // libc helpers for page-aligned host memory that we own and map into the guest.
    libc: koffi.load('libc.so.6'),
  };
}

function B(): ReturnType<typeof bindAll> {
  return (lib ??= bindAll());
}

export const UC_ARCH_ARM = 1;
export const UC_MODE_ARM = 0;
export const UC_MODE_THUMB = 1 << 4;

export const UC_PROT_NONE = 0;
export const UC_PROT_READ = 1;
export const UC_PROT_WRITE = 2;
export const UC_PROT_EXEC = 4;
export const UC_PROT_ALL = 7;

export const UC_HOOK_INTR = 1 << 0;
export const UC_HOOK_CODE = 1 << 2;
export const UC_HOOK_MEM_READ_UNMAPPED = 1 << 4;
export const UC_HOOK_MEM_WRITE_UNMAPPED = 1 << 5;
export const UC_HOOK_MEM_FETCH_UNMAPPED = 1 << 6;
export const UC_HOOK_MEM_READ_PROT = 1 << 7;
export const UC_HOOK_MEM_WRITE_PROT = 1 << 8;
export const UC_HOOK_MEM_FETCH_PROT = 1 << 9;
export const UC_HOOK_MEM_INVALID = 0x3f0;
export const UC_HOOK_INSN_INVALID = 1 << 14;

export const UC_MEM_READ_UNMAPPED = 19;
export const UC_MEM_WRITE_UNMAPPED = 20;
export const UC_MEM_FETCH_UNMAPPED = 21;
export const UC_MEM_WRITE_PROT = 22;
export const UC_MEM_READ_PROT = 23;
export const UC_MEM_FETCH_PROT = 24;

export const UC_ERR_OK = 0;

/** ARM CPU models of unicorn 2.0 (enum uc_cpu_arm). */
export const CPU_MODELS: Record<string, { id: number; description: string; thumb2: boolean }> = {
  'cortex-a8': { id: 15, description: 'ARMv7-A Cortex-A8 (ARM, Thumb-1, Thumb-2, VFPv3): runs LLVM ARMNT and ARMV4I code', thumb2: true },
  'cortex-a9': { id: 16, description: 'ARMv7-A Cortex-A9', thumb2: true },
  'cortex-a15': { id: 17, description: 'ARMv7-A Cortex-A15', thumb2: true },
  arm1136: { id: 4, description: 'ARMv6 ARM1136 (ARM, Thumb-1; no Thumb-2)', thumb2: false },
  arm1176: { id: 5, description: 'ARMv6 ARM1176 (ARM, Thumb-1; no Thumb-2)', thumb2: false },
  arm926: { id: 0, description: 'ARMv5TEJ ARM926 (ARM, Thumb-1)', thumb2: false },
  pxa270: { id: 26, description: 'ARMv5TE Intel XScale PXA270, as in many Windows Mobile devices (ARM, Thumb-1)', thumb2: false },
  sa1110: { id: 20, description: 'ARMv4 StrongARM SA-1110 (ARM only)', thumb2: false },
};
export const DEFAULT_CPU = 'cortex-a8';

export class UnicornError extends Error {
  constructor(
    readonly op: string,
    readonly code: number,
  ) {
    super(`unicorn ${op} failed: ${UC_ERR_NAMES[code] ?? code} (${ucStrerror(code)})`);
  }
}

export function ucStrerror(code: number): string {
  try {
    return B().strerror(code) as string;
  } catch {
    return `error ${code}`;
  }
}

export function unicornVersion(): string {
  const v = B().version(null, null) as number;
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}`;
}

/** Host memory we own (mmap'd, page aligned), visible to TypeScript as a Buffer without copies. */
export class HostMemory {
  readonly buffer: Buffer;
  readonly address: number;
  constructor(readonly size: number) {
    const b = B();
    const mmap = hostFns().mmap;
    // PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE: pages cost nothing until touched.
    // MAP_32BIT (x86-64) puts it below 2 GiB, so host pointers into guest RAM are small integers that
    // V8 passes to syscalls without boxing a heap number per call (the send() hot path).
    const FAILED = 2 ** 64 - 1;
    let p = process.arch === 'x64' ? mmap(null, size, 3, 0x22 | 0x4000 | 0x40, -1, 0) : null;
    let addr = p === null ? FAILED : Number(koffi.address(p));
    if (addr === FAILED || addr + size >= 2 ** 31) {
      p = mmap(null, size, 3, 0x22 | 0x4000, -1, 0);
      addr = Number(koffi.address(p));
    }
    if (!addr || addr === FAILED || addr < 0) throw new Error(`cannot reserve ${size} bytes of host memory`);
    this.address = addr;
    this.buffer = Buffer.from(koffi.view(p, size));
    this.ptr = p;
    void b;
  }
  private readonly ptr: unknown;

  /**
   * Gives the pages back to the host (madvise MADV_DONTNEED): resident memory drops to zero while
   * the mapping stays valid, so a late access through `buffer` reads zeros instead of crashing.
   */
  release(): void {
    hostFns().madvise(this.ptr, this.size, 4 /* MADV_DONTNEED */);
  }
}

let hostFnsCache: { mmap: koffi.KoffiFunction; madvise: koffi.KoffiFunction } | undefined;
function hostFns() {
  return (hostFnsCache ??= {
    mmap: B().libc.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, intptr_t off)'),
    madvise: B().libc.func('int madvise(void *addr, size_t len, int advice)'),
  });
}

/**
 * Shared host memory for guest mappings (coredll's CreateFileMappingW/MapViewOfFile): a view is the
 * same host pages (a memfd for pagefile-backed mappings, the host file itself for file-backed ones)
 * mapped MAP_SHARED over a part of a GuestMemory reservation, so every process of a run (each its
 * own reservation) and the file see the same bytes.
 */
let sharedFnsCache: { memfd: koffi.KoffiFunction; mmapAt: koffi.KoffiFunction; msync: koffi.KoffiFunction; errno: koffi.KoffiFunction } | undefined;
function sharedFns() {
  return (sharedFnsCache ??= {
    memfd: B().libc.func('int memfd_create(const char *name, unsigned int flags)'),
    mmapAt: B().libc.func('uintptr_t mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, intptr_t off)'),
    msync: B().libc.func('int msync(uintptr_t addr, size_t len, int flags)'),
    errno: B().libc.func('int *__errno_location(void)'),
  });
}

/** A new anonymous shared-memory file descriptor (memfd_create, MFD_CLOEXEC); throws on failure. */
export function memfdCreate(name: string): number {
  const fd = sharedFns().memfd(name, 1) as number;
  if (fd < 0) throw new Error(`memfd_create failed`);
  return fd;
}

const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_NORESERVE = 0x4000;

/** Maps `fd` at `offset` over [hostAddr, hostAddr+size) (MAP_SHARED|MAP_FIXED, read/write or read-only). */
export function mmapSharedAt(hostAddr: number, size: number, fd: number, offset: number, writable: boolean): void {
  const r = sharedFns().mmapAt(hostAddr, size, writable ? 3 : 1, MAP_SHARED | MAP_FIXED, fd, offset) as number;
  if (r !== hostAddr) throw new Error(`mmap of a shared mapping at 0x${hostAddr.toString(16)} failed`);
}

/** Puts private zero pages back over [hostAddr, hostAddr+size) (what HostMemory reserved there). */
export function mmapAnonymousAt(hostAddr: number, size: number): void {
  const r = sharedFns().mmapAt(hostAddr, size, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) as number;
  if (r !== hostAddr) throw new Error(`mmap of private memory at 0x${hostAddr.toString(16)} failed`);
}

/** msync(MS_SYNC) of shared pages: a file-backed view's bytes reach the file. */
export function msyncAt(hostAddr: number, size: number): boolean {
  return (sharedFns().msync(hostAddr, size, 4) as number) === 0;
}

export type MemHook = (type: number, address: number, size: number, value: number) => boolean;
export type IntrHook = (intno: number) => void;
export type CodeHook = (address: number, size: number) => void;

/** The registers moved on every trap and every thread switch, in this order. */
export const TRAP_REGS = [ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC, ARM_REG.CPSR] as const;
export const ALL_REGS = [
  ARM_REG.R0,
  ARM_REG.R1,
  ARM_REG.R2,
  ARM_REG.R3,
  ARM_REG.R4,
  ARM_REG.R5,
  ARM_REG.R6,
  ARM_REG.R7,
  ARM_REG.R8,
  ARM_REG.R9,
  ARM_REG.R10,
  ARM_REG.R11,
  ARM_REG.R12,
  ARM_REG.SP,
  ARM_REG.LR,
  ARM_REG.PC,
  ARM_REG.CPSR,
] as const;

/** A reusable batch of register ids with preallocated value slots (uc_reg_{read,write}_batch). */
export class RegBatch {
  readonly values: Uint32Array;
  private readonly ids: Buffer;
  private readonly ptrs: Buffer;
  private readonly valBuf: Buffer;
  private readonly idsAddr: number;
  private readonly ptrsAddr: number;
  constructor(
    private readonly uc: Unicorn,
    readonly regIds: readonly number[],
  ) {
    const n = regIds.length;
    // Off-heap backing stores (new ArrayBuffer), so the addresses taken below never move.
    this.ids = offHeap(4 * n);
    regIds.forEach((r, i) => this.ids.writeInt32LE(r, 4 * i));
    // 8 bytes per slot: unicorn writes 4 bytes for 32-bit registers, but be generous.
    this.valBuf = offHeap(8 * n);
    this.values = new Uint32Array(n);
    this.ptrs = offHeap(8 * n);
    const base = bufferAddress(this.valBuf);
    for (let i = 0; i < n; i++) this.ptrs.writeBigUInt64LE(BigInt(base + 8 * i), 8 * i);
    this.idsAddr = bufferAddress(this.ids);
    this.ptrsAddr = bufferAddress(this.ptrs);
  }
  read(): Uint32Array {
    const rc = B().regReadBatchAddr(this.uc.handleAddress, this.idsAddr, this.ptrsAddr, this.regIds.length) as number;
    if (rc !== 0) throw new UnicornError('reg_read_batch', rc);
    const v = this.values;
    const b = this.valBuf;
    for (let i = 0; i < v.length; i++) v[i] = b.readUInt32LE(8 * i);
    return v;
  }
  write(): void {
    const v = this.values;
    const b = this.valBuf;
    for (let i = 0; i < v.length; i++) b.writeUInt32LE(v[i]!, 8 * i);
    const rc = B().regWriteBatchAddr(this.uc.handleAddress, this.idsAddr, this.ptrsAddr, this.regIds.length) as number;
    if (rc !== 0) throw new UnicornError('reg_write_batch', rc);
  }
}

let addrFn: koffi.KoffiFunction | undefined;
/** Prototype of the JavaScript callback the native trap hook calls (declared once per process). */
let trapCbProto: koffi.IKoffiCType | undefined;
/** Host address of a Buffer's first byte (memchr-free identity trick: memmove(dst, dst, 0) returns dst). */
/** A zeroed Buffer over its own off-heap ArrayBuffer (small Buffer.alloc results may live on the V8 heap). */
export function offHeap(size: number): Buffer {
  return Buffer.from(new ArrayBuffer(size));
}

export function bufferAddress(buf: Uint8Array): number {
  addrFn ??= B().libc.func('uintptr_t memmove(void *dst, void *src, size_t n)');
  return addrFn(buf, buf, 0) as number;
}

export class Unicorn {
  readonly handle: unknown;
  private readonly callbacks: koffi.IKoffiRegisteredCallback[] = [];
  /** The engine pointer as an integer (hot-path FFI calls). */
  readonly handleAddress: number;
  private readonly one = offHeap(8);
  private readonly oneAddr = bufferAddress(this.one);
  private readonly cpReg = offHeap(40);
  private readonly cpRegAddr = bufferAddress(this.cpReg);
  private closed = false;

  constructor(readonly cpu: string = DEFAULT_CPU) {
    const model = CPU_MODELS[cpu];
    if (!model) throw new Error(`unknown CPU model '${cpu}' (known: ${Object.keys(CPU_MODELS).join(', ')})`);
    const out = [null];
    const rc = B().open(UC_ARCH_ARM, UC_MODE_ARM, out) as number;
    if (rc !== 0) throw new UnicornError('open', rc);
    this.handle = out[0];
    this.handleAddress = Number(koffi.address(this.handle));
    // UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1) = 7 | 1 << 26 | 1 << 30; must happen before the CPU is first used.
    const ctl = 7 | (1 << 26) | (1 << 30);
    const rc2 = B().ctlSetCpuModel(this.handle, ctl, 'int', model.id) as number;
    if (rc2 !== 0) throw new UnicornError(`set CPU model ${cpu}`, rc2);
  }

  memMapPtr(address: number, size: number, perms: number, hostAddress: number): void {
    const rc = B().memMapPtr(this.handle, address, size, perms, hostAddress) as number;
    if (rc !== 0) throw new UnicornError(`mem_map_ptr 0x${address.toString(16)}+0x${size.toString(16)}`, rc);
  }
  /** Number of memory regions unicorn holds (each map, and each split by a partial protect/unmap). */
  memRegionCount(): number {
    const regions: unknown[] = [null];
    const count = [0];
    const rc = B().memRegions(this.handle, regions, count) as number;
    if (rc !== 0) throw new UnicornError('mem_regions', rc);
    if (regions[0]) B().ucFree(regions[0]);
    return count[0]!;
  }
  memUnmap(address: number, size: number): void {
    const rc = B().memUnmap(this.handle, address, size) as number;
    if (rc !== 0) throw new UnicornError(`mem_unmap 0x${address.toString(16)}`, rc);
  }
  memProtect(address: number, size: number, perms: number): void {
    const rc = B().memProtect(this.handle, address, size, perms) as number;
    if (rc !== 0) throw new UnicornError(`mem_protect 0x${address.toString(16)}`, rc);
  }

  regRead(reg: number): number {
    const rc = B().regReadAddr(this.handleAddress, reg, this.oneAddr) as number;
    if (rc !== 0) throw new UnicornError('reg_read', rc);
    return this.one.readUInt32LE(0);
  }
  regWrite(reg: number, value: number): void {
    this.one.writeUInt32LE(value >>> 0, 0);
    const rc = B().regWriteAddr(this.handleAddress, reg, this.oneAddr) as number;
    if (rc !== 0) throw new UnicornError('reg_write', rc);
  }
  /**
   * Writes a coprocessor register through UC_ARM_REG_CP_REG (struct uc_arm_cp_reg). Unicorn 2.1
   * rejects the deprecated shortcuts (UC_ARM_REG_C1_C0_2 ...); this form works in 2.0 and 2.1.
   */
  cpRegWrite(cp: number, crn: number, crm: number, opc1: number, opc2: number, value: number): void {
    const s = this.cpReg;
    s.fill(0);
    s.writeUInt32LE(cp, 0);
    s.writeUInt32LE(crn, 12);
    s.writeUInt32LE(crm, 16);
    s.writeUInt32LE(opc1, 20);
    s.writeUInt32LE(opc2, 24);
    s.writeUInt32LE(value >>> 0, 32);
    const rc = B().regWriteAddr(this.handleAddress, ARM_REG.CP_REG, this.cpRegAddr) as number;
    if (rc !== 0) throw new UnicornError(`reg_write p${cp} c${crn} c${crm} ${opc1} ${opc2}`, rc);
  }
  batch(regs: readonly number[]): RegBatch {
    return new RegBatch(this, regs);
  }

  /** Runs from `begin` (bit 0 set = Thumb). Returns the unicorn error code (0 = stopped normally). */
  emuStart(begin: number, until: number, timeoutMicros: number, count: number): number {
    return B().emuStart(this.handle, begin, until, timeoutMicros, count) as number;
  }
  emuStop(): void {
    B().emuStop(this.handle);
  }

  private addHook(type: number, cb: koffi.IKoffiRegisteredCallback, begin: number, end: number): number {
    this.callbacks.push(cb);
    const hh = [0];
    const rc = B().hookAdd(this.handle, hh, type, cb, null, begin, end) as number;
    if (rc !== 0) throw new UnicornError('hook_add', rc);
    return hh[0]!;
  }
  /**
   * Interrupt hook whose registers R0-R3, SP, LR, PC are read by the native helper into `regs`
   * (a 48-byte off-heap buffer: 8 words, then the callback pointer) before `fn` runs. Returns false
   * when the native helper is not available (use hookInterrupt and RegBatch instead).
   */
  hookInterruptWithRegs(fn: IntrHook, regs: Buffer): boolean {
    const native = Slicer.get()?.trapHookAddress ?? 0;
    if (!native) return false;
    trapCbProto ??= koffi.proto('void wmemu_trap_cb(uint32_t intno)');
    const cb = koffi.register((intno: number) => fn(intno), koffi.pointer(trapCbProto));
    this.callbacks.push(cb);
    regs.writeBigUInt64LE(BigInt(koffi.address(cb)), 32);
    this.hookNative(UC_HOOK_INTR, native, bufferAddress(regs), 1, 0);
    return true;
  }
  hookInterrupt(fn: IntrHook): number {
    const cb = koffi.register((_uc: unknown, intno: number) => fn(intno), koffi.pointer(B().hookIntrProto));
    return this.addHook(UC_HOOK_INTR, cb, 1, 0);
  }
  /**
   * UC_HOOK_CODE on [begin, end]. Caution (measured with roms/bin/yieldcheck.exe): in unicorn 2.0.1,
   * while any code hook is installed, guest stores can be lost around emulation stops; the emulator
   * itself therefore uses none. Fine for debugging tools that run without time slices.
   */
  hookCode(fn: CodeHook, begin: number, end: number): number {
    const cb = koffi.register((_uc: unknown, address: number | bigint, size: number) => fn(Number(address), size), koffi.pointer(B().hookCodeProto));
    return this.addHook(UC_HOOK_CODE, cb, begin, end);
  }
  /** Removes a hook (its callback stays registered until close()). */
  hookDel(hh: number): void {
    const rc = B().hookDel(this.handle, hh) as number;
    if (rc !== 0) throw new UnicornError('hook_del', rc);
  }
  /**
   * Drops the translated blocks covering [begin, end): a code hook added later only reaches code
   * translated after it (uc_ctl UC_CTL_TB_REMOVE_CACHE; the gdb stub's breakpoints).
   */
  removeTbCache(begin: number, end: number): void {
    // UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE = 9, 2 arguments) = 9 | 2 << 26 | 1 << 30
    const ctl = 9 | (2 << 26) | (1 << 30);
    const rc = B().ctlSetCpuModel(this.handle, ctl, 'uint64_t', BigInt(begin), 'uint64_t', BigInt(end)) as number;
    if (rc !== 0) throw new UnicornError('ctl remove_cache', rc);
  }
  /** Adds a hook whose callback is native code (a C function address) with raw user data. */
  hookNative(type: number, callback: number, userData: number, begin: number, end: number): number {
    const hh = [0];
    const rc = B().hookAddRaw(this.handleAddress, hh, type, callback, userData, begin, end) as number;
    if (rc !== 0) throw new UnicornError('hook_add', rc);
    return hh[0]!;
  }

  /** UC_HOOK_BLOCK: called at the start of every translation block in [begin, end] (1, 0 = all). */
  hookBlock(fn: CodeHook, begin: number, end: number): number {
    const cb = koffi.register((_uc: unknown, address: number | bigint, size: number) => fn(Number(address), size), koffi.pointer(B().hookCodeProto));
    return this.addHook(1 << 3, cb, begin, end);
  }
  hookMemInvalid(fn: MemHook): number {
    const cb = koffi.register(
      (_uc: unknown, type: number, address: number | bigint, size: number, value: number | bigint) => fn(type, Number(address), size, Number(value)),
      koffi.pointer(B().hookMemProto),
    );
    return this.addHook(UC_HOOK_MEM_INVALID, cb, 1, 0);
  }

  contextAlloc(): unknown {
    const out = [null];
    const rc = B().contextAlloc(this.handle, out) as number;
    if (rc !== 0) throw new UnicornError('context_alloc', rc);
    return out[0];
  }
  contextSave(ctx: unknown): void {
    const rc = B().contextSave(this.handle, ctx) as number;
    if (rc !== 0) throw new UnicornError('context_save', rc);
  }
  contextRestore(ctx: unknown): void {
    const rc = B().contextRestore(this.handle, ctx) as number;
    if (rc !== 0) throw new UnicornError('context_restore', rc);
  }
  contextFree(ctx: unknown): void {
    B().contextFree(ctx);
  }
  /** Registers of a saved context (a switched-out thread), without touching the CPU. */
  contextRegs(ctx: unknown, regIds: readonly number[]): number[] {
    const buf = Buffer.alloc(8);
    return regIds.map((r) => {
      const rc = B().contextRegRead(ctx, r, buf) as number;
      if (rc !== 0) throw new UnicornError('context_reg_read', rc);
      return buf.readUInt32LE(0);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    B().close(this.handle);
    for (const cb of this.callbacks) koffi.unregister(cb);
    this.callbacks.length = 0;
  }
}

/**
 * Exact time slices (see emulator/core/native/slicer.c): a native block hook stops the CPU at a block
 * boundary once a ticker thread has moved the epoch on. unicorn 2.0's own timeout is not used: it can
 * resume by re-executing part of a block.
 */
export class Slicer {
  private static instance: Slicer | null | undefined;
  private constructor(
    private readonly epochFn: () => number,
    readonly hookAddress: number,
    /** Native UC_HOOK_INTR callback that reads the trap registers before calling JavaScript (0: none). */
    readonly trapHookAddress: number,
    /** The helper's file (`wmemu doctor`). */
    readonly path: string,
  ) {}

  /**
   * The process-wide slicer, or null when the native helper cannot be had: the build of the clone or of
   * the package (dist/native), else one compiled into the cache on first run (prepare.ts); null costs
   * speed only, with a one-line warning.
   */
  static get(): Slicer | null {
    if (Slicer.instance !== undefined) return Slicer.instance;
    Slicer.instance = null;
    const tried: string[] = [];
    for (const path of slicerCandidates()) {
      const s = Slicer.load(path, tried);
      if (s) return (Slicer.instance = s);
    }
    if (autoPrepareEnabled()) {
      const r = prepareSlicer();
      if (r.path && !tried.includes(r.path)) {
        const s = Slicer.load(r.path, tried);
        if (s) return (Slicer.instance = s);
      }
      tried.push(r.message);
    }
    warnOnce(
      'slicer',
      `slow path: no native time-slice helper (guest code ~2x slower): ${tried.join('; ') || 'not built'}; 'npx wmemu doctor' says how to fix it`,
    );
    return null;
  }

  private static load(path: string, tried: string[]): Slicer | null {
    tried.push(path);
    try {
      const lib = koffi.load(path);
      const init = lib.func('int wmemu_slicer_init(uint32_t tick_us)');
      if ((init(10_000) as number) !== 0) return null;
      const hook = lib.func('uintptr_t wmemu_slicer_hook(void)')() as number;
      const epoch = lib.func('uint32_t wmemu_slicer_epoch(void)');
      let trapHook = 0;
      try {
        trapHook = lib.func('uintptr_t wmemu_trap_hook(void)')() as number;
      } catch {
        trapHook = 0; // an older build of the helper
      }
      return new Slicer(() => epoch() as number, hook, trapHook, path);
    } catch (e) {
      tried[tried.length - 1] = `${path}: ${(e as Error).message.split('\n')[0]}`;
      return null;
    }
  }

  epoch(): number {
    return this.epochFn();
  }
}
