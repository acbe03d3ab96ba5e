/**
 * coredll device manager: loading stream drivers (CE docs "Device Manager Functions", "Device Manager
 * Registry Keys", devload.h): ActivateDevice(Ex), DeactivateDevice, GetDeviceInformationByDeviceHandle,
 * GetDeviceHandleFromContext, ForwardDeviceIoControl, EnumDevices, AdvertiseInterface,
 * RequestDeviceNotifications, StopDeviceNotifications. The driver runs in the calling process (on CE
 * it runs in device.exe / the kernel; wmemu has one process per run).
 *
 * ActivateDeviceEx(lpszDevKey, lpRegEnts, cRegEnts, lpvParam), as CE's device manager does it:
 *  1. reads the driver key HKLM\<lpszDevKey>: Dll (REG_SZ, required), Prefix (3 letters), Index,
 *     Flags (DEVFLAGS_NAKEDENTRIES 0x8: entry points without the prefix), IClass (interfaces);
 *     no key or no Dll: INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND; a Prefix not 3 characters:
 *     ERROR_INVALID_PARAMETER;
 *  2. creates the active key HKLM\Drivers\Active\NN (the next two-digit number) with Key (the driver
 *     key), Name ("XXXn:" with a prefix: Index, else the lowest free index from 1), Hnd (the device
 *     handle), ClientInfo (ActivateDevice) and the REGINI values (lpszVal, pData, dwLen, dwType: 16
 *     bytes each) of lpRegEnts;
 *  3. loads the DLL (LoadLibrary: DllMain runs), finds XXX_Init and XXX_Deinit (required: else
 *     ERROR_INVALID_FUNCTION) and calls XXX_Init(activeKeyPath, lpvParam), the path a string in guest
 *     memory for the device's lifetime ("Drivers\Active\NN", what OpenDeviceKey takes);
 *  4. Init returning 0 fails the activation: the DLL is freed, the active key deleted,
 *     INVALID_HANDLE_VALUE with ERROR_OPEN_FAILED (CE's devload answer for a failed Init);
 *     a failed load gives the loader's error;
 *  5. on success each IClass GUID ("{...}", REG_SZ or REG_MULTI_SZ) is advertised with the device
 *     name, and the device handle is returned.
 * A named device (with a Prefix) needs the entry points CE 6's device manager requires (legalEntries
 * below), else the activation fails with ERROR_INVALID_FUNCTION. DeactivateDevice(h) withdraws the
 * interfaces, deletes the active key, calls XXX_PreDeinit or XXX_Deinit(context) and frees the DLL;
 * with handles open on the device the rest waits for the last CloseHandle (deactivate below); another
 * handle: FALSE, ERROR_INVALID_HANDLE. Opening a loaded device by its name ("XXX1:" or
 * "$device\XXX1": XXX_Open and the stream calls) is devfile.ts.
 *
 *  - GetDeviceHandleFromContext(pszActivePath): the device whose active key path is that string (the
 *    context XXX_Init got; the device is registered from the start of its Init); none: NULL,
 *    ERROR_INVALID_PARAMETER.
 *  - ForwardDeviceIoControl(hDevice, code, in, inSize, out, outSize, pBytesReturned): calls the
 *    device's XXX_IOControl with its Init context; a device without one: FALSE,
 *    ERROR_INVALID_FUNCTION; another handle: FALSE, ERROR_INVALID_HANDLE.
 *  - GetDeviceInformationByDeviceHandle(h, pdi): DEVMGR_DEVICE_INFORMATION (dwSize 1584: hDevice,
 *    hParentDevice, szLegacyName[6], szDeviceKey, szDeviceName ("$device\XXXn"), szBusName [MAX_PATH]);
 *    a wrong dwSize: ERROR_INVALID_PARAMETER; another handle: ERROR_INVALID_HANDLE.
 *  - EnumDevices(DevList, lpBuflen) -> a Win32 code: the names ("XXXn:") of the devices loaded in this
 *    run, each NUL-terminated, then a NUL; *lpBuflen (bytes) too small: ERROR_INSUFFICIENT_BUFFER with
 *    the size needed in *lpBuflen.
 *  - AdvertiseInterface(devclass, name, fAdd): adds (or withdraws) an interface of a class; a NULL
 *    GUID or name: FALSE, ERROR_INVALID_PARAMETER; withdrawing one not advertised: FALSE,
 *    ERROR_NOT_FOUND. Each change is sent to the notification queues of that class as a DEVDETAIL
 *    (guidDevClass, dwReserved, fAttached, cbName (bytes, with the NUL), szName).
 *  - FindFirstDevice(searchType, pvSearchParam, pdi) / FindNextDevice(h, pdi) (CE 5/6 reference,
 *    DeviceSearchType): the devices loaded in this run (wmemu loads no driver by itself, so a search for a
 *    driver the program did not load finds none) by legacy name ("COM*" against "COM1:"), device name
 *    ("$device\COM*"), bus name (no bus driver: every device's is empty, so only "" or "*" matches), GUID
 *    (an IClass the device advertises) or parent (no device has one); `*` and `?` wildcards, case-insensitive.
 *    The page says only INVALID_HANDLE_VALUE / FALSE; wmemu sets ERROR_NO_MORE_ITEMS when nothing (more)
 *    matches, a bad search type or parameter ERROR_INVALID_PARAMETER, a wrong dwSize the same as
 *    GetDeviceInformationByDeviceHandle. FindClose closes the search.
 *  - RequestDeviceNotifications(devclass, hMsgQ, fAll): hMsgQ must be a message queue (else NULL,
 *    ERROR_INVALID_HANDLE); devclass NULL means every class; fAll sends the interfaces already
 *    advertised at once. StopDeviceNotifications(h) closes it.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import { REG, type RegKey } from '../../core/registry/registry.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { freeLibrary, getProcAddressOf, loadLibraryNamed } from './modules.js';
import { postToQueue } from './msgqueue.js';
import { registryOf } from './registry.js';

const DEVFLAGS_NAKEDENTRIES = 0x8;
/** files.ts's INVALID_HANDLE_VALUE (files.ts imports this module: CreateFileW of a loaded device). */
const INVALID_HANDLE_VALUE = 0xffff_ffff;
const DEVICE_INFO_SIZE = 12 + 12 + 3 * 520;

