/**
 * coredll registry: RegOpenKeyExW, RegCreateKeyExW, RegQueryValueExW, RegSetValueExW, RegEnumKeyExW,
 * RegEnumValueW, RegDeleteKeyW (the whole subtree, as on CE), RegDeleteValueW, RegCloseKey,
 * RegQueryInfoKeyW, RegFlushKey, over the model in emulator/registry/. Like the real API these return
 * a Win32 error code and leave the last error alone. Key handles live in the kernel handle table;
 * HKEY_CLASSES_ROOT..HKEY_USERS are 0x80000000..0x80000003.
 *
 * The registry is loaded on first use from MachineOptions.registryFile (REGEDIT4), else a small default;
 * with registryPersist it is written back to that file when the machine closes (only if changed).
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { fn, type ApiDef, type ApiOptions } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import type { RunBudget } from '../../core/memory/run-budget.js';
import { DEFAULT_REGISTRY, REG, Registry, RegKey, decodeRegFile } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { FILETIME_UNIX_EPOCH } from './time.js';
import { defineSlot } from '../../core/slot.js';
import { moduleString } from './shindirect.js';
import { notifyRegChange, REG_ACTION, REG_NOTIFY_CHANGE_LAST_SET, REG_NOTIFY_CHANGE_NAME } from './regchanges.js';

const REG_CREATED_NEW_KEY = 1;
const REG_OPENED_EXISTING_KEY = 2;
const MAX_KEY_NAME = 255;
const MAX_VALUE_NAME = 16383;

// ---- The run's memory budget (core/memory/run-budget.ts, issue 17 item 6) ----------------------
// Keys and values a guest adds are host memory: each is charged to the run-wide budget that
// --memory-limit sets, with an estimate of the Map entry and object around the data. What the
// default or loaded registry holds is not charged (so deleting it gives nothing back). Past the
// limit RegSetValueExW / RegCreateKeyExW fail with ERROR_NOT_ENOUGH_MEMORY, the code CE's registry
// returns when the object store cannot hold more (its data lives in the object store's RAM).
const VALUE_OVERHEAD = 96;
const KEY_OVERHEAD = 320;
const charged = new WeakMap<object, number>();

function chargeFor(cx: ApiContext, obj: object, cost: number): boolean {
  const old = charged.get(obj) ?? 0;
  const budget = cx.machine.budget;
  if (cost > old && !budget.charge(cost - old)) return false;
  if (cost < old) budget.release(old - cost);
  charged.set(obj, cost);
  return true;
}

function releaseFor(budget: RunBudget, obj: object): void {
  const old = charged.get(obj);
  if (old !== undefined) budget.release(old);
  charged.delete(obj);
}

/** Gives back what `key` and its subtree were charged (a deleted key; the process's end). */
function releaseSubtree(budget: RunBudget, key: RegKey): void {
  for (const v of key.values.values()) releaseFor(budget, v);
  for (const c of key.subkeys.values()) releaseSubtree(budget, c);
  releaseFor(budget, key);
}

class KeyHandle implements KernelObject {
  readonly type = 'regkey';
  constructor(readonly key: RegKey) {}
}

/** A new HKEY handle to `key` (0 when the handle table is full): OpenDeviceKey (device.ts). */
export function keyHandle(cx: ApiContext, key: RegKey): number {
  return cx.machine.handles.add(new KeyHandle(key));
}

/** The machine's registry (loaded on first use). */
export function registryOf(m: Machine): Registry {
  return registrySlot.of(m);
}
const registrySlot = defineSlot('registry', (m) => {
  const r = new Registry();
  const file = m.options.registryFile;
  if (file) {
    r.load(loadRegFileText(file, m.options.registryPersist === true));
    if (!existsSync(file)) r.dirty = true; // a new persisted registry: write it on exit
  } else r.load(DEFAULT_REGISTRY);
  if (file && m.options.registryPersist) m.onShutdown(() => persistRegistry(r, file));
  // Each process has its registry here: what its guest added goes back to the run's budget at its end.
  m.onShutdown(() => {
    for (const root of r.roots.values()) releaseSubtree(m.budget, root);
  });
  return r;
});

