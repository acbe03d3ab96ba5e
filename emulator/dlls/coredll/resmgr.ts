/**
 * coredll resource manager (CE docs "ResourceCreateList", "ResourceRequest", "ResourceRequestEx",
 * "ResourceRelease", "ResourceMarkAsShareable"): named sets of numbers (RESMGR_IRQ = 1,
 * RESMGR_IOSPACE = 2, OEM ids 0x80000..0xFFFFF) that drivers reserve so that two drivers do not
 * claim the same IRQ or I/O port.
 *
 * At boot CE's device manager builds the lists from HKLM\Drivers\Resources\<name>: Identifier,
 * Minimum and Space create the list (ResourceCreateList), Ranges ("1,3-7,0x10-0x1F", numbers as
 * wcstoul base 0 reads them) are released into it and Shared marks resources shareable. wmemu does
 * the same from the run's registry on first use.
 *
 *  - ResourceCreateList(dwResId, dwMinimum, dwCount): a new list whose resources are all taken until
 *    released (ResourceRelease is what makes them available). dwResId 0 or above RESMGR_MAX_OEM, or
 *    dwCount 0 (or a range past 2^32): FALSE, ERROR_INVALID_PARAMETER; a list with that id already:
 *    FALSE, ERROR_ALREADY_EXISTS.
 *  - ResourceRequest(dwResId, dwId, dwLen) / ResourceRequestEx(..., dwFlags): takes every resource of
 *    the range or none ("no partial allocation"). A free resource is taken; a shareable one already
 *    taken shared is taken again, unless either request asks for it exclusively
 *    (RREXF_REQUEST_EXCLUSIVE = 1). No such list: FALSE, ERROR_FILE_NOT_FOUND; dwLen 0 or a range
 *    outside the list: FALSE, ERROR_INVALID_PARAMETER; a resource in use: FALSE, ERROR_BUSY.
 *  - ResourceRelease(dwResId, dwId, dwLen): gives every resource of the range back (a shared one
 *    once per holder); a range with a free resource in it: FALSE, ERROR_INVALID_PARAMETER, nothing
 *    released. Same list and range errors as ResourceRequest.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { Machine } from '../../core/machine.js';
import { REG, type RegKey } from '../../core/registry/registry.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { registryOf } from './registry.js';

const RESMGR_MAX_OEM = 0x000f_ffff;
const RREXF_REQUEST_EXCLUSIVE = 1;

interface ResourceList {
  min: number;
  count: number;
  /** Holders per resource (index from min): 0 free. */
  users: Uint32Array;
  exclusive: Uint8Array;
  shareable: Uint8Array;
}

const listsSlot = defineSlot('resmgr', (m: Machine): Map<number, ResourceList> => {
  const lists = new Map<number, ResourceList>();
  const root = registryOf(m).byFullPath('HKEY_LOCAL_MACHINE\\Drivers\\Resources', false);
  for (const key of root?.sortedSubkeys() ?? []) loadList(lists, key);
  return lists;
});

function dword(key: RegKey, name: string): number | undefined {
  const v = key.value(name);
  return v && v.type === REG.DWORD && v.data.length >= 4 ? v.data.readUInt32LE(0) : undefined;
}

/** wcstoul(s, NULL, 0): decimal, 0x hex or 0 octal. */
function cNumber(s: string): number {
  const t = s.trim();
  if (/^0[xX]/.test(t)) return Number.parseInt(t.slice(2), 16) >>> 0 || 0;
  if (/^0[0-7]/.test(t)) return Number.parseInt(t, 8) >>> 0;
  return Number.parseInt(t, 10) >>> 0 || 0;
}

/** "1,3-7,0x10-0x1F" -> [[1,1],[3,5],[16,16]] as [first, count]. */
function ranges(key: RegKey, name: string): Array<[number, number]> {
  const v = key.value(name);
  if (!v || v.type !== REG.SZ) return [];
  const text = v.data.toString('utf16le').replace(/\0.*$/s, '');
  const out: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const [a, b] = part.split('-');
    const first = cNumber(a!);
    const last = b === undefined ? first : cNumber(b);
    if (last >= first) out.push([first, last - first + 1]);
  }
  return out;
}