/** A driver's stream entry points (GetProcAddress of XXX_<name>); Init and Deinit are always there. */
export interface DriverEntries {
  init: number;
  deinit: number;
  open?: number;
  close?: number;
  read?: number;
  write?: number;
  seek?: number;
  ioControl?: number;
  preClose?: number;
  preDeinit?: number;
}

export class DeviceObject implements KernelObject {
  readonly type = 'device';
  handle = 0;
  context = 0;
  /** Handles open on the device (devfile.ts); a deactivated device is freed when the last one closes. */
  opens = 0;
  /** DeactivateDevice ran: no new opens, I/O on the open handles fails with ERROR_DEVICE_REMOVED. */
  dying = false;
  constructor(
    readonly driverKey: string,
    readonly activePath: string,
    readonly activePathPtr: number,
    readonly name: string,
    readonly module: number,
    readonly entries: DriverEntries,
    readonly classes: Buffer[],
  ) {}
}

class NotificationHandle implements KernelObject {
  readonly type = 'devnotify';
  constructor(
    readonly queue: number,
    readonly devclass: Buffer | undefined,
  ) {}
}

interface DevState {
  devices: DeviceObject[];
  interfaces: Array<{ devclass: Buffer; name: string }>;
  notifications: Set<NotificationHandle>;
  nextActive: number;
}

const devSlot = defineSlot('devmgr', (): DevState => ({ devices: [], interfaces: [], notifications: new Set(), nextActive: 1 }));

