/**
 * coredll clipboard: OpenClipboard, CloseClipboard, EmptyClipboard, SetClipboardData, GetClipboardData,
 * GetClipboardDataAlloc, IsClipboardFormatAvailable, EnumClipboardFormats, CountClipboardFormats,
 * RegisterClipboardFormatW, GetClipboardFormatNameW, GetClipboardOwner, GetOpenClipboardWindow,
 * GetPriorityClipboardFormat. One clipboard per run, shared by its processes (Machine.runState).
 *
 * Rules from the CE 5 clipboard pages and Wine's user32 clipboard tests:
 * - One thread at a time has the clipboard open: OpenClipboard by another thread fails with
 *   ERROR_ACCESS_DENIED, again by the same thread succeeds. EmptyClipboard, SetClipboardData,
 *   GetClipboardData, EnumClipboardFormats and CloseClipboard without it open fail with
 *   ERROR_CLIPBOARD_NOT_OPEN. EmptyClipboard makes the window that opened the clipboard its owner and
 *   sends WM_DESTROYCLIPBOARD to the previous owner (when it is another window of this thread; a
 *   window of another thread is posted nothing: wmemu cannot wait for its answer here).
 * - Data are memory handles (LocalAlloc blocks); the clipboard takes the block (CE: "the system owns
 *   the object"). A process reading what another process put gets a copy in its own heap, kept until
 *   the clipboard is emptied (CE's GetClipboardData: "the clipboard controls the handle");
 *   GetClipboardDataAlloc gives the caller a fresh LocalAlloc copy it frees itself.
 * - CE converts nothing between formats (no CF_TEXT from CF_UNICODETEXT). Delayed rendering
 *   (SetClipboardData with a NULL handle) and the GDI-object formats (CF_BITMAP, CF_PALETTE, metafiles)
 *   stop the run naming themselves.
 * - Registered formats are 0xC000 and up, the same number for the same name (case-insensitive); an
 *   empty name fails with ERROR_INVALID_NAME (Wine's tests); GetClipboardFormatNameW of a standard
 *   format fails.
 * - EnumClipboardFormats lists the formats in the order they were set, then 0 with ERROR_SUCCESS.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { Machine } from '../../core/machine.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

const ERROR_CLIPBOARD_NOT_OPEN = 1418;
const WM_DESTROYCLIPBOARD = 0x0307;
/** CF_BITMAP, CF_METAFILEPICT, CF_PALETTE, CF_ENHMETAFILE: GDI objects, not memory blocks. */
const GDI_FORMATS = new Set([2, 3, 9, 14]);

interface Entry {
  bytes: Buffer;
  /** The handle of this data in each process that has one (the setter's block, readers' copies). */
  handles: Map<Machine, number>;
}

interface Clipboard {
  open?: { thread: GuestThread; hwnd: number };
  owner: number;
  formats: Map<number, Entry>;
  names: Map<number, string>;
  nextFormat: number;
}

function clipOf(cx: ApiContext): Clipboard {
  const rs = cx.machine.runState;
  let c = rs.get('clipboard') as Clipboard | undefined;
  if (!c) rs.set('clipboard', (c = { owner: 0, formats: new Map(), names: new Map(), nextFormat: 0xc000 }));
  return c;
}

const isOpenBy = (c: Clipboard, cx: ApiContext): boolean => c.open?.thread === cx.thread;

/** Frees the blocks the clipboard holds in this process and forgets the data. */
function empty(cx: ApiContext, c: Clipboard): void {
  for (const e of c.formats.values()) {
    const h = e.handles.get(cx.machine);
    if (h) cx.machine.processHeap.freeBlock(h);
  }
  c.formats.clear();
}

/** A copy of the data in the caller's heap. */
function copyIn(cx: ApiContext, e: Entry): number {
  const p = cx.machine.processHeap.alloc(Math.max(1, e.bytes.length), false);
  if (!p) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  if (e.bytes.length) cx.mem.write(p, e.bytes);
  return p;
}

