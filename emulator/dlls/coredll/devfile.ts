/**
 * coredll file handles on loaded stream drivers: CreateFileW of a device's name ("DDK1:",
 * "\$device\DDK1") opens the device through its XXX_Open, and the handle's ReadFile, WriteFile,
 * SetFilePointer, DeviceIoControl and CloseHandle call XXX_Read, XXX_Write, XXX_Seek, XXX_IOControl
 * and XXX_PreClose + XXX_Close. Loading and unloading drivers is devmgr.ts; files.ts, device.ts and
 * objects.ts hand a device handle to the functions here.
 *
 * Followed: CE 6's device manager, devmgr.dll of the ce6 corpus disassembled (its debug strings name
 * the functions: I_CreateDeviceHandle, DM_DevReadFile, DM_DevCloseFileHandle, I_DeregisterDevice),
 * and the CE stream-interface reference pages (XXX_Open ... XXX_PreDeinit):
 *  - open: SetLastError(0), context = XXX_Open(device context, dwDesiredAccess, dwShareMode); 0 fails
 *    CreateFileW with the driver's last error, or ERROR_OPEN_FAILED when it set none. The creation
 *    disposition and flags are not the driver's business (CE passes neither). A name that matches
 *    no loaded device stays ERROR_FILE_NOT_FOUND (the CE serial-port documentation: "If a port does not
 *    exist, CreateFile returns ERROR_FILE_NOT_FOUND"; fs/device-fs.ts); "\$device\X" likewise.
 *  - ReadFile: a handle opened without GENERIC_READ: FALSE, ERROR_INVALID_ACCESS (WriteFile: without
 *    GENERIC_WRITE); else n = XXX_Read(open context, buffer, size): (DWORD)-1 is FALSE with the
 *    driver's last error and 0 bytes, any other value is TRUE with n bytes. WriteFile alike.
 *  - SetFilePointer: XXX_Seek(open context, lDistanceToMove, dwMoveMethod), its result returned as
 *    is (the high part is not passed: CE's Seek entry point takes 32 bits).
 *  - DeviceIoControl: XXX_IOControl(open context, code, in, inSize, out, outSize, pBytesReturned).
 *  - A driver without one of Read/Write/Seek/IOControl gets the device manager's default entry point:
 *    ERROR_NOT_SUPPORTED, and -1 (Read/Write/Seek) or FALSE (IOControl).
 *  - The calls the device manager does not route to drivers (GetFileSize, SetEndOfFile,
 *    FlushFileBuffers, Get/SetFileTime, GetFileInformationByHandle): ERROR_INVALID_FUNCTION (files.ts).
 *  - CloseHandle of the last reference: XXX_PreClose (when exported) then XXX_Close.
 *  - After DeactivateDevice (devmgr.ts) the handles stay valid: ReadFile/WriteFile fail with
 *    ERROR_DEVICE_REMOVED (and *lpNumberOfBytesRead = (DWORD)-1, as DM_DevReadFile stores), Seek and
 *    IOControl with the same error; closing the last one calls XXX_Close and finishes the device
 *    (XXX_Deinit when it has PreDeinit, FreeLibrary).
 *
 * Buffers: on CE 6 a kernel-mode driver runs in the caller's thread with the caller's pointers, after
 * the kernel's API-set check of the ReadFile/WriteFile/DeviceIoControl buffers (a bad one fails the
 * call before the driver runs); a user-mode driver (udevice.exe) gets the buffers marshalled by the
 * reflector, and embedded pointers need CeOpenCallerBuffer in both. wmemu runs the driver in the
 * calling process, so the caller's pointers pass through unchanged, as for a kernel-mode driver; the
 * buffers are checked first (an unmapped one: FALSE, ERROR_INVALID_PARAMETER, the driver not called).
 * DuplicateHandle with DUPLICATE_CLOSE_SOURCE and no target closes like CloseHandle.
 * Not modelled: handles still open when the process ends are not closed through XXX_Close (the run
 * ends with the process; CE's device manager would close them).
 */
import type { ApiContext } from '../../core/api/context.js';
import type { Returns } from '../../core/api/declare.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import { ERROR } from '../../core/win32-errors.js';
import { releaseDevice, type DeviceObject } from './devmgr.js';

const INVALID_HANDLE_VALUE = 0xffff_ffff;
const GENERIC_READ = 0x8000_0000;
const GENERIC_WRITE = 0x4000_0000;
const FAILED = 0xffff_ffff;

export class DeviceFileObject implements KernelObject {
  readonly type = 'devfile';
  closed = false;
  constructor(
    readonly device: DeviceObject,
    readonly openContext: number,
    readonly access: number,
  ) {}
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.device.opens--;
  }
}