function regString(key: RegKey, name: string): string | undefined {
  const v = key.value(name);
  if (!v || (v.type !== REG.SZ && v.type !== REG.EXPAND_SZ)) return undefined;
  return v.data.toString('utf16le').replace(/\0.*$/s, '');
}

function regDword(key: RegKey, name: string): number | undefined {
  const v = key.value(name);
  return v && v.type === REG.DWORD && v.data.length >= 4 ? v.data.readUInt32LE(0) : undefined;
}

/** "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" -> the 16 bytes of a GUID, or undefined. */
function parseGuid(s: string): Buffer | undefined {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(s.trim());
  if (!m) return undefined;
  const b = Buffer.alloc(16);
  b.writeUInt32LE(Number.parseInt(m[1]!, 16), 0);
  b.writeUInt16LE(Number.parseInt(m[2]!, 16), 4);
  b.writeUInt16LE(Number.parseInt(m[3]!, 16), 6);
  Buffer.from(m[4]! + m[5]!, 'hex').copy(b, 8);
  return b;
}

function interfaceClasses(key: RegKey): Buffer[] {
  const v = key.value('IClass');
  if (!v || (v.type !== REG.SZ && v.type !== REG.MULTI_SZ)) return [];
  return v.data
    .toString('utf16le')
    .split('\0')
    .map((s) => parseGuid(s.replace(/=.*$/, '')))
    .filter((g): g is Buffer => g !== undefined);
}

function devDetail(devclass: Buffer, name: string, attached: boolean): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, 'utf16le');
  const b = Buffer.alloc(28 + nameBytes.length);
  devclass.copy(b, 0);
  b.writeUInt32LE(attached ? 1 : 0, 20);
  b.writeInt32LE(nameBytes.length, 24);
  nameBytes.copy(b, 28);
  return b;
}

function announce(cx: ApiContext, devclass: Buffer, name: string, attached: boolean): void {
  for (const n of devSlot.of(cx.machine).notifications) {
    if (!n.devclass || n.devclass.equals(devclass)) postToQueue(cx, n.queue, devDetail(devclass, name, attached));
  }
}

function advertise(cx: ApiContext, devclass: Buffer, name: string, add: boolean): boolean {
  const st = devSlot.of(cx.machine);
  const i = st.interfaces.findIndex((x) => x.devclass.equals(devclass) && x.name.toLowerCase() === name.toLowerCase());
  if (add) st.interfaces.push({ devclass, name });
  else if (i < 0) return false;
  else st.interfaces.splice(i, 1);
  announce(cx, devclass, name, add);
  return true;
}

function guestString(cx: ApiContext, s: string): number {
  const p = cx.machine.processHeap.alloc(2 * s.length + 2, false);
  if (p) cx.mem.writeWstr(p, s);
  return p;
}

/** Copies the REGINI array (lpszVal, pData, dwLen, dwType) into the active key. */
function writeRegEnts(cx: ApiContext, key: RegKey, p: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const e = p + 16 * i;
    const name = cx.mem.wstr(cx.mem.u32(e), 260);
    const data = cx.mem.u32(e + 4);
    const len = cx.mem.u32(e + 8);
    key.setValue(name, cx.mem.u32(e + 12), Buffer.from(data && len ? cx.mem.bytes(data, len) : Buffer.alloc(0)));
  }
}

const STREAM_ENTRIES = [
  ['open', 'Open'],
  ['close', 'Close'],
  ['read', 'Read'],
  ['write', 'Write'],
  ['seek', 'Seek'],
  ['ioControl', 'IOControl'],
  ['preClose', 'PreClose'],
  ['preDeinit', 'PreDeinit'],
] as const;

/**
 * The entry-point combinations CE 6's device manager accepts (devmgr.dll CreateDevice, disassembled:
 * "illegal entry point combination" is ERROR_INVALID_FUNCTION): Init and Deinit always; a named
 * device (one with a Prefix, which programs open) also Open, Close and at least one of Read, Write,
 * Seek, IOControl, and PreClose only together with PreDeinit.
 */