export const clipboard: ApiDef[] = [
  fn('OpenClipboard(handle hWndNewOwner): bool', (cx, h: number) => {
    const c = clipOf(cx);
    if (c.open && c.open.thread !== cx.thread) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (h && !gwesOf(cx.machine).window(h)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    c.open = { thread: cx.thread, hwnd: h >>> 0 };
    return 1;
  }),
  fn('CloseClipboard(): bool', (cx) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    c.open = undefined;
    return 1;
  }),
  fn('EmptyClipboard(): bool', (cx) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    empty(cx, c);
    const g = gwesOf(cx.machine);
    const old = g.window(c.owner);
    c.owner = c.open!.hwnd;
    if (old && old.thread === cx.thread) return cx.callGuest(old.proc, [old.hwnd, WM_DESTROYCLIPBOARD, 0, 0], () => 1);
    return 1;
  }),
  fn('SetClipboardData(u32 uFormat, handle hMem): handle', (cx, fmt: number, h: number) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    if (GDI_FORMATS.has(fmt)) throw new UnimplementedFeature(`for clipboard format ${fmt} (a GDI object)`);
    if (!h) throw new UnimplementedFeature('with a NULL handle (delayed rendering)');
    if (!fmt) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const size = cx.machine.processHeap.size(h);
    if (size === undefined) return cx.fail(0, ERROR.INVALID_HANDLE);
    const old = c.formats.get(fmt);
    const oldHere = old?.handles.get(cx.machine);
    if (oldHere && oldHere !== h) cx.machine.processHeap.freeBlock(oldHere);
    // Re-setting a format moves it to the end of the enumeration order.
    c.formats.delete(fmt);
    c.formats.set(fmt, { bytes: Buffer.from(cx.mem.bytes(h, size)), handles: new Map([[cx.machine, h >>> 0]]) });
    return h;
  }),
  fn('GetClipboardData(u32 uFormat): handle', (cx, fmt: number) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    const e = c.formats.get(fmt);
    if (!e) return cx.fail(0, ERROR.INVALID_PARAMETER);
    let h = e.handles.get(cx.machine);
    if (!h) {
      h = copyIn(cx, e);
      if (h) e.handles.set(cx.machine, h);
    }
    return h;
  }),
  fn('GetClipboardDataAlloc(u32 uFormat): handle', (cx, fmt: number) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    const e = c.formats.get(fmt);
    if (!e) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return copyIn(cx, e);
  }),
  fn('IsClipboardFormatAvailable(u32 format): bool', (cx, fmt: number) => (clipOf(cx).formats.has(fmt) ? 1 : 0)),
  fn('CountClipboardFormats(): i32', (cx) => clipOf(cx).formats.size),
  fn('EnumClipboardFormats(u32 format): u32', (cx, fmt: number) => {
    const c = clipOf(cx);
    if (!isOpenBy(c, cx)) return cx.fail(0, ERROR_CLIPBOARD_NOT_OPEN);
    const list = [...c.formats.keys()];
    const i = fmt === 0 ? 0 : list.indexOf(fmt) + 1;
    const next = i > 0 || fmt === 0 ? list[i] : undefined;
    if (next === undefined) return cx.fail(0, 0);
    return next;
  }),
  fn('RegisterClipboardFormatW(wstr lpszFormat): u32', (cx, p: number) => {
    const name = p ? cx.mem.wstr(p, 256) : '';
    if (!name) return cx.fail(0, ERROR.INVALID_NAME);
    const c = clipOf(cx);
    for (const [id, n] of c.names) if (n.toLowerCase() === name.toLowerCase()) return id;
    if (c.nextFormat > 0xffff) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    const id = c.nextFormat++;
    c.names.set(id, name);
    return id;
  }),
  fn('GetClipboardFormatNameW(u32 format, ptr lpszFormatName, i32 cchMaxCount): i32', (cx, fmt: number, buf: number, max: number) => {
    const n = clipOf(cx).names.get(fmt);
    if (n === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (max <= 0) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    const s = n.slice(0, max - 1);
    cx.mem.writeWstr(buf, s);
    return s.length;
  }),
  fn('GetClipboardOwner(): handle', (cx) => {
    const c = clipOf(cx);
    return gwesOf(cx.machine).window(c.owner) ? c.owner : 0;
  }),
  fn('GetOpenClipboardWindow(): handle', (cx) => clipOf(cx).open?.hwnd ?? 0),
  fn('GetPriorityClipboardFormat(ptr paFormatPriorityList, i32 cFormats): i32', (cx, list: number, n: number) => {
    const c = clipOf(cx);
    if (!c.formats.size) return 0;
    if (n > 0) cx.mem.check(list, 4 * n);
    for (let i = 0; i < n; i++) {
      const f = cx.mem.u32(list + 4 * i);
      if (c.formats.has(f)) return f;
    }
    return -1;
  }),
];

const CF_UNICODETEXT = 13;

/**
 * The edit control's copy (Ctrl+C / WM_COPY): what OpenClipboard(hwnd) + EmptyClipboard +
 * SetClipboardData(CF_UNICODETEXT, a LocalAlloc copy) + CloseClipboard do, in one step. False (nothing
 * copied) when another thread has the clipboard open, as the control's OpenClipboard would fail.
 */
export function putClipboardText(cx: ApiContext, hwnd: number, text: string): boolean {
  const c = clipOf(cx);
  if (c.open && c.open.thread !== cx.thread) return false;
  const p = cx.machine.processHeap.alloc(2 * text.length + 2, false);
  if (!p) return false;
  cx.mem.writeWstr(p, text);
  empty(cx, c);
  c.owner = hwnd >>> 0;
  c.formats.set(CF_UNICODETEXT, { bytes: Buffer.from(cx.mem.bytes(p, 2 * text.length + 2)), handles: new Map([[cx.machine, p]]) });
  return true;
}

/** The edit control's paste (Ctrl+V / WM_PASTE): the CF_UNICODETEXT text up to its NUL, undefined when there is none or another thread has the clipboard open. */
export function clipboardText(cx: ApiContext): string | undefined {
  const c = clipOf(cx);
  if (c.open && c.open.thread !== cx.thread) return undefined;
  const e = c.formats.get(CF_UNICODETEXT);
  if (!e) return undefined;
  let s = '';
  for (let i = 0; i + 1 < e.bytes.length; i += 2) {
    const ch = e.bytes.readUInt16LE(i);
    if (!ch) break;
    s += String.fromCharCode(ch);
  }
  return s;
}