/**
 * The text of a registry file, checked (throws an Error naming the file and line). A missing file is
 * the default registry when it is going to be persisted (the first run creates it).
 */
export function loadRegFileText(file: string, persist: boolean): string {
  let text: string;
  try {
    text = decodeRegFile(readFileSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && persist) return DEFAULT_REGISTRY;
    throw new Error(`cannot read registry file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  try {
    new Registry().load(text);
  } catch (e) {
    throw new Error(`registry file ${file}: ${(e as Error).message}`, { cause: e });
  }
  return text;
}

/** Writes the registry to `file` as REGEDIT4 if a guest changed it (atomically: temp file + rename). */
export function persistRegistry(r: Registry, file: string): void {
  if (!r.dirty) return;
  const tmp = `${file}.wmemu-tmp`;
  // Written line by line: one string of the whole file failed past ~187 MiB of values (V8's string
  // limit) and the hook's error went unnoticed (issue 17 item 10). Failures now throw to the caller.
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new Error(`registry not written to ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      const b = Buffer.from(pending.join(''), 'utf8');
      for (let done = 0; done < b.length;) done += writeSync(fd, b, done);
      pending = [];
      size = 0;
    };
    r.saveLines((line) => {
      pending.push(line, '\r\n');
      size += line.length;
      if (size >= 1 << 20) flush();
    });
    flush();
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw new Error(`registry not written to ${file}: ${(e as Error).message}`, { cause: e });
  }
  closeSync(fd);
  renameSync(tmp, file);
  r.dirty = false;
}

/** The key behind a handle (or a root HKEY), or a Win32 error: the DDK registry helpers (ddkreg.ts). */
export function keyOf(cx: ApiContext, h: number): RegKey | number {
  const reg = registryOf(cx.machine);
  const root = reg.roots.get(h >>> 0);
  if (root) return root;
  const k = cx.machine.handles.get<KeyHandle>(h, 'regkey');
  if (!k) return ERROR.INVALID_HANDLE;
  if (k.key.deleted) return ERROR.KEY_DELETED;
  return k.key;
}

function optName(cx: ApiContext, p: number, max: number): string {
  return p ? cx.mem.wstr(p, max + 1) : '';
}

function newHandle(cx: ApiContext, key: RegKey, out: number): number {
  const h = cx.machine.handles.add(new KeyHandle(key));
  if (!h) return ERROR.NOT_ENOUGH_MEMORY;
  cx.mem.setU32(out, h);
  return ERROR.SUCCESS;
}

/** Copies value data per the registry API rules (NULL data = size query, ERROR_MORE_DATA). */
/**
 * REG_MUI_SZ (21, CE-specific; the build's `mui_sz:"module,#id"`): the value names a string resource.
 * RegQueryValueExW answers the string itself, as REG_SZ: CE 6's ceshell.dll reads the desktop items'
 * "DisplayName" (mui_sz in shell.reg) with RegQueryValueExW, lpType NULL, and shows the text as it
 * comes, with no SHLoadIndirectString or LoadString of its own (corpus, traced), so the device's
 * registry resolves it. The module is loaded as a data file for the look-up (shindirect.ts). A value
 * whose module or string is not found is answered as stored (REG_MUI_SZ, the "module,#id" text).
 */
export const REG_MUI_SZ = 21;
export function muiString(cx: ApiContext, raw: Buffer): Buffer | undefined {
  const text = raw.toString('utf16le').replace(/\0+$/, '');
  const m = /^\s*(.+?)\s*,\s*#\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const s = moduleString(cx, m[1]!, Number(m[2]));
  return s === undefined ? undefined : Buffer.from(s + '\0', 'utf16le');
}

function deliverData(cx: ApiContext, data: Buffer, dataPtr: number, sizePtr: number): number {
  if (dataPtr && !sizePtr) return ERROR.INVALID_PARAMETER;
  if (!sizePtr) return ERROR.SUCCESS;
  const have = cx.mem.u32(sizePtr);
  cx.mem.setU32(sizePtr, data.length);
  if (!dataPtr) return ERROR.SUCCESS;
  if (have < data.length) return ERROR.MORE_DATA;
  cx.mem.write(dataPtr, data);
  return ERROR.SUCCESS;
}