function legalEntries(e: DriverEntries, named: boolean): boolean {
  if (!named) return true;
  if (!e.open || !e.close) return false;
  if (!e.read && !e.write && !e.seek && !e.ioControl) return false;
  return !e.preClose || e.preDeinit !== undefined;
}

function activate(cx: ApiContext, keyPtr: number, regEnts: number, nEnts: number, param: number, clientInfo: number | undefined): Returns<'handle'> {
  if (!keyPtr) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
  const driverKey = cx.mem.wstr(keyPtr, 260);
  const reg = registryOf(cx.machine);
  const key = reg.byFullPath(`HKEY_LOCAL_MACHINE\\${driverKey}`, false);
  const dll = key && regString(key, 'Dll');
  if (!key || !dll) return cx.fail(INVALID_HANDLE_VALUE, ERROR.FILE_NOT_FOUND);
  const prefix = regString(key, 'Prefix') ?? '';
  if (prefix !== '' && prefix.length !== 3) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
  const st = devSlot.of(cx.machine);
  let name = '';
  if (prefix) {
    let index = regDword(key, 'Index');
    const taken = (i: number) => st.devices.some((d) => d.name.toLowerCase() === `${prefix}${i}:`.toLowerCase());
    if (index === undefined) {
      index = 1;
      while (taken(index) && index < 9) index++;
    }
    if (taken(index)) return cx.fail(INVALID_HANDLE_VALUE, ERROR.ALREADY_EXISTS);
    name = `${prefix.toUpperCase()}${index}:`;
  }
  const naked = !prefix || (regDword(key, 'Flags') ?? 0) & DEVFLAGS_NAKEDENTRIES;
  const activePath = `Drivers\\Active\\${String(st.nextActive++).padStart(2, '0')}`;
  const active = reg.byFullPath(`HKEY_LOCAL_MACHINE\\${activePath}`, true)!;
  const sz = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
  const dw = (n: number) => Buffer.from(new Uint32Array([n >>> 0]).buffer);
  active.setValue('Key', REG.SZ, sz(driverKey));
  if (name) active.setValue('Name', REG.SZ, sz(name));
  if (clientInfo !== undefined) active.setValue('ClientInfo', REG.DWORD, dw(clientInfo));
  if (regEnts && nEnts) writeRegEnts(cx, active, regEnts, nEnts);
  const fail = (code: number) => {
    reg.deleteKey(active);
    return cx.fail(INVALID_HANDLE_VALUE, code);
  };
  return loadLibraryNamed(cx, dll, 0, (hmod): Returns<'handle'> => {
    if (!hmod) return fail(cx.lastError);
    const entry = (e: string) => getProcAddressOf(cx, hmod, { name: naked ? e : `${prefix}_${e}` });
    const init = entry('Init');
    const deinit = entry('Deinit');
    if (!init || !deinit) return freeLibrary(cx, hmod, () => fail(ERROR.INVALID_FUNCTION));
    const entries: DriverEntries = { init, deinit };
    for (const [k, e] of STREAM_ENTRIES) entries[k] = entry(e);
    if (!legalEntries(entries, name !== '')) return freeLibrary(cx, hmod, () => fail(ERROR.INVALID_FUNCTION));
    const pathPtr = guestString(cx, activePath);
    if (!pathPtr) return freeLibrary(cx, hmod, () => fail(ERROR.NOT_ENOUGH_MEMORY));
    const dev = new DeviceObject(driverKey, activePath, pathPtr, name, hmod, entries, interfaceClasses(key));
    dev.handle = cx.machine.handles.add(dev);
    if (!dev.handle) return freeLibrary(cx, hmod, () => fail(ERROR.NOT_ENOUGH_MEMORY));
    active.setValue('Hnd', REG.DWORD, dw(dev.handle));
    cx.machine.debugOutput(`ActivateDeviceEx(${driverKey}): ${dll} loaded, calling its Init (${activePath})`);
    // The device exists while its Init runs: a bus driver's Init asks GetDeviceHandleFromContext for
    // its own handle (regenum.dll in ServicesEnum.dll does).
    st.devices.push(dev);
    return cx.callGuest(init, [pathPtr, param], (ctx): Returns<'handle'> => {
      if (!ctx) {
        cx.machine.debugOutput(`ActivateDeviceEx(${driverKey}): Init of ${dll} returned 0`);
        st.devices.splice(st.devices.indexOf(dev), 1);
        cx.machine.handles.close(dev.handle);
        cx.machine.processHeap.freeBlock(pathPtr);
        return freeLibrary(cx, hmod, () => fail(ERROR.OPEN_FAILED));
      }
      dev.context = ctx;
      for (const c of dev.classes) advertise(cx, c, name || activePath, true);
      return dev.handle;
    });
  });
}

