/**
 * coredll memory-mapped files: CreateFileMappingW, MapViewOfFile, UnmapViewOfFile, FlushViewOfFile,
 * CreateFileForMappingW.
 *
 * A mapping object (a "section") is host memory every view shares: a memfd for a mapping backed by
 * the paging file (hFile = INVALID_HANDLE_VALUE), the host file itself for a file-backed one. A view
 * is those pages mapped MAP_SHARED into the process's address space (GuestMemory.mapShared), so all
 * views of a mapping, in this process and in every other process of the run, and the file, see the
 * same bytes at once (coherent, as CE's mapped files are). Named mappings live in the run's
 * namespace (namespace.ts): CreateFileMappingW with the name of an existing mapping returns a new
 * handle to it and sets ERROR_ALREADY_EXISTS. The mapping lives until its last handle is closed and
 * its last view unmapped (a view keeps it alive after CloseHandle, as documented).
 *
 * Errors follow the Win32/CE documentation and Wine's kernel32 tests (file.c test_MapFile,
 * virtual.c): a paging-file mapping of size 0 is ERROR_INVALID_PARAMETER; a file mapping of an empty
 * file with size 0 is ERROR_FILE_INVALID; flProtect other than PAGE_READONLY/PAGE_READWRITE
 * (SEC_* bits aside) is ERROR_INVALID_PARAMETER (CE documents PAGE_WRITECOPY as unsupported);
 * PAGE_READWRITE on a handle opened without GENERIC_WRITE is ERROR_ACCESS_DENIED; a maximum size
 * beyond the end of the file extends the file (PAGE_READWRITE) or is ERROR_NOT_ENOUGH_MEMORY
 * (PAGE_READONLY cannot grow it); an existing name of another object type is ERROR_INVALID_HANDLE.
 * MapViewOfFile: an offset that is not a multiple of the allocation granularity (64 KiB) is
 * ERROR_MAPPED_ALIGNMENT; a view that does not fit the mapping, or FILE_MAP_WRITE on a read-only
 * mapping, is ERROR_ACCESS_DENIED; a bad handle ERROR_INVALID_HANDLE. UnmapViewOfFile and
 * FlushViewOfFile of an address that is no view's are ERROR_INVALID_ADDRESS. SetEndOfFile on a file
 * with a mapping fails with ERROR_USER_MAPPED_FILE (files.ts asks isMappedFile).
 */
