/**
 * coredll window-class queries and images loaded from resources (GWES): GetClassInfoW, LoadIconW,
 * LoadCursorW, LoadBitmapW, LoadImageW, DestroyIcon, DestroyCursor (GetIconInfo: iconindirect.ts).
 *
 *  - GetClassInfoW (CE docs, GetClassInfo): the class by name or atom, its WNDCLASSW copied out
 *    (style, lpfnWndProc, cbClsExtra, cbWndExtra, hInstance, hIcon, hCursor, hbrBackground,
 *    lpszMenuName, lpszClassName: 40 bytes); no such class: FALSE, ERROR_CANNOT_FIND_WND_CLASS (as
 *    Windows). commctrl.dll's DllMain asks it before registering each of its control classes.
 *  - LoadIconW / LoadCursorW / LoadImageW(IMAGE_ICON/IMAGE_CURSOR): the RT_GROUP_ICON/RT_GROUP_CURSOR
 *    directory of the module, the image of the system metric size (gwes/icons.ts), a new handle per
 *    call. A NULL instance loads a system icon/cursor (IDI_*, IDC_*, OIC_*, OCR_*: synthesized, see
 *    gwes/icons.ts). A missing resource fails as FindResource does (ERROR_RESOURCE_NAME_NOT_FOUND /
 *    _TYPE_NOT_FOUND).
 *  - LoadBitmapW / LoadImageW(IMAGE_BITMAP): the RT_BITMAP resource (a packed DIB) copied into a new
 *    bitmap of its own bit depth and colours. CE's LoadImage: cxDesired/cyDesired must be 0 for a
 *    bitmap, fuLoad "set to zero" (CE behaves as with LR_DEFAULTCOLOR | LR_DEFAULTSIZE, other flags
 *    are ignored); LR_LOADFROMFILE (not a CE flag) stops the run naming itself. OEM bitmaps (NULL
 *    instance, OBM_*) stop the run naming themselves.
 *  - DestroyIcon / DestroyCursor: frees an icon/cursor; a system one stays (TRUE); a handle that is
 *    not an icon: FALSE, ERROR_INVALID_ICON_HANDLE / ERROR_INVALID_CURSOR_HANDLE (Windows' codes).
 *  - SetCursor / GetCursor: the cursor shape of the process (CE keeps one, there is no class cursor
 *    switching on a touch device); SetCursor returns the previous one. Nothing is drawn.
 *  - LoadAcceleratorsW (RT_ACCELERATOR: 8-byte ACCELTABLEENTRY fFlags, wAnsi, wId, padding; the last
 *    has 0x80 in fFlags), CreateAcceleratorTableW (ACCEL: BYTE fVirt, WORD key, WORD cmd = 6 bytes),
 *    DestroyAcceleratorTable, TranslateAcceleratorW: WM_KEYDOWN/WM_SYSKEYDOWN match FVIRTKEY entries
 *    by virtual key, WM_CHAR/WM_SYSCHAR the others by character; the modifier flags of a virtual-key
 *    entry (FSHIFT, FCONTROL, FALT) must equal the modifier keys held (VK_SHIFT, VK_CONTROL, VK_MENU
 *    down in the key state of the last input message taken, GetKeyState's table in uistate.ts; a
 *    character entry matches the character alone, as Wine's translate_accelerator). A match sends
 *    WM_COMMAND (MAKEWPARAM(id, 1), 0) to the window and returns TRUE (docs).
 *  - CreateDIBPatternBrushPt: a pattern brush from a packed DIB (BITMAPINFO + bits), DIB_RGB_COLORS;
 *    DIB_PAL_COLORS stops the run naming itself.
 */