export function deviceFileOf(cx: ApiContext, h: number): DeviceFileObject | undefined {
  return cx.machine.handles.get<DeviceFileObject>(h, 'devfile');
}

/** CreateFileW of a loaded device's name. */
export function openDevice(cx: ApiContext, dev: DeviceObject, access: number, share: number): Returns<'handle'> {
  const open = dev.entries.open;
  if (!open) return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_SUPPORTED); // an unnamed device's default Open
  cx.setLastError(0);
  return cx.callGuest(open, [dev.context, access >>> 0, share >>> 0], (ctx): Returns<'handle'> => {
    if (!ctx) return cx.fail(INVALID_HANDLE_VALUE, cx.lastError || ERROR.OPEN_FAILED);
    const f = new DeviceFileObject(dev, ctx, access >>> 0);
    const h = cx.machine.handles.add(f);
    if (!h) {
      // As I_CreateDeviceHandle does when it cannot make the handle: the open is closed again.
      return closeEntries(cx, f, () => cx.fail(INVALID_HANDLE_VALUE, ERROR.OUTOFMEMORY));
    }
    dev.opens++;
    cx.setLastError(0);
    return h;
  });
}

function closeEntries(cx: ApiContext, f: DeviceFileObject, then: () => number): Returns<'bool'> {
  const { preClose, close } = f.device.entries;
  const doClose = (): Returns<'bool'> => (close ? cx.callGuest(close, [f.openContext], () => then()) : then());
  return preClose && !f.device.dying ? cx.callGuest(preClose, [f.openContext], doClose) : doClose();
}

/** CloseHandle of a device handle: the driver's PreClose and Close go with the last reference. */
export function closeDeviceFile(cx: ApiContext, h: number, f: DeviceFileObject): Returns<'bool'> {
  if (cx.machine.handles.refs(h) > 1) return cx.machine.handles.close(h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE);
  return closeEntries(cx, f, () => {
    cx.machine.handles.close(h);
    const dev = f.device;
    return dev.dying && dev.opens === 0 ? (releaseDevice(cx, dev, () => 1) as number) : 1;
  });
}

/** ReadFile (write = false) or WriteFile on a device handle. */
export function deviceTransfer(cx: ApiContext, f: DeviceFileObject, write: boolean, buf: number, n: number, doneOut: number): Returns<'bool'> {
  if (doneOut) cx.mem.setU32(doneOut, 0);
  // DM_DevReadFile's order: the access right first, then the device's state.
  if (!(f.access & (write ? GENERIC_WRITE : GENERIC_READ))) return cx.fail(0, ERROR.INVALID_ACCESS);
  if (f.device.dying) {
    if (doneOut) cx.mem.setU32(doneOut, FAILED);
    return cx.fail(0, ERROR.DEVICE_REMOVED);
  }
  const entry = write ? f.device.entries.write : f.device.entries.read;
  if (!entry) return cx.fail(0, ERROR.NOT_SUPPORTED);
  if (n) cx.mem.check(buf, n, write ? 'read' : 'write');
  return cx.callGuest(entry, [f.openContext, buf, n], (r) => {
    if (r >>> 0 === FAILED) return 0;
    if (doneOut) cx.mem.setU32(doneOut, r);
    return 1;
  });
}

/** SetFilePointer on a device handle. */
export function deviceSeek(cx: ApiContext, f: DeviceFileObject, distance: number, method: number): Returns<'hex'> {
  if (f.device.dying) return cx.fail(FAILED, ERROR.DEVICE_REMOVED);
  const seek = f.device.entries.seek;
  if (!seek) return cx.fail(FAILED, ERROR.NOT_SUPPORTED);
  return cx.callGuest(seek, [f.openContext, distance >>> 0, method >>> 0], (r) => r >>> 0);
}

/** DeviceIoControl on a device handle. */
export function deviceIoControl(
  cx: ApiContext,
  f: DeviceFileObject,
  code: number,
  inp: number,
  inSize: number,
  out: number,
  outSize: number,
  retPtr: number,
): Returns<'bool'> {
  if (f.device.dying) return cx.fail(0, ERROR.DEVICE_REMOVED);
  const ioControl = f.device.entries.ioControl;
  if (!ioControl) return cx.fail(0, ERROR.NOT_SUPPORTED);
  if (inp && inSize) cx.mem.check(inp, inSize, 'read');
  if (out && outSize) cx.mem.check(out, outSize, 'write');
  if (retPtr) cx.mem.check(retPtr, 4, 'write');
  return cx.callGuest(ioControl, [f.openContext, code >>> 0, inp, inSize, out, outSize, retPtr], (r) => (r ? 1 : 0));
}
