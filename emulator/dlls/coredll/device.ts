/**
 * coredll device I/O and OAL entry points: DeviceIoControl, KernelIoControl, LoadDriver, OpenDeviceKey.
 * Loading drivers (ActivateDevice(Ex), device notifications...) is devmgr.ts.
 *
 * - DeviceIoControl on a handle of a loaded stream driver (CreateFileW of its name) calls its
 *   XXX_IOControl (devfile.ts); names of devices not loaded fail in CreateFileW (ERROR_FILE_NOT_FOUND).
 * - DeviceIoControl on a file: the file system driver knows no such control code: FALSE,
 *   ERROR_NOT_SUPPORTED (the code FSDs and stream drivers set for an IOCTL they do not handle, as the
 *   CE driver samples do); on a handle that is no file: ERROR_INVALID_HANDLE.
 * - KernelIoControl: the OAL IOCTLs every OAL implements (the CE OAL IOCTL framework, oal_ioctl.h):
 *   IOCTL_HAL_GET_DEVICE_INFO (SPI_GETPLATFORMTYPE, SPI_GETOEMINFO), IOCTL_HAL_GET_DEVICEID,
 *   IOCTL_HAL_GET_UUID, IOCTL_PROCESSOR_INFORMATION; IOCTL_HAL_REQUEST_SYSINTR / RELEASE_SYSINTR fail as
 *   an OAL without interrupt routing does (interrupts.ts); any other code: FALSE with ERROR_NOT_SUPPORTED, what
 *   OALIoCtl returns for a code absent from its table. Buffers too small: ERROR_INSUFFICIENT_BUFFER
 *   (DEVICE_ID: its dwSize gets the size needed, as the documentation describes).
 * - LoadDriver is LoadLibraryW (the documentation: a DLL loaded and not paged out; the same handle).
 * - OpenDeviceKey(active key path, "Drivers\Active\NN"): the driver key its "Key" value names.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { deviceFileOf, deviceIoControl } from './devfile.js';
import { requestSysintr } from './interrupts.js';
import { loadLibrary } from './modules.js';
import { keyHandle, registryOf } from './registry.js';

const IOCTL_HAL_GET_DEVICE_INFO = 0x0101_0004;
const IOCTL_HAL_GET_UUID = 0x0101_0034;
const IOCTL_HAL_GET_DEVICEID = 0x0101_0054;
const IOCTL_PROCESSOR_INFORMATION = 0x0101_0064;
const IOCTL_HAL_REQUEST_SYSINTR = 0x0101_0098;
const IOCTL_HAL_RELEASE_SYSINTR = 0x0101_00d8;
const SPI_GETPLATFORMTYPE = 257;
const SPI_GETOEMINFO = 258;
/** What the emulated device says it is (IOCTL_HAL_GET_DEVICE_INFO). */
export const PLATFORM_TYPE = 'PocketPC';
export const OEM_INFO = 'wmemu ARM emulator';
/** Preset part of the device ID and the UUID: fixed, so runs are reproducible. */
const DEVICE_PRESET_ID = Buffer.from('WMEMU-0001', 'latin1');
const DEVICE_PLATFORM_ID = Buffer.from([0x77, 0x6d, 0x65, 0x6d, 0x75, 0x00, 0x00, 0x01]);
export const DEVICE_UUID = Buffer.from('776d656d-7500-4000-8000-000000000001'.replace(/-/g, ''), 'hex');

/** Writes `data` to (out, outSize) for an OAL IOCTL; sets *bytesReturned. False: too small. */
function deliver(cx: ApiContext, data: Buffer, out: number, outSize: number, retPtr: number): number {
  if (retPtr) cx.mem.setU32(retPtr, data.length);
  if (!out || outSize < data.length) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  cx.mem.write(out, data);
  return 1;
}