/** Writes a name into a character buffer whose size (in chars, with the NUL) is at *lenPtr. */
function deliverName(cx: ApiContext, name: string, bufPtr: number, lenPtr: number): number {
  if (!bufPtr || !lenPtr) return ERROR.INVALID_PARAMETER;
  const have = cx.mem.u32(lenPtr);
  if (have < name.length + 1) return ERROR.MORE_DATA;
  cx.mem.writeWstr(bufPtr, name);
  cx.mem.setU32(lenPtr, name.length);
  return ERROR.SUCCESS;
}

function filetime(d: Date): bigint {
  return BigInt(d.getTime()) * 10_000n + FILETIME_UNIX_EPOCH;
}

// A bad guest pointer makes the registry API return ERROR_INVALID_PARAMETER (CE validates its arguments).
const REG_FAULT: ApiOptions = { fault: { kind: 'error', ret: ERROR.INVALID_PARAMETER, lastError: ERROR.INVALID_PARAMETER } };

export const registry: ApiDef[] = [
  fn(
    'RegOpenKeyExW(handle hKey, wstr lpSubKey, u32 ulOptions, hex samDesired, ptr phkResult): i32',
    REG_FAULT,
    (cx, h: number, sub: number, _o: number, _s: number, out: number) => {
      if (!out) return ERROR.INVALID_PARAMETER;
      const from = keyOf(cx, h);
      if (typeof from === 'number') return from;
      const key = registryOf(cx.machine).find(from, optName(cx, sub, 1024));
      if (!key) return ERROR.FILE_NOT_FOUND;
      return newHandle(cx, key, out);
    },
  ),

  fn(
    'RegCreateKeyExW(handle hKey, wstr lpSubKey, u32 Reserved, wstr lpClass, hex dwOptions, hex samDesired, ptr lpSecurityAttributes, ptr phkResult, ptr lpdwDisposition): i32',
    REG_FAULT,
    (cx, h: number, sub: number, _r: number, _c: number, _o: number, _s: number, _sa: number, out: number, dispOut: number) => {
      if (!out || !sub) return ERROR.INVALID_PARAMETER;
      const from = keyOf(cx, h);
      if (typeof from === 'number') return from;
      const path = cx.mem.wstr(sub, 1024);
      if (path.split('\\').some((p) => p.length > MAX_KEY_NAME)) return ERROR.INVALID_PARAMETER;
      const reg = registryOf(cx.machine);
      // The keys this call adds, charged first (the budget above): all or nothing.
      let cost = 0;
      let walk: RegKey | undefined = from;
      let deepest = from;
      let firstNew: string | undefined;
      for (const part of path.split('\\').filter((p) => p !== '')) {
        walk = walk?.child(part);
        if (walk) deepest = walk;
        else {
          firstNew ??= part;
          cost += KEY_OVERHEAD + 2 * part.length;
        }
      }
      if (!cx.machine.budget.charge(cost)) return ERROR.NOT_ENOUGH_MEMORY;
      const { key, created } = reg.create(from, path);
      if (created) reg.dirty = true;
      if (created && firstNew !== undefined) notifyRegChange(reg, deepest, REG_NOTIFY_CHANGE_NAME, REG_ACTION.ADDED, firstNew);
      if (cost > 0) charged.set(key, (charged.get(key) ?? 0) + cost);
      const r = newHandle(cx, key, out);
      if (r === ERROR.SUCCESS && dispOut) cx.mem.setU32(dispOut, created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY);
      return r;
    },
  ),

  fn('RegCloseKey(handle hKey): i32', (cx, h: number) => {
    if (registryOf(cx.machine).roots.has(h >>> 0)) return ERROR.SUCCESS;
    if (!cx.machine.handles.get(h, 'regkey')) return ERROR.INVALID_HANDLE;
    cx.machine.handles.close(h);
    return ERROR.SUCCESS;
  }),

  fn('RegFlushKey(handle hKey): i32', (cx, h: number) => {
    const k = keyOf(cx, h);
    if (typeof k === 'number') return k;
    const file = cx.machine.options.registryFile;
    if (file && cx.machine.options.registryPersist) persistRegistry(registryOf(cx.machine), file);
    return ERROR.SUCCESS;
  }),

  fn(
    'RegQueryValueExW(handle hKey, wstr lpValueName, ptr lpReserved, ptr lpType, ptr lpData, ptr lpcbData): i32',
    REG_FAULT,
    (cx, h: number, name: number, _r: number, typeOut: number, data: number, size: number) => {
      const k = keyOf(cx, h);
      if (typeof k === 'number') return k;
      if (data && !size) return ERROR.INVALID_PARAMETER;
      const v = k.value(optName(cx, name, MAX_VALUE_NAME));
      if (!v) return ERROR.FILE_NOT_FOUND;
      const mui = v.type === REG_MUI_SZ ? muiString(cx, v.data) : undefined;
      if (mui) {
        if (typeOut) cx.mem.setU32(typeOut, REG.SZ);
        return deliverData(cx, mui, data, size);
      }
      if (typeOut) cx.mem.setU32(typeOut, v.type);
      return deliverData(cx, v.data, data, size);
    },
  ),

  fn(
    'RegSetValueExW(handle hKey, wstr lpValueName, u32 Reserved, u32 dwType, ptr lpData, u32 cbData): i32',
    REG_FAULT,
    (cx, h: number, name: number, _r: number, type: number, data: number, size: number) => {
      const k = keyOf(cx, h);
      if (typeof k === 'number') return k;
      const valueName = optName(cx, name, MAX_VALUE_NAME);
      if (valueName.length > MAX_VALUE_NAME) return ERROR.INVALID_PARAMETER;
      if (type === REG.DWORD && size !== 4) return ERROR.INVALID_PARAMETER;
      if (size && !data) return ERROR.INVALID_PARAMETER;
      const cost = VALUE_OVERHEAD + 2 * valueName.length + size;
      const old = k.value(valueName);
      if (old ? !chargeFor(cx, old, cost) : !cx.machine.budget.charge(cost)) return ERROR.NOT_ENOUGH_MEMORY;
      const bytes = size ? Buffer.from(cx.mem.bytes(data, size)) : Buffer.alloc(0);
      k.setValue(valueName, type, bytes);
      if (!old) charged.set(k.value(valueName)!, cost);
      registryOf(cx.machine).dirty = true;
      notifyRegChange(registryOf(cx.machine), k, REG_NOTIFY_CHANGE_LAST_SET, old ? REG_ACTION.MODIFIED : REG_ACTION.ADDED, valueName);
      return ERROR.SUCCESS;
    },
  ),

  fn('RegDeleteValueW(handle hKey, wstr lpValueName): i32', REG_FAULT, (cx, h: number, name: number) => {
    const k = keyOf(cx, h);
    if (typeof k === 'number') return k;
    const vname = optName(cx, name, MAX_VALUE_NAME);
    const v = k.value(vname);
    if (!k.deleteValue(vname)) return ERROR.FILE_NOT_FOUND;
    if (v) releaseFor(cx.machine.budget, v);
    registryOf(cx.machine).dirty = true;
    notifyRegChange(registryOf(cx.machine), k, REG_NOTIFY_CHANGE_LAST_SET, REG_ACTION.REMOVED, vname);
    return ERROR.SUCCESS;
  }),

  fn('RegDeleteKeyW(handle hKey, wstr lpSubKey): i32', REG_FAULT, (cx, h: number, sub: number) => {
    const from = keyOf(cx, h);
    if (typeof from === 'number') return from;
    const path = optName(cx, sub, 1024);
    if (path.replace(/\\/g, '') === '') return ERROR.INVALID_PARAMETER;
    const reg = registryOf(cx.machine);
    const key = reg.find(from, path);
    if (!key) return ERROR.FILE_NOT_FOUND;
    if (!key.parent) return ERROR.ACCESS_DENIED;
    const parent = key.parent;
    reg.deleteKey(key);
    notifyRegChange(reg, parent, REG_NOTIFY_CHANGE_NAME, REG_ACTION.REMOVED, key.name);
    releaseSubtree(cx.machine.budget, key);
    reg.dirty = true;
    return ERROR.SUCCESS;
  }),

  fn(
    'RegEnumKeyExW(handle hKey, u32 dwIndex, ptr lpName, ptr lpcName, ptr lpReserved, ptr lpClass, ptr lpcClass, ptr lpftLastWriteTime): i32',
    REG_FAULT,
    (cx, h: number, index: number, nameBuf: number, nameLen: number, _r: number, classBuf: number, classLen: number, ft: number) => {
      const k = keyOf(cx, h);
      if (typeof k === 'number') return k;
      const sub = k.sortedSubkeys()[index];
      if (!sub) return ERROR.NO_MORE_ITEMS;
      const r = deliverName(cx, sub.name, nameBuf, nameLen);
      if (r !== ERROR.SUCCESS) return r;
      if (classBuf && classLen) {
        if (cx.mem.u32(classLen) < 1) return ERROR.MORE_DATA;
        cx.mem.setU16(classBuf, 0);
        cx.mem.setU32(classLen, 0);
      }
      if (ft) cx.mem.setU64(ft, filetime(sub.lastWrite));
      return ERROR.SUCCESS;
    },
  ),

  fn(
    'RegEnumValueW(handle hKey, u32 dwIndex, ptr lpValueName, ptr lpcchValueName, ptr lpReserved, ptr lpType, ptr lpData, ptr lpcbData): i32',
    REG_FAULT,
    (cx, h: number, index: number, nameBuf: number, nameLen: number, _r: number, typeOut: number, data: number, size: number) => {
      const k = keyOf(cx, h);
      if (typeof k === 'number') return k;
      const v = [...k.values.values()][index];
      if (!v) return ERROR.NO_MORE_ITEMS;
      const r = deliverName(cx, v.name, nameBuf, nameLen);
      if (r !== ERROR.SUCCESS) return r;
      if (typeOut) cx.mem.setU32(typeOut, v.type);
      return deliverData(cx, v.data, data, size);
    },
  ),

  fn(
    'RegQueryInfoKeyW(handle hKey, ptr lpClass, ptr lpcClass, ptr lpReserved, ptr lpcSubKeys, ptr lpcMaxSubKeyLen, ptr lpcMaxClassLen, ptr lpcValues, ptr lpcMaxValueNameLen, ptr lpcMaxValueLen, ptr lpcbSecurityDescriptor, ptr lpftLastWriteTime): i32',
    REG_FAULT,
    (
      cx,
      h: number,
      classBuf: number,
      classLen: number,
      _r: number,
      nSub: number,
      maxSub: number,
      maxClass: number,
      nVal: number,
      maxValName: number,
      maxVal: number,
      sd: number,
      ft: number,
    ) => {
      const k = keyOf(cx, h);
      if (typeof k === 'number') return k;
      if (classBuf && classLen) {
        if (cx.mem.u32(classLen) < 1) return ERROR.MORE_DATA;
        cx.mem.setU16(classBuf, 0);
        cx.mem.setU32(classLen, 0);
      }
      const subs = [...k.subkeys.values()];
      const vals = [...k.values.values()];
      const put = (p: number, v: number) => p && cx.mem.setU32(p, v);
      put(nSub, subs.length);
      put(maxSub, Math.max(0, ...subs.map((s) => s.name.length)));
      put(maxClass, 0);
      put(nVal, vals.length);
      put(maxValName, Math.max(0, ...vals.map((v) => v.name.length)));
      put(maxVal, Math.max(0, ...vals.map((v) => v.data.length)));
      put(sd, 0);
      if (ft) cx.mem.setU64(ft, filetime(k.lastWrite));
      return ERROR.SUCCESS;
    },
  ),
];
