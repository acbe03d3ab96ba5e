/**
 * coredll DDK registry helpers (ddkreg.h; CE docs "Registry Helper Functions"): a driver reads its
 * hardware configuration from its device key with these. Each returns a Win32 code and leaves the
 * last error alone, like the registry API it is built on.
 *
 *  - DDKReg_GetWindowInfo(hk, PDDKWINDOWINFO): DDKWINDOWINFO is cbSize, dwBusNumber, dwInterfaceType,
 *    dwNumIoWindows, ioWindows[MAX_DEVICE_WINDOWS = 6] (DEVICEWINDOW: dwBase, dwLen), dwNumMemWindows,
 *    memWindows[6]: 116 bytes. BusNumber (REG_DWORD, default 0), InterfaceType (REG_DWORD, default
 *    InterfaceTypeUndefined = -1); the windows from IoBase/IoLen and MemBase/MemLen: a REG_DWORD pair
 *    is one window, REG_MULTI_SZ pairs are lists of hexadecimal strings (as wcstoul base 16 reads
 *    them), which must have the same length. Neither value: no window.
 *  - DDKReg_GetIsrInfo(hk, PDDKISRINFO): cbSize, dwIrq, dwSysintr, szIsrDll[DEVDLL_LEN = 64],
 *    szIsrHandler[DEVENTRY_LEN = 64]: 268 bytes. Irq (default IRQ_UNSPECIFIED = -1), Sysintr (default
 *    SYSINTR_NOP = 0), IsrDll and IsrHandler (REG_SZ, empty when absent); an IsrDll without an
 *    IsrHandler or without an Irq (and the other way round): ERROR_INVALID_DATA, as the documentation
 *    describes.
 *  - DDKReg_GetPciInfo(hk, PDDKPCIINFO): cbSize, dwDeviceNumber, dwFunctionNumber, dwInstanceIndex,
 *    dwWhichIds, idVals[PCIID_MAXNUMIDS = 8]: 52 bytes. DeviceNumber, FunctionNumber, InstanceIndex
 *    are required (absent: ERROR_INVALID_DATA); Class, SubClass, ProgIF, VendorID, DeviceID,
 *    RevisionID, SubVendorID, SubSystemID fill idVals[i] and set bit i of dwWhichIds when present.
 *
 * Errors (the documented ones): a NULL structure or a cbSize other than the structure's size:
 * ERROR_INVALID_PARAMETER; a value of an unexpected type, window lists of different lengths or more
 * than MAX_DEVICE_WINDOWS windows, a string too long for its field: ERROR_INVALID_DATA; a bad key
 * handle: the registry's ERROR_INVALID_HANDLE. On an error the structure's contents are undefined
 * (wmemu leaves what it wrote so far).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG, type RegKey } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { keyOf } from './registry.js';

const MAX_DEVICE_WINDOWS = 6;
const WINDOW_INFO_SIZE = 16 + 8 * MAX_DEVICE_WINDOWS + 4 + 8 * MAX_DEVICE_WINDOWS;
const DEVDLL_LEN = 64;
const DEVENTRY_LEN = 64;
const ISR_INFO_SIZE = 12 + 2 * DEVDLL_LEN + 2 * DEVENTRY_LEN;
const PCI_IDS = ['Class', 'SubClass', 'ProgIF', 'VendorID', 'DeviceID', 'RevisionID', 'SubVendorID', 'SubSystemID'] as const;
const PCI_INFO_SIZE = 20 + 4 * PCI_IDS.length;
const INTERFACE_TYPE_UNDEFINED = 0xffff_ffff;
const IRQ_UNSPECIFIED = 0xffff_ffff;
const SYSINTR_NOP = 0;

/** A REG_DWORD value: undefined when absent, an error code when of another type. */
function dword(key: RegKey, name: string): number | undefined | { error: number } {
  const v = key.value(name);
  if (!v) return undefined;
  if (v.type !== REG.DWORD || v.data.length < 4) return { error: ERROR.INVALID_DATA };
  return v.data.readUInt32LE(0);
}

function wideString(data: Buffer): string {
  return data.toString('utf16le').replace(/\0.*$/s, '');
}

/** The numbers of a window value: [n] for a REG_DWORD, the hex strings of a REG_MULTI_SZ. */
function numberList(key: RegKey, name: string): number[] | undefined | { error: number } {
  const v = key.value(name);
  if (!v) return undefined;
  if (v.type === REG.DWORD && v.data.length >= 4) return [v.data.readUInt32LE(0)];
  if (v.type !== REG.MULTI_SZ) return { error: ERROR.INVALID_DATA };
  const all = v.data.toString('utf16le').split('\0');
  const end = all.indexOf('');
  const strings = end < 0 ? all : all.slice(0, end);
  return strings.map((s) => {
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(s);
    return m ? Number.parseInt(m[1]!.slice(-8), 16) >>> 0 : 0;
  });
}

/** The window pairs of base/length values; an error code when they do not pair up. */
function windows(key: RegKey, baseName: string, lenName: string): Array<[number, number]> | number {
  const bases = numberList(key, baseName);
  const lens = numberList(key, lenName);
  if (bases && 'error' in bases) return bases.error;
  if (lens && 'error' in lens) return lens.error;
  if (!bases && !lens) return [];
  if (!bases || !lens || bases.length !== lens.length || bases.length > MAX_DEVICE_WINDOWS) return ERROR.INVALID_DATA;
  return bases.map((b, i) => [b, lens[i]!]);
}