/**
 * The device loaded in this run that a CreateFileW path names ("DDK1:", "\\$device\\DDK1"), if any;
 * `named`: the path has one of those forms (whether or not such a device is loaded).
 */
export function loadedDevice(m: Machine, path: string): { device: DeviceObject | undefined; named: boolean } {
  const p = path.replace(/^\\+/, '').toLowerCase();
  const st = devSlot.peek(m);
  const device = st?.devices.find((d) => d.name && (p === d.name.toLowerCase() || p === `$device\\${d.name.slice(0, -1).toLowerCase()}`));
  return { device, named: device !== undefined || /^\$device\\[^\\]+$/.test(p) };
}

function deviceOf(cx: ApiContext, h: number): DeviceObject | undefined {
  return cx.machine.handles.get<DeviceObject>(h, 'device');
}

/**
 * The end of a deactivated device, once no handle is open on it: XXX_Deinit (when the driver has
 * PreDeinit; without one Deinit already ran in DeactivateDevice), FreeLibrary, and the active key
 * path string goes.
 */
export function releaseDevice(cx: ApiContext, dev: DeviceObject, then: () => Returns<'bool'>): Returns<'bool'> {
  const free = () =>
    freeLibrary(cx, dev.module, () => {
      cx.machine.processHeap.freeBlock(dev.activePathPtr);
      return then();
    });
  return dev.entries.preDeinit ? cx.callGuest(dev.entries.deinit, [dev.context], free) : free();
}

/**
 * DeactivateDevice as CE 6's device manager does it (devmgr.dll I_DeregisterDevice, disassembled):
 * the device leaves the namespace (no new opens; its interfaces are withdrawn, its active key
 * deleted), then XXX_PreDeinit(context) when the driver has one, else XXX_Deinit(context). With no
 * handle open the device is freed at once (Deinit after PreDeinit, FreeLibrary); otherwise the open
 * handles keep it, their I/O fails with ERROR_DEVICE_REMOVED, and closing the last one (XXX_Close
 * still runs) finishes it (devfile.ts).
 */
function deactivate(cx: ApiContext, h: number): Returns<'bool'> {
  const dev = deviceOf(cx, h);
  const st = devSlot.of(cx.machine);
  if (!dev || !st.devices.includes(dev)) return cx.fail(0, ERROR.INVALID_HANDLE);
  st.devices.splice(st.devices.indexOf(dev), 1);
  dev.dying = true;
  for (const c of dev.classes) advertise(cx, c, dev.name || dev.activePath, false);
  const active = registryOf(cx.machine).byFullPath(`HKEY_LOCAL_MACHINE\\${dev.activePath}`, false);
  if (active) registryOf(cx.machine).deleteKey(active);
  cx.machine.handles.close(h);
  return cx.callGuest(dev.entries.preDeinit ?? dev.entries.deinit, [dev.context], () => (dev.opens === 0 ? releaseDevice(cx, dev, () => 1) : 1));
}