function loadList(lists: Map<number, ResourceList>, key: RegKey): void {
  const id = dword(key, 'Identifier');
  const min = dword(key, 'Minimum');
  const space = dword(key, 'Space');
  if (id === undefined || min === undefined || !space || createList(lists, id, min, space) !== ERROR.SUCCESS) return;
  const list = lists.get(id)!;
  for (const [first, n] of ranges(key, 'Ranges')) release(list, first, n);
  for (const [first, n] of ranges(key, 'Shared')) {
    for (let i = first - list.min; i < first - list.min + n; i++) if (i >= 0 && i < list.count) list.shareable[i] = 1;
  }
}

function createList(lists: Map<number, ResourceList>, id: number, min: number, count: number): number {
  if (id === 0 || id > RESMGR_MAX_OEM || count === 0 || min + count > 0x1_0000_0000 || count > 1 << 24) return ERROR.INVALID_PARAMETER;
  if (lists.has(id)) return ERROR.ALREADY_EXISTS;
  // All taken until released: one holder each.
  lists.set(id, { min, count, users: new Uint32Array(count).fill(1), exclusive: new Uint8Array(count), shareable: new Uint8Array(count) });
  return ERROR.SUCCESS;
}

function inList(list: ResourceList, first: number, n: number): boolean {
  return n > 0 && first >= list.min && first + n <= list.min + list.count;
}

function release(list: ResourceList, first: number, n: number): number {
  if (!inList(list, first, n)) return ERROR.INVALID_PARAMETER;
  const at = first - list.min;
  for (let i = at; i < at + n; i++) if (list.users[i] === 0) return ERROR.INVALID_PARAMETER;
  for (let i = at; i < at + n; i++) {
    list.users[i]!--;
    if (list.users[i] === 0) list.exclusive[i] = 0;
  }
  return ERROR.SUCCESS;
}

function request(list: ResourceList, first: number, n: number, exclusive: boolean): number {
  if (!inList(list, first, n)) return ERROR.INVALID_PARAMETER;
  const at = first - list.min;
  for (let i = at; i < at + n; i++) {
    if (list.users[i] === 0) continue;
    if (!list.shareable[i] || exclusive || list.exclusive[i]) return ERROR.BUSY;
  }
  for (let i = at; i < at + n; i++) {
    list.users[i]!++;
    if (exclusive) list.exclusive[i] = 1;
  }
  return ERROR.SUCCESS;
}

function onList(cx: ApiContext, id: number, op: (list: ResourceList) => number): number {
  const list = listsSlot.of(cx.machine).get(id >>> 0);
  if (!list) return cx.fail(0, ERROR.FILE_NOT_FOUND);
  const e = op(list);
  return e === ERROR.SUCCESS ? 1 : cx.fail(0, e);
}

export const resmgr: ApiDef[] = [
  fn('ResourceCreateList(hex dwResId, u32 dwMinimum, u32 dwCount): bool', (cx, id: number, min: number, n: number) => {
    const e = createList(listsSlot.of(cx.machine), id >>> 0, min >>> 0, n >>> 0);
    return e === ERROR.SUCCESS ? 1 : cx.fail(0, e);
  }),
  fn('ResourceRequest(hex dwResId, u32 dwId, u32 dwLen): bool', (cx, id: number, first: number, n: number) =>
    onList(cx, id, (l) => request(l, first >>> 0, n >>> 0, false)),
  ),
  fn('ResourceRequestEx(hex dwResId, u32 dwId, u32 dwLen, hex dwFlags): bool', (cx, id: number, first: number, n: number, flags: number) =>
    onList(cx, id, (l) => request(l, first >>> 0, n >>> 0, (flags & RREXF_REQUEST_EXCLUSIVE) !== 0)),
  ),
  fn('ResourceRelease(hex dwResId, u32 dwId, u32 dwLen): bool', (cx, id: number, first: number, n: number) =>
    onList(cx, id, (l) => release(l, first >>> 0, n >>> 0)),
  ),
];