import { closeSync, fstatSync, ftruncateSync, openSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import { defineSlot } from '../../core/slot.js';
import { ALLOCATION_GRANULARITY } from '../../core/memory/address-space.js';
import { OutOfGuestMemory, PAGE_SIZE, PROT_R, PROT_RW } from '../../core/memory/guest-memory.js';
import { memfdCreate, msyncAt } from '../../core/unicorn/unicorn.js';
import { fileIdentity } from '../../core/fs/device-fs.js';
import { ERROR } from '../../core/win32-errors.js';
import { FileObject, INVALID_HANDLE_VALUE, mappedFiles, openDeviceFile } from './files.js';
import { runNamespace } from './namespace.js';

const PAGE_READONLY = 0x2;
const PAGE_READWRITE = 0x4;
const SEC_BITS = 0xff00_0000 | 0x0800_0000;
const FILE_MAP_COPY = 0x1;
const FILE_MAP_WRITE = 0x2;
const FILE_MAP_READ = 0x4;

/** The shared memory of a mapping: referenced by handles (in any process) and by views. */
class Section {
  refs = 0;
  constructor(
    readonly fd: number,
    readonly size: number,
    readonly writable: boolean,
    readonly fileId: string | undefined,
    private readonly unname: (() => void) | undefined,
  ) {
    if (fileId) mappedFiles.set(fileId, (mappedFiles.get(fileId) ?? 0) + 1);
  }
  ref(): void {
    this.refs++;
  }
  unref(): void {
    if (--this.refs > 0) return;
    this.unname?.();
    if (this.fileId) {
      const n = (mappedFiles.get(this.fileId) ?? 1) - 1;
      if (n > 0) mappedFiles.set(this.fileId, n);
      else mappedFiles.delete(this.fileId);
    }
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}

/** A handle to a section (one per CreateFileMappingW result in each process). */
class MappingHandle implements KernelObject {
  readonly type = 'mapping';
  private closed = false;
  constructor(readonly section: Section) {
    section.ref();
  }
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.section.unref();
  }
}

interface View {
  base: number;
  size: number;
  section: Section;
}

/** The process's views, by base address; released when the machine closes. */
const viewsSlot = defineSlot('mapped-views', (m: Machine) => {
  const views = new Map<number, View>();
  m.onShutdown(() => {
    for (const view of views.values()) {
      try {
        m.space.release(view.base);
      } catch {
        /* the machine is going away */
      }
      view.section.unref();
    }
    views.clear();
  });
  return views;
});

function viewsOf(m: Machine): Map<number, View> {
  return viewsSlot.of(m);
}

function viewAt(cx: ApiContext, addr: number): View | undefined {
  for (const v of viewsOf(cx.machine).values()) if (addr >= v.base && addr < v.base + v.size) return v;
  return undefined;
}

const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

function createMapping(cx: ApiContext, hFile: number, protect: number, sizeHigh: number, sizeLow: number, namePtr: number): number {
  const name = namePtr ? cx.mem.wstr(namePtr, 260) : undefined;
  const prot = protect & ~SEC_BITS;
  if (prot !== PAGE_READONLY && prot !== PAGE_READWRITE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const ns = runNamespace(cx.machine);
  const key = name !== undefined ? `mapping:${name}` : undefined;
  if (key !== undefined) {
    const existing = ns.get(key);
    if (existing instanceof Section) {
      const h = cx.machine.handles.add(new MappingHandle(existing));
      if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      cx.setLastError(ERROR.ALREADY_EXISTS);
      return h;
    }
    if (existing !== undefined) return cx.fail(0, ERROR.INVALID_HANDLE);
  }
  const writable = prot === PAGE_READWRITE;
  if (sizeHigh !== 0) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY); // 4 GiB and more: beyond a CE process
  let fd: number;
  let size = sizeLow >>> 0;
  let fileId: string | undefined;
  if (hFile === INVALID_HANDLE_VALUE) {
    if (size === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    fd = memfdCreate(`wmemu-mapping${name ? `-${name}` : ''}`);
    ftruncateSync(fd, size);
  } else {
    const f = cx.machine.handles.get<FileObject>(hFile, 'file');
    if (!f) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!f.canRead || (writable && !f.canWrite)) return cx.fail(0, ERROR.ACCESS_DENIED);
    try {
      fd = openSync(f.host, writable ? 'r+' : 'r');
    } catch {
      return cx.fail(0, ERROR.ACCESS_DENIED);
    }
    const st = fstatSync(fd);
    fileId = fileIdentity(st);
    if (size === 0) size = st.size;
    if (size === 0) {
      closeSync(fd);
      return cx.fail(0, ERROR.FILE_INVALID);
    }
    if (size > st.size) {
      if (!writable) {
        closeSync(fd);
        return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      }
      ftruncateSync(fd, size);
    }
  }
  const section = new Section(fd, size, writable, fileId, key !== undefined ? () => ns.delete(key) : undefined);
  const h = cx.machine.handles.add(new MappingHandle(section));
  if (!h) {
    section.ref();
    section.unref();
    return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }
  if (key !== undefined) ns.set(key, section);
  cx.setLastError(0);
  return h;
}

function mapView(cx: ApiContext, h: number, access: number, offHigh: number, offLow: number, bytes: number): number {
  const m = cx.machine.handles.get<MappingHandle>(h, 'mapping');
  if (!m) return cx.fail(0, ERROR.INVALID_HANDLE);
  const s = m.section;
  // FILE_MAP_ALL_ACCESS (0xF001F) includes the FILE_MAP_COPY bit; FILE_MAP_COPY alone (a copy-on-write
  // view) is not supported by CE (its MapViewOfFile documents FILE_MAP_READ/WRITE/ALL_ACCESS).
  if (access === FILE_MAP_COPY || (access & (FILE_MAP_READ | FILE_MAP_WRITE)) === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const wantWrite = (access & FILE_MAP_WRITE) !== 0;
  if (wantWrite && !s.writable) return cx.fail(0, ERROR.ACCESS_DENIED);
  if (offHigh !== 0) return cx.fail(0, ERROR.ACCESS_DENIED);
  const offset = offLow >>> 0;
  if (offset % ALLOCATION_GRANULARITY !== 0) return cx.fail(0, ERROR.MAPPED_ALIGNMENT);
  if (offset >= s.size) return cx.fail(0, ERROR.ACCESS_DENIED);
  const size = bytes === 0 ? s.size - offset : bytes >>> 0;
  if (offset + size > s.size) return cx.fail(0, ERROR.ACCESS_DENIED);
  const space = cx.machine.space;
  const span = pageUp(size);
  let base: number;
  try {
    base = space.reserve(span, 'MapViewOfFile', ALLOCATION_GRANULARITY);
    try {
      space.commitShared(base, span, wantWrite ? PROT_RW : PROT_R, s.fd, offset);
    } catch (e) {
      space.release(base);
      throw e;
    }
  } catch (e) {
    if (e instanceof OutOfGuestMemory) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    throw e;
  }
  s.ref();
  viewsOf(cx.machine).set(base, { base, size: span, section: s });
  cx.setLastError(0);
  return base;
}

export const mapping: ApiDef[] = [
  fn(
    'CreateFileMappingW(handle hFile, ptr lpFileMappingAttributes, flags:PAGE flProtect, u32 dwMaximumSizeHigh, u32 dwMaximumSizeLow, wstr lpName): handle',
    (cx, hFile: number, _sa: number, protect: number, hi: number, lo: number, name: number) => createMapping(cx, hFile, protect, hi, lo, name),
  ),
  fn(
    'MapViewOfFile(handle hFileMappingObject, hex dwDesiredAccess, u32 dwFileOffsetHigh, u32 dwFileOffsetLow, u32 dwNumberOfBytesToMap): ptr',
    (cx, h: number, access: number, hi: number, lo: number, n: number) => mapView(cx, h, access, hi, lo, n),
  ),
  fn('UnmapViewOfFile(ptr lpBaseAddress): bool', (cx, addr: number) => {
    const views = viewsOf(cx.machine);
    const v = views.get(addr >>> 0);
    if (!v) return cx.fail(0, ERROR.INVALID_ADDRESS);
    views.delete(v.base);
    cx.machine.space.release(v.base);
    v.section.unref();
    return 1;
  }),
  fn('FlushViewOfFile(ptr lpBaseAddress, u32 dwNumberOfBytesToFlush): bool', (cx, addr: number, n: number) => {
    const v = viewAt(cx, addr >>> 0);
    if (!v) return cx.fail(0, ERROR.INVALID_ADDRESS);
    const start = Math.floor((addr >>> 0) / PAGE_SIZE) * PAGE_SIZE;
    const end = n === 0 ? v.base + v.size : Math.min(v.base + v.size, pageUp((addr >>> 0) + n));
    return msyncAt(cx.mem.hostBase + start, end - start) ? 1 : cx.fail(0, ERROR.ACCESS_DENIED);
  }),
  // CE 5 needs a handle from CreateFileForMappingW for a file mapping; CE 6 made it CreateFileW
  // (the CE 6 documentation: "this function is deprecated; use CreateFile"). Same here.
  fn(
    'CreateFileForMappingW(wstr lpFileName, hex dwDesiredAccess, hex dwShareMode, ptr lpSecurityAttributes, u32 dwCreationDisposition, hex dwFlagsAndAttributes, handle hTemplateFile): handle',
    { fault: { kind: 'error', ret: INVALID_HANDLE_VALUE, lastError: ERROR.INVALID_PARAMETER } },
    (cx, namePtr: number, access: number, share: number, _sa: number, disposition: number, flags: number) => {
      if (!namePtr) return cx.fail(INVALID_HANDLE_VALUE, ERROR.PATH_NOT_FOUND);
      const obj = openDeviceFile(cx, cx.mem.wstr(namePtr, 1024), access, disposition, flags, share);
      if (!obj) return INVALID_HANDLE_VALUE;
      const err = cx.lastError;
      const h = cx.machine.handles.add(obj);
      if (!h) {
        obj.destroy();
        return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
      }
      cx.setLastError(err);
      return h;
    },
  ),
];