import { fn, UnimplementedFeature, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { normalizeId, RT_ACCELERATOR, RT_BITMAP, RT_CURSOR, RT_GROUP_CURSOR, RT_GROUP_ICON, RT_ICON, type ResId } from '../../core/pe/resources.js';
import { decodeDib, decodeIconImage, iconsOf, parseGroup, pickEntry, resourceImages, systemImage, type IconObj } from '../../gwes/icons.js';
import { systemMetric, SM } from '../../gwes/sysmetrics.js';
import { findClass, gwe } from './windows.js';
import { builtinProc } from '../../gwes/controls/classes.js';
import { defineSlot } from '../../core/slot.js';
import { WM } from '../../gwes/wm.js';
import { moduleOf } from './modules.js';
import { isKeyDown } from './uistate.js';

const IMAGE = { BITMAP: 0, ICON: 1, CURSOR: 2 } as const;
const LR_LOADFROMFILE = 0x10;
/** The system icon/cursor IDs a device has (winuser.h IDI_* / IDC_*, equal to OIC_* / OCR_*). */
const SYSTEM_ICONS = new Set([32512, 32513, 32514, 32515, 32516, 32517]);
const SYSTEM_CURSORS = new Set([32512, 32513, 32514, 32515, 32516, 32640, 32641, 32642, 32643, 32644, 32645, 32646, 32648, 32649, 32650, 32651]);

function resId(cx: ApiContext, p: number): ResId {
  return p >>> 0 < 0x1_0000 ? p : cx.mem.wstr(p, 260);
}

type Found = { bytes: Uint8Array } | { error: number };

/** A resource's bytes (a copy view of the mapped image) or the error FindResource would set. */
export function resourceBytes(cx: ApiContext, h: number, type: ResId, name: ResId): Found {
  const ref = moduleOf(cx, h);
  if (!ref) return { error: ERROR.INVALID_HANDLE };
  if (ref.kind !== 'real') return { error: ERROR.RESOURCE_DATA_NOT_FOUND };
  const dir = ref.mod.resources;
  const leaf = dir.find(type, name);
  if (!leaf) {
    const t = normalizeId(type);
    return { error: dir.leaves.some((l) => l.type === t) ? ERROR.RESOURCE_NAME_NOT_FOUND : ERROR.RESOURCE_TYPE_NOT_FOUND };
  }
  return { bytes: cx.mem.bytes((ref.mod.base + leaf.dataRva) >>> 0, leaf.size) };
}

function systemIcon(cx: ApiContext, cursor: boolean, id: number, w: number, h: number): number {
  if (!(cursor ? SYSTEM_CURSORS : SYSTEM_ICONS).has(id)) return cx.fail(0, ERROR.RESOURCE_NAME_NOT_FOUND);
  const t = iconsOf(cx.machine);
  const key = `${cursor ? 'cursor' : 'icon'}:${id}:${w}x${h}`;
  let hIcon = t.system.get(key);
  if (hIcon === undefined) {
    hIcon = t.add(systemImage(cursor, w, h));
    t.system.set(key, hIcon);
  }
  return hIcon;
}

/** LoadIconW/LoadCursorW/LoadImageW for icons and cursors. */
function loadIcon(cx: ApiContext, hInst: number, namePtr: number, cursor: boolean, w: number, h: number): number {
  const screen = gwe(cx).screen;
  const dw = w || (cursor ? 32 : systemMetric(screen, SM.CXICON));
  const dh = h || (cursor ? 32 : systemMetric(screen, SM.CYICON));
  if (!hInst) {
    if (namePtr >>> 0 >= 0x1_0000) return cx.fail(0, ERROR.RESOURCE_NAME_NOT_FOUND);
    return systemIcon(cx, cursor, namePtr, dw, dh);
  }
  const group = resourceBytes(cx, hInst, cursor ? RT_GROUP_CURSOR : RT_GROUP_ICON, resId(cx, namePtr));
  if ('error' in group) return cx.fail(0, group.error);
  const entries = parseGroup(group.bytes, cursor);
  const pick = entries && pickEntry(entries, dw, dh);
  if (!pick) return cx.fail(0, ERROR.RESOURCE_DATA_NOT_FOUND);
  const img = resourceBytes(cx, hInst, cursor ? RT_CURSOR : RT_ICON, pick.id);
  if ('error' in img) return cx.fail(0, img.error);
  const icon: IconObj | undefined = decodeIconImage(img.bytes, cursor);
  if (!icon) return cx.fail(0, ERROR.RESOURCE_DATA_NOT_FOUND);
  return iconsOf(cx.machine).add(icon);
}

export function loadBitmap(cx: ApiContext, hInst: number, namePtr: number): number {
  if (!hInst) throw new UnimplementedFeature(`an OEM bitmap (NULL instance, OBM_ ID ${namePtr >>> 0})`);
  const r = resourceBytes(cx, hInst, RT_BITMAP, resId(cx, namePtr));
  if ('error' in r) return cx.fail(0, r.error);
  const dib = decodeDib(r.bytes);
  if (!dib) return cx.fail(0, ERROR.RESOURCE_DATA_NOT_FOUND);
  return gwe(cx).gdi.add({ type: 'bitmap', surface: dib.surface, dib: false });
}

resourceImages.icon = (cx, inst, name) => loadIcon(cx, inst, name, false, 0, 0);
resourceImages.bitmap = loadBitmap;

function destroyIcon(cx: ApiContext, h: number, error: number): number {
  const t = iconsOf(cx.machine);
  const o = t.get(h);
  if (!o) return cx.fail(0, error);
  if (!o.shared) t.delete(h);
  return 1;
}

interface Accel {
  virt: boolean;
  mods: number;
  key: number;
  cmd: number;
}
const FVIRTKEY = 1;
const FSHIFT = 0x04;
const FCONTROL = 0x08;
const FALT = 0x10;
const MODIFIERS = FSHIFT | FCONTROL | FALT;
const VK_SHIFT = 0x10;
const VK_CONTROL = 0x11;
const VK_MENU = 0x12;
const WM_SYSKEYDOWN = 0x0104;
const WM_SYSCHAR = 0x0106;
const FIRST_ACCEL = 0x00d0_0000;

/** Per process: accelerator tables and the current cursor. */
const uiSlot = defineSlot('resimage', () => ({ accels: new Map<number, Accel[]>(), nextAccel: FIRST_ACCEL, cursor: 0 }));

function addAccel(cx: ApiContext, table: Accel[]): number {
  const s = uiSlot.of(cx.machine);
  const h = s.nextAccel;
  s.nextAccel += 4;
  s.accels.set(h, table);
  return h;
}

function translateAccelerator(cx: ApiContext, hwnd: number, hAcc: number, pMsg: number): Returns<'i32'> {
  const table = uiSlot.of(cx.machine).accels.get(hAcc >>> 0);
  if (!table) return cx.fail(0, ERROR.INVALID_HANDLE);
  if (!pMsg) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.check(pMsg, 16);
  const msg = cx.mem.u32(pMsg + 4);
  const wParam = cx.mem.u32(pMsg + 8);
  const key = msg === WM.KEYDOWN || msg === WM_SYSKEYDOWN;
  const chr = msg === WM.CHAR || msg === WM_SYSCHAR;
  if (!key && !chr) return 0;
  const g = gwe(cx);
  const held = (isKeyDown(g, VK_SHIFT) ? FSHIFT : 0) | (isKeyDown(g, VK_CONTROL) ? FCONTROL : 0) | (isKeyDown(g, VK_MENU) ? FALT : 0);
  const hit = table.find((a) => a.virt === key && (a.virt ? a.mods === held && a.key === (wParam & 0xff) : a.key === (wParam & 0xffff)));
  if (!hit) return 0;
  const w = g.window(hwnd);
  if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
  const wp = ((hit.cmd & 0xffff) | 0x1_0000) >>> 0;
  if (w.thread !== cx.thread) {
    g.queue(w.thread).post({ hwnd, msg: WM.COMMAND, wParam: wp, lParam: 0 });
    return 1;
  }
  return cx.callGuest(w.proc, [hwnd, WM.COMMAND, wp, 0], () => 1);
}

export const resimage: ApiDef[] = [
  fn('GetClassInfoW(handle hInstance, ptr lpClassName, ptr lpWndClass): bool', (cx, _inst: number, namePtr: number, out: number) => {
    const cls = namePtr ? findClass(cx, gwe(cx), namePtr) : undefined;
    if (!cls) return cx.fail(0, ERROR.CANNOT_FIND_WND_CLASS);
    cx.mem.check(out, 40, 'write');
    // The class name pointer: the caller's own (an atom when it passed one), as Windows returns it.
    // A built-in class's procedure is its trap stub in this process, there before any window of the
    // class exists (superclassing "Static" first thing, as nmd_ui.exe's CScreenText does, needs it).
    const fields = [
      cls.style,
      builtinProc(cx, cls) ?? cls.proc,
      cls.cbClsExtra,
      cls.cbWndExtra,
      cls.hInstance,
      cls.hIcon ?? 0,
      cls.hCursor ?? 0,
      cls.hbrBackground,
      cls.menuName ?? 0,
      namePtr,
    ];
    fields.forEach((v, i) => cx.mem.setU32(out + 4 * i, v >>> 0));
    return 1;
  }),
  fn('LoadIconW(handle hInstance, ptr lpIconName): handle', (cx, h: number, p: number) => loadIcon(cx, h, p, false, 0, 0)),
  fn('LoadCursorW(handle hInstance, ptr lpCursorName): handle', (cx, h: number, p: number) => loadIcon(cx, h, p, true, 0, 0)),
  fn('LoadBitmapW(handle hInstance, ptr lpBitmapName): handle', (cx, h: number, p: number) => loadBitmap(cx, h, p)),
  fn(
    'LoadImageW(handle hinst, ptr lpszName, u32 uType, i32 cxDesired, i32 cyDesired, hex fuLoad): handle',
    (cx, h: number, p: number, type: number, w: number, hh: number, flags: number) => {
      if (flags & LR_LOADFROMFILE) throw new UnimplementedFeature('with LR_LOADFROMFILE');
      if (w < 0 || hh < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      switch (type) {
        case IMAGE.BITMAP:
          if (w || hh) return cx.fail(0, ERROR.INVALID_PARAMETER);
          return loadBitmap(cx, h, p);
        case IMAGE.ICON:
        case IMAGE.CURSOR:
          return loadIcon(cx, h, p, type === IMAGE.CURSOR, w, hh);
        default:
          return cx.fail(0, ERROR.INVALID_PARAMETER);
      }
    },
  ),
  fn('DestroyIcon(handle hIcon): bool', (cx, h: number) => destroyIcon(cx, h, ERROR.INVALID_ICON_HANDLE)),
  fn('DestroyCursor(handle hCursor): bool', (cx, h: number) => destroyIcon(cx, h, ERROR.INVALID_CURSOR_HANDLE)),
  fn('SetCursor(handle hCursor): handle', (cx, h: number) => {
    if (h && !iconsOf(cx.machine).get(h)) return cx.fail(0, ERROR.INVALID_CURSOR_HANDLE);
    const s = uiSlot.of(cx.machine);
    const old = s.cursor;
    s.cursor = h >>> 0;
    return old;
  }),
  fn('GetCursor(): handle', (cx) => uiSlot.of(cx.machine).cursor),
  fn('LoadAcceleratorsW(handle hInstance, ptr lpTableName): handle', (cx, h: number, p: number) => {
    const r = resourceBytes(cx, h, RT_ACCELERATOR, resId(cx, p));
    if ('error' in r) return cx.fail(0, r.error);
    const table: Accel[] = [];
    for (let o = 0; o + 8 <= r.bytes.length; o += 8) {
      const flags = r.bytes[o]! | (r.bytes[o + 1]! << 8);
      table.push({
        virt: (flags & FVIRTKEY) !== 0,
        mods: flags & MODIFIERS,
        key: r.bytes[o + 2]! | (r.bytes[o + 3]! << 8),
        cmd: r.bytes[o + 4]! | (r.bytes[o + 5]! << 8),
      });
      if (flags & 0x80) break;
    }
    return addAccel(cx, table);
  }),
  fn('CreateAcceleratorTableW(ptr lpaccl, i32 cEntries): handle', (cx, p: number, n: number) => {
    if (!p || n <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 6 * n);
    const table: Accel[] = [];
    for (let i = 0; i < n; i++) {
      const f = cx.mem.u8(p + 6 * i);
      table.push({ virt: (f & FVIRTKEY) !== 0, mods: f & MODIFIERS, key: cx.mem.u16(p + 6 * i + 2), cmd: cx.mem.u16(p + 6 * i + 4) });
    }
    return addAccel(cx, table);
  }),
  fn('DestroyAcceleratorTable(handle hAccel): bool', (cx, h: number) => (uiSlot.of(cx.machine).accels.delete(h >>> 0) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE))),
  fn('TranslateAcceleratorW(handle hWnd, handle hAccTable, ptr lpMsg): i32', (cx, hwnd: number, h: number, p: number) => translateAccelerator(cx, hwnd, h, p)),
  fn('CreateDIBPatternBrushPt(ptr lpPackedDIB, u32 iUsage): handle', (cx, p: number, usage: number) => {
    if (usage !== 0) throw new UnimplementedFeature('with DIB_PAL_COLORS');
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 40);
    // The packed DIB's length: header, colour table/masks and bits (decodeDib checks the rest).
    const bpp = cx.mem.u16(p + 14);
    const w = cx.mem.i32(p + 4);
    const h = Math.abs(cx.mem.i32(p + 8));
    const used = cx.mem.u32(p + 32);
    const table = bpp <= 8 ? 4 * (used || 1 << bpp) : cx.mem.u32(p + 16) === 3 ? 12 : 0;
    const len = cx.mem.u32(p) + table + (((w * bpp + 31) >>> 5) << 2) * h;
    if (w <= 0 || w > 4096 || h > 8192) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const dib = decodeDib(cx.mem.bytes(p, len));
    if (!dib) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return gwe(cx).gdi.add({ type: 'brush', brush: { kind: 'pattern', pattern: dib.surface }, style: 5 /* BS_DIBPATTERN */, color: 0, hatch: 0 });
  }),
];