function deviceInformation(cx: ApiContext, h: number, p: number): number {
  const dev = deviceOf(cx, h);
  if (!dev) return cx.fail(0, ERROR.INVALID_HANDLE);
  if (!p || cx.mem.u32(p) !== DEVICE_INFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.write(p + 4, Buffer.alloc(DEVICE_INFO_SIZE - 4));
  cx.mem.setU32(p + 4, dev.handle);
  cx.mem.writeWstr(p + 12, dev.name.slice(0, 5));
  cx.mem.writeWstr(p + 24, dev.driverKey.slice(0, 259));
  if (dev.name) cx.mem.writeWstr(p + 24 + 520, `$device\\${dev.name.slice(0, -1)}`);
  return 1;
}

class DeviceSearch implements KernelObject {
  readonly type = 'devfind';
  constructor(readonly matches: DeviceObject[]) {}
  next = 0;
}

const SEARCH = { LEGACY: 0, DEVICE: 1, BUS: 2, GUID: 3, PARENT: 4 } as const;

function wildcard(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

/** FindFirstDevice: the devices of this run that match, or undefined (the last error set). */
function searchDevices(cx: ApiContext, type: number, param: number): DeviceObject[] | undefined {
  const devices = devSlot.of(cx.machine).devices;
  const text = (): string | undefined => (param ? cx.mem.wstr(param, 260) : undefined);
  switch (type) {
    case SEARCH.LEGACY:
    case SEARCH.DEVICE:
    case SEARCH.BUS: {
      const t = text();
      if (t === undefined) return void cx.fail(0, ERROR.INVALID_PARAMETER);
      const re = wildcard(t);
      // Unnamed devices are found with a zero-length search string (the page's remark).
      const key = (d: DeviceObject) => (type === SEARCH.LEGACY ? d.name : type === SEARCH.DEVICE ? (d.name ? `$device\\${d.name.slice(0, -1)}` : '') : '');
      return devices.filter((d) => (t === '' ? key(d) === '' : re.test(key(d))));
    }
    case SEARCH.GUID: {
      if (!param) return void cx.fail(0, ERROR.INVALID_PARAMETER);
      const g = Buffer.from(cx.mem.bytes(param, 16));
      return devices.filter((d) => d.classes.some((c) => c.equals(g)));
    }
    case SEARCH.PARENT:
      return []; // no bus driver loads devices in wmemu: no device has a parent
    default:
      return void cx.fail(0, ERROR.INVALID_PARAMETER);
  }
}

function findDevice(cx: ApiContext, s: DeviceSearch, pdi: number): boolean {
  while (s.next < s.matches.length) {
    const dev = s.matches[s.next++]!;
    if (dev.handle) return deviceInformation(cx, dev.handle, pdi) === 1;
  }
  cx.fail(0, ERROR.NO_MORE_ITEMS);
  return false;
}

function enumDevices(cx: ApiContext, list: number, lenPtr: number): number {
  if (!lenPtr) return ERROR.INVALID_PARAMETER;
  const names = devSlot
    .of(cx.machine)
    .devices.filter((d) => d.name)
    .map((d) => `${d.name}\0`)
    .join('');
  const data = Buffer.from(`${names}\0`, 'utf16le');
  const have = cx.mem.u32(lenPtr);
  cx.mem.setU32(lenPtr, data.length);
  if (!list || have < data.length) return ERROR.INSUFFICIENT_BUFFER;
  cx.mem.write(list, data);
  return ERROR.SUCCESS;
}

function requestNotifications(cx: ApiContext, cls: number, q: number, all: number): number {
  if (!cx.machine.handles.get(q, 'msgqueue')) return cx.fail(0, ERROR.INVALID_HANDLE);
  const devclass = cls ? Buffer.from(cx.mem.bytes(cls, 16)) : undefined;
  const n = new NotificationHandle(q, devclass);
  const h = cx.machine.handles.add(n);
  if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  const st = devSlot.of(cx.machine);
  st.notifications.add(n);
  if (all) for (const i of st.interfaces) if (!devclass || devclass.equals(i.devclass)) postToQueue(cx, q, devDetail(i.devclass, i.name, true));
  return h;
}

export const devmgr: ApiDef[] = [
  fn('ActivateDevice(wstr lpszDevKey, u32 dwClientInfo): handle', (cx, key: number, info: number) => activate(cx, key, 0, 0, 0, info)),
  fn('ActivateDeviceEx(wstr lpszDevKey, ptr lpRegEnts, u32 cRegEnts, ptr lpvParam): handle', (cx, key: number, ents: number, n: number, param: number) =>
    activate(cx, key, ents, n, param, undefined),
  ),
  fn('DeactivateDevice(handle hDevice): bool', (cx, h: number) => deactivate(cx, h)),
  fn('GetDeviceInformationByDeviceHandle(handle hDevice, ptr pdi): bool', (cx, h: number, p: number) => deviceInformation(cx, h, p)),
  fn('GetDeviceHandleFromContext(wstr pszActivePath): handle', (cx, p: number) => {
    const path = p ? cx.mem.wstr(p, 260).toLowerCase() : undefined;
    const dev = devSlot.of(cx.machine).devices.find((d) => d.activePathPtr === p || d.activePath.toLowerCase() === path);
    return dev ? dev.handle : cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  fn(
    'ForwardDeviceIoControl(handle hDevice, hex dwIoControlCode, ptr lpInBuf, u32 nInBufSize, ptr lpOutBuf, u32 nOutBufSize, ptr lpBytesReturned): bool',
    (cx, h: number, code: number, inp: number, inSize: number, out: number, outSize: number, ret: number) => {
      const dev = deviceOf(cx, h);
      if (!dev) return cx.fail(0, ERROR.INVALID_HANDLE);
      // A device without IOControl gets the device manager's default entry point (devmgr.dll):
      // ERROR_NOT_SUPPORTED, FALSE.
      if (!dev.entries.ioControl) return cx.fail(0, ERROR.NOT_SUPPORTED);
      return cx.callGuest(dev.entries.ioControl, [dev.context, code, inp, inSize, out, outSize, ret], (r) => (r ? 1 : 0));
    },
  ),
  fn('FindFirstDevice(u32 searchType, ptr pvSearchParam, ptr pdi): handle', (cx, type: number, param: number, pdi: number) => {
    if (!pdi || cx.mem.u32(pdi) !== DEVICE_INFO_SIZE) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
    const matches = searchDevices(cx, type, param);
    if (!matches) return INVALID_HANDLE_VALUE;
    const s = new DeviceSearch(matches);
    if (!findDevice(cx, s, pdi)) return INVALID_HANDLE_VALUE;
    const h = cx.machine.handles.add(s);
    return h || cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('FindNextDevice(handle h, ptr pdi): bool', (cx, h: number, pdi: number) => {
    const s = cx.machine.handles.get<DeviceSearch>(h, 'devfind');
    if (!s) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!pdi || cx.mem.u32(pdi) !== DEVICE_INFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return findDevice(cx, s, pdi) ? 1 : 0;
  }),
  fn('EnumDevices(ptr DevList, ptr lpBuflen): u32', (cx, list: number, len: number) => enumDevices(cx, list, len)),
  fn('AdvertiseInterface(ptr devclass, wstr name, bool fAdd): bool', (cx, cls: number, name: number, add: number) => {
    if (!cls || !name) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return advertise(cx, Buffer.from(cx.mem.bytes(cls, 16)), cx.mem.wstr(name, 260), add !== 0) ? 1 : cx.fail(0, ERROR.NOT_FOUND);
  }),
  fn('RequestDeviceNotifications(ptr devclass, handle hMsgQ, bool fAll): handle', (cx, cls: number, q: number, all: number) =>
    requestNotifications(cx, cls, q, all),
  ),
  fn('StopDeviceNotifications(handle h): bool', (cx, h: number) => {
    const n = cx.machine.handles.get<NotificationHandle>(h, 'devnotify');
    if (!n) return cx.fail(0, ERROR.INVALID_HANDLE);
    devSlot.of(cx.machine).notifications.delete(n);
    cx.machine.handles.close(h);
    return 1;
  }),
];