function openKey(cx: ApiContext, hk: number, p: number, size: number): RegKey | number {
  if (!p || cx.mem.u32(p) !== size) return ERROR.INVALID_PARAMETER;
  return keyOf(cx, hk);
}

function getWindowInfo(cx: ApiContext, hk: number, p: number): number {
  const key = openKey(cx, hk, p, WINDOW_INFO_SIZE);
  if (typeof key === 'number') return key;
  const bus = dword(key, 'BusNumber');
  const type = dword(key, 'InterfaceType');
  if (typeof bus === 'object') return bus.error;
  if (typeof type === 'object') return type.error;
  const io = windows(key, 'IoBase', 'IoLen');
  if (typeof io === 'number') return io;
  const mem = windows(key, 'MemBase', 'MemLen');
  if (typeof mem === 'number') return mem;
  cx.mem.setU32(p + 4, bus ?? 0);
  cx.mem.setU32(p + 8, type ?? INTERFACE_TYPE_UNDEFINED);
  cx.mem.setU32(p + 12, io.length);
  io.forEach(([b, l], i) => {
    cx.mem.setU32(p + 16 + 8 * i, b);
    cx.mem.setU32(p + 20 + 8 * i, l);
  });
  const memAt = p + 16 + 8 * MAX_DEVICE_WINDOWS;
  cx.mem.setU32(memAt, mem.length);
  mem.forEach(([b, l], i) => {
    cx.mem.setU32(memAt + 4 + 8 * i, b);
    cx.mem.setU32(memAt + 8 + 8 * i, l);
  });
  return ERROR.SUCCESS;
}

/** A REG_SZ value for a WCHAR[max] field: '' when absent, an error code when unfit. */
function stringValue(key: RegKey, name: string, max: number): string | number {
  const v = key.value(name);
  if (!v) return '';
  if (v.type !== REG.SZ && v.type !== REG.EXPAND_SZ) return ERROR.INVALID_DATA;
  const s = wideString(v.data);
  return s.length < max ? s : ERROR.INVALID_DATA;
}

function getIsrInfo(cx: ApiContext, hk: number, p: number): number {
  const key = openKey(cx, hk, p, ISR_INFO_SIZE);
  if (typeof key === 'number') return key;
  const irq = dword(key, 'Irq');
  const sysintr = dword(key, 'Sysintr');
  if (typeof irq === 'object') return irq.error;
  if (typeof sysintr === 'object') return sysintr.error;
  const dll = stringValue(key, 'IsrDll', DEVDLL_LEN);
  const handler = stringValue(key, 'IsrHandler', DEVENTRY_LEN);
  if (typeof dll === 'number') return dll;
  if (typeof handler === 'number') return handler;
  // An installable ISR needs its DLL, its entry point and the IRQ it hooks.
  if ((dll !== '' || handler !== '') && (dll === '' || handler === '' || irq === undefined)) return ERROR.INVALID_DATA;
  cx.mem.setU32(p + 4, irq ?? IRQ_UNSPECIFIED);
  cx.mem.setU32(p + 8, sysintr ?? SYSINTR_NOP);
  cx.mem.write(p + 12, Buffer.alloc(2 * (DEVDLL_LEN + DEVENTRY_LEN)));
  cx.mem.writeWstr(p + 12, dll);
  cx.mem.writeWstr(p + 12 + 2 * DEVDLL_LEN, handler);
  return ERROR.SUCCESS;
}

function getPciInfo(cx: ApiContext, hk: number, p: number): number {
  const key = openKey(cx, hk, p, PCI_INFO_SIZE);
  if (typeof key === 'number') return key;
  const instance: number[] = [];
  for (const name of ['DeviceNumber', 'FunctionNumber', 'InstanceIndex']) {
    const v = dword(key, name);
    if (v === undefined) return ERROR.INVALID_DATA;
    if (typeof v === 'object') return v.error;
    instance.push(v);
  }
  let which = 0;
  const ids: number[] = [];
  for (const [i, name] of PCI_IDS.entries()) {
    const v = dword(key, name);
    if (typeof v === 'object') return v.error;
    ids.push(v ?? 0);
    if (v !== undefined) which |= 1 << i;
  }
  instance.forEach((v, i) => cx.mem.setU32(p + 4 + 4 * i, v));
  cx.mem.setU32(p + 16, which);
  ids.forEach((v, i) => cx.mem.setU32(p + 20 + 4 * i, v));
  return ERROR.SUCCESS;
}

export const ddkreg: ApiDef[] = [
  fn('DDKReg_GetWindowInfo(handle hk, ptr pwi): u32', (cx, hk: number, p: number) => getWindowInfo(cx, hk, p)),
  fn('DDKReg_GetIsrInfo(handle hk, ptr pii): u32', (cx, hk: number, p: number) => getIsrInfo(cx, hk, p)),
  fn('DDKReg_GetPciInfo(handle hk, ptr ppi): u32', (cx, hk: number, p: number) => getPciInfo(cx, hk, p)),
];