export function kernelIoControl(cx: ApiContext, code: number, inp: number, inSize: number, out: number, outSize: number, retPtr: number): number {
  switch (code >>> 0) {
    case IOCTL_HAL_GET_DEVICE_INFO: {
      if (!inp || inSize < 4) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const what = cx.mem.u32(inp);
      const text = what === SPI_GETPLATFORMTYPE ? PLATFORM_TYPE : what === SPI_GETOEMINFO ? OEM_INFO : undefined;
      if (text === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
      return deliver(cx, Buffer.from(`${text}\0`, 'utf16le'), out, outSize, retPtr);
    }
    case IOCTL_HAL_GET_DEVICEID: {
      // DEVICE_ID: dwSize, dwPresetIDOffset, dwPresetIDBytes, dwPlatformIDOffset, dwPlatformIDBytes, data.
      const size = 20 + DEVICE_PRESET_ID.length + DEVICE_PLATFORM_ID.length;
      if (!out || outSize < 4) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (outSize < size) {
        cx.mem.setU32(out, size);
        if (retPtr) cx.mem.setU32(retPtr, 4);
        return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      }
      const b = Buffer.alloc(size);
      b.writeUInt32LE(size, 0);
      b.writeUInt32LE(20, 4);
      b.writeUInt32LE(DEVICE_PRESET_ID.length, 8);
      b.writeUInt32LE(20 + DEVICE_PRESET_ID.length, 12);
      b.writeUInt32LE(DEVICE_PLATFORM_ID.length, 16);
      DEVICE_PRESET_ID.copy(b, 20);
      DEVICE_PLATFORM_ID.copy(b, 20 + DEVICE_PRESET_ID.length);
      return deliver(cx, b, out, outSize, retPtr);
    }
    case IOCTL_HAL_GET_UUID:
      return deliver(cx, DEVICE_UUID, out, outSize, retPtr);
    case IOCTL_PROCESSOR_INFORMATION: {
      // PROCESSOR_INFO (pkfuncs.h): wVersion, szProcessCore[40], wCoreRevision, szProcessorName[40],
      // wProcessorRevision, szCatalogNumber[100], szVendor[100], dwInstructionSet, dwClockSpeed.
      const b = Buffer.alloc(2 + 80 + 2 + 80 + 2 + 200 + 200 + 4 + 4);
      b.writeUInt16LE(1, 0);
      b.write('ARM', 2, 'utf16le');
      b.writeUInt16LE(7, 82);
      b.write('Cortex-A8 (emulated)', 84, 'utf16le');
      b.write('wmemu', 2 + 80 + 2 + 80 + 2 + 200, 'utf16le');
      b.writeUInt32LE(0, b.length - 8);
      b.writeUInt32LE(600_000_000, b.length - 4);
      return deliver(cx, b, out, outSize, retPtr);
    }
    case IOCTL_HAL_REQUEST_SYSINTR:
      return requestSysintr(cx, inp, inSize, out, outSize);
    case IOCTL_HAL_RELEASE_SYSINTR:
      return cx.fail(0, ERROR.INVALID_PARAMETER); // no SYSINTR was ever allocated (interrupts.ts)
    default:
      return cx.fail(0, ERROR.NOT_SUPPORTED);
  }
}

export const device: ApiDef[] = [
  fn(
    'DeviceIoControl(handle hDevice, hex dwIoControlCode, ptr lpInBuf, u32 nInBufSize, ptr lpOutBuf, u32 nOutBufSize, ptr lpBytesReturned, ptr lpOverlapped): bool',
    { fault: { kind: 'error', ret: 0, lastError: ERROR.INVALID_PARAMETER } },
    (cx, h: number, code: number, inp: number, inSize: number, out: number, outSize: number, ret: number) => {
      const d = deviceFileOf(cx, h);
      if (d) return deviceIoControl(cx, d, code, inp, inSize, out, outSize, ret);
      const o = cx.machine.handles.get(h);
      if (!o || o.type !== 'file') return cx.fail(0, ERROR.INVALID_HANDLE);
      return cx.fail(0, ERROR.NOT_SUPPORTED);
    },
  ),
  fn(
    'KernelIoControl(hex dwIoControlCode, ptr lpInBuf, u32 nInBufSize, ptr lpOutBuf, u32 nOutBufSize, ptr lpBytesReturned): bool',
    (cx, code: number, inp: number, inSize: number, out: number, outSize: number, ret: number) => kernelIoControl(cx, code, inp, inSize, out, outSize, ret),
  ),
  fn('LoadDriver(wstr lpszFileName): handle', (cx, name: number) => loadLibrary(cx, name, 0)),
  fn('OpenDeviceKey(wstr lpszActiveKey): handle', (cx, p: number) => {
    // The active key (HKLM\Drivers\Active\NN) names the driver key in its "Key" value.
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const reg = registryOf(cx.machine);
    const active = reg.byFullPath(`HKEY_LOCAL_MACHINE\\${cx.mem.wstr(p, 260)}`, false);
    const v = active?.value('Key');
    if (!v || v.type !== REG.SZ) return cx.fail(0, ERROR.FILE_NOT_FOUND);
    const key = reg.byFullPath(`HKEY_LOCAL_MACHINE\\${v.data.toString('utf16le').replace(/\0.*$/s, '')}`, false);
    if (!key) return cx.fail(0, ERROR.FILE_NOT_FOUND);
    return keyHandle(cx, key) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
];
