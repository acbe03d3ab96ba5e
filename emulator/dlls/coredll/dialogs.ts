/**
 * coredll dialog manager (GWES): CreateDialogIndirectParamW, DialogBoxIndirectParamW, EndDialog,
 * DefDlgProcW, IsDialogMessageW, GetDlgItem, GetDlgCtrlID, Set/GetDlgItemTextW, Set/GetDlgItemInt,
 * SendDlgItemMessageW, CheckRadioButton, MapDialogRect, GetDialogBaseUnits, GetNextDlgTabItem,
 * GetNextDlgGroupItem. Templates, base units and navigation are gwes/dialog.ts; the BUTTON and STATIC
 * classes gwes/controls.
 *
 * CE has no DialogBoxParamW / CreateDialogParamW / CheckDlgButton / IsDlgButtonChecked exports: its
 * winuser.h makes them macros over FindResource + LoadResource + the Indirect functions and over
 * SendDlgItemMessage(BM_SETCHECK / BM_GETCHECK), so resource dialogs arrive here as templates in the
 * module image.
 *
 * Creation (Wine's DIALOG_CreateIndirect, the Win32 dialog documentation): the template's size is the
 * client area in dialog units (base units of the DS_SETFONT font, else the system font); the position
 * is relative to the owner's client area unless DS_ABSALIGN, DS_CENTER centres on the screen. The
 * dialog window (class "Dialog", CE's WC_DIALOG, procedure DefDlgProcW, DLGWINDOWEXTRA = 12 bytes:
 * DWL_MSGRESULT 0, DWL_DLGPROC 4, DWL_USER 8) gets WM_SETFONT, then each control is created in
 * template order (tab order = that order; they are kept in it in the z-order), gets WM_SETFONT, then
 * the dialog gets WM_INITDIALOG(first tab stop, lParam); a TRUE answer gives the focus to the first tab
 * stop. WS_VISIBLE in the template (or a modal dialog) shows it. Owned dialogs are top-level windows
 * here (not children of the owner in the window tree: GetParent returns 0), the owner is kept in the
 * dialog's state and disabled while a modal dialog runs.
 *
 * The modal loop is a continuation on the scheduler, not JS recursion: like GetMessageW it takes the
 * thread's messages (sent ones first, then posted, then generated WM_PAINT), passes each through
 * IsDialogMessage or dispatches it, and parks the thread (restartWhen) while the queue is empty, until
 * EndDialog; a WM_QUIT ends the loop and is posted again (as Windows does). Then the owner is enabled,
 * the dialog destroyed and EndDialog's result returned.
 *
 * IsDialogMessage (Wine's IsDialogMessageW): messages for other windows are not its business; for the
 * dialog's windows, WM_KEYDOWN TAB moves the focus to the next tab stop, arrow keys inside the group
 * (an auto radio button reached is clicked), ENTER clicks the focused push button or the default one
 * (DM_GETDEFID; IDOK without one), ESC sends WM_COMMAND(IDCANCEL) - unless the focused control's
 * WM_GETDLGCODE wants those keys; everything else is translated and dispatched.
 */
import { fn, UnimplementedFeature, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf, WM, type Gwes, type QMsg, type Window, type WndClass } from '../../gwes/wm.js';
import { WS, WS_EX, layout } from '../../gwes/nonclient.js';
import {
  baseUnitsOf,
  dialogOrder,
  setDialogOrder,
  DS,
  mapDialogRect,
  mulDiv,
  nextGroupItem,
  nextTabItem,
  parseTemplate,
  type BaseUnits,
  type DlgTemplate,
} from '../../gwes/dialog.js';
import { atomClassName, registerBuiltinClasses } from '../../gwes/controls/classes.js';
import { BM, BS, buttonType, DLGC } from '../../gwes/controls/button.js';
import { controlFont, defaultCtlColor, WM_CTLCOLORDLG, WM_GETDLGCODE, WM_SETFONT } from '../../gwes/controls/paint.js';
import { rect } from '../../gdi/region.js';
import { realize, SYSTEM_LOGFONT, type LogFont } from '../../gdi/text.js';
import { clickActivate, createWindow, deliverSent, dispatchMessage, isChildOf, take, translateMessage } from './windows.js';
import { defWindowProc } from './defwnd.js';
import { activate, destroyWindow, send, setFocus, showWindow } from './winpos.js';
import { fillRegionWithBrush } from './gdi.js';

const DLGWINDOWEXTRA = 12;
const DWL_MSGRESULT = 0;
const DWL_DLGPROC = 4;
const IDOK = 1;
const IDCANCEL = 2;
const BN_CLICKED = 0;
const DM_GETDEFID = 0x0400;
const DM_SETDEFID = 0x0401;
const DC_HASDEFID = 0x534b;
const WM_INITDIALOG = 0x0110;
const WM_NEXTDLGCTL = 0x0028;
const EM_SETSEL = 0x00b1;
const VK = { TAB: 0x09, RETURN: 0x0d, ESCAPE: 0x1b, LEFT: 0x25, UP: 0x26, RIGHT: 0x27, DOWN: 0x28 } as const;
const SW_SHOW = 5;
const SW_HIDE = 0;
/** Messages whose dialog procedure result is returned as is (not DWL_MSGRESULT). */
const DIRECT_RESULT = new Set([0x0132, 0x0133, 0x0134, 0x0135, 0x0136, 0x0137, 0x0138, 0x0039, 0x002e, 0x002f, 0x0037, WM_INITDIALOG]);

interface DlgState {
  modal: boolean;
  ended: boolean;
  result: number;
  defId: number;
  /** The control that had the focus when the dialog was last deactivated. */
  focus: number;
  owner: number;
  units: BaseUnits;
  font: number;
}
const dialogs = new WeakMap<Window, DlgState>();
const stateOf = (w: Window | undefined): DlgState | undefined => (w ? dialogs.get(w) : undefined);
const pack = (lo: number, hi: number): number => ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;

const defDlgProcDef = fn('DefDlgProcW(handle hDlg, u32 Msg, hex wParam, hex lParam): i32', (cx, h: number, msg: number, wp: number, lp: number) =>
  defDlgProc(cx, h, msg, wp, lp),
);

/** The run's "Dialog" class (CE's WC_DIALOG), its procedure DefDlgProcW as the export's trap stub. */
function dialogClass(cx: ApiContext, g: Gwes): WndClass {
  let cls = g.classes.get('dialog');
  if (!cls) {
    const proc = cx.machine.dispatcher.trapFor({ dll: 'COREDLL.dll', name: 'DefDlgProcW', decl: { ...defDlgProcDef, dll: 'COREDLL.dll' } });
    cls = {
      atom: g.nextAtom++,
      name: 'Dialog',
      proc,
      style: 0x0008 /* CS_DBLCLKS */,
      cbClsExtra: 0,
      cbWndExtra: DLGWINDOWEXTRA,
      hInstance: 0,
      hbrBackground: 0,
    };
    g.classes.set('dialog', cls);
  }
  return cls;
}

function systemUnits(): BaseUnits {
  return baseUnitsOf(realize(SYSTEM_LOGFONT));
}

/** Guest copies of strings for CREATESTRUCT (freed after creation). */
function guestStrings(cx: ApiContext, list: string[]): { ptrs: number[]; free: () => void } {
  const size = list.reduce((n, s) => n + 2 * (s.length + 1), 0);
  const base = cx.machine.processHeap.alloc(Math.max(4, size), true);
  if (!base) throw new RangeError('out of memory');
  const ptrs: number[] = [];
  let p = base;
  for (const s of list) {
    ptrs.push(p);
    cx.mem.writeWstr(p, s);
    p += 2 * (s.length + 1);
  }
  return { ptrs, free: () => cx.machine.processHeap.freeBlock(base) };
}

/** Creates a dialog from the template at `at`; `then` gets its handle (0 on failure, last error set). */
function createDialog(
  cx: ApiContext,
  inst: number,
  at: number,
  owner: number,
  dlgProc: number,
  param: number,
  modal: boolean,
  then: (hdlg: number, t?: DlgTemplate) => Returns<'i32'>,
): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  registerBuiltinClasses(g);
  if (!at) return then(cx.fail(0, ERROR.INVALID_PARAMETER));
  if (owner && !g.window(owner)) return then(cx.fail(0, ERROR.INVALID_WINDOW_HANDLE));
  const t = parseTemplate({ u16: (a) => cx.mem.u16(a), u32: (a) => cx.mem.u32(a) }, at);
  if (t.menu !== undefined) throw new UnimplementedFeature('dialog template with a menu');
  // DS_MODALFRAME gives the window WS_EX_DLGMODALFRAME, the double frame (Wine's DIALOG_CreateIndirect, as
  // Windows); the CE 5 dialog crops show that frame (nonclient.ts).
  if (t.style & DS.MODALFRAME) t.exStyle |= WS_EX.DLGMODALFRAME;
  // The dialog font (DS_SETFONT): point size at the screen's DPI, else the system font.
  let font = 0;
  let units = systemUnits();
  if (t.font) {
    const log: LogFont = {
      ...SYSTEM_LOGFONT,
      height: -mulDiv(t.font.pointSize, g.screen.dpi, 72),
      weight: t.font.weight,
      italic: t.font.italic,
      charSet: t.font.charSet,
      face: t.font.face,
    };
    font = g.gdi.add({ type: 'font', log });
    units = baseUnitsOf(controlFont(g, font));
  }
  let cls: WndClass | undefined;
  if (t.cls === undefined) cls = dialogClass(cx, g);
  else cls = typeof t.cls === 'number' ? [...g.classes.values()].find((c) => c.atom === t.cls) : g.classes.get(t.cls.toLowerCase());
  if (!cls) return then(cx.fail(0, ERROR.CANNOT_FIND_WND_CLASS));
  // Client size from the template, window rectangle around it (CE's non-client layout).
  const client = rect(mulDiv(t.x, units.x, 4), mulDiv(t.y, units.y, 8), 0, 0);
  client.right = client.left + mulDiv(t.cx, units.x, 4);
  client.bottom = client.top + mulDiv(t.cy, units.y, 8);
  const child = (t.style & WS.CHILD) !== 0;
  const nc = layout(t.style, t.exStyle, 1000, 1000);
  const w = client.right - client.left + 1000 - (nc.client.right - nc.client.left);
  const h = client.bottom - client.top + 1000 - (nc.client.bottom - nc.client.top);
  let x = client.left - nc.client.left;
  let y = client.top - nc.client.top;
  if (t.style & DS.CENTER) {
    x = (g.screen.width - w) >> 1;
    y = (g.screen.height - h) >> 1;
  } else if (!child && owner && !(t.style & DS.ABSALIGN)) {
    const o = g.originOf(owner);
    x += o.x;
    y += o.y;
  }
  if (!child) {
    // Kept on the screen, as Wine's DIALOG_CreateIndirect does.
    x = Math.max(0, Math.min(x, g.screen.width - w));
    y = Math.max(0, Math.min(y, g.screen.height - h));
  }
  const strs = guestStrings(cx, [t.title, typeof t.cls === 'string' ? t.cls : 'Dialog']);
  return createWindow(
    cx,
    cls,
    {
      exStyle: t.exStyle,
      clsPtr: typeof t.cls === 'number' ? t.cls : strs.ptrs[1]!,
      namePtr: strs.ptrs[0]!,
      style: t.style & ~WS.VISIBLE,
      x,
      y,
      w,
      h,
      parent: child ? owner : 0,
      menu: 0,
      inst,
      param,
    },
    (hdlg) => {
      strs.free();
      const dlg = g.window(hdlg);
      if (!dlg) return then(0);
      if (dlg.extra.length >= 8) dlg.extra.writeUInt32LE(dlgProc >>> 0, DWL_DLGPROC);
      const st: DlgState = { modal, ended: false, result: 0, defId: 0, focus: 0, owner: child ? 0 : owner, units, font };
      dialogs.set(dlg, st);
      const fail = () => destroyWindow(cx, g, dlg, () => then(0));
      const afterFont = () => createItems(cx, g, dlg, t, st, inst, 0, (ok) => (ok ? initDialog(cx, g, dlg, t, st, param, () => then(hdlg, t)) : fail()));
      return font ? send(cx, g, dlg, WM_SETFONT, font, 0, afterFont) : afterFont();
    },
  );
}

/** Creates the template's controls from index i on, in order. */
function createItems(
  cx: ApiContext,
  g: Gwes,
  dlg: Window,
  t: DlgTemplate,
  st: DlgState,
  inst: number,
  i: number,
  then: (ok: boolean) => Returns<'i32'>,
): Returns<'i32'> {
  if (i >= t.items.length) {
    // Template order for navigation; in the z-order group boxes go below the other controls.
    const list = g.children(dlg.hwnd);
    setDialogOrder(dlg, list);
    for (const c of list) if (c.cls.name === 'BUTTON' && buttonType(c) === BS.GROUPBOX) g.restack(c, 'bottom');
    return then(true);
  }
  const it = t.items[i]!;
  const name = typeof it.cls === 'number' ? atomClassName(it.cls) : it.cls;
  const cls = name === undefined ? undefined : g.classes.get(name.toLowerCase());
  if (!cls) {
    if (name && atomClassName(it.cls as number) !== undefined) throw new UnimplementedFeature(`dialog control class ${name}`);
    if (name && ['edit', 'listbox', 'combobox', 'scrollbar'].includes(name.toLowerCase())) throw new UnimplementedFeature(`dialog control class ${name}`);
    return then(cx.fail(0, ERROR.CANNOT_FIND_WND_CLASS) !== 0);
  }
  // A title given by resource ordinal (0xFFFF, id in the template) names a STATIC's SS_ICON / SS_BITMAP image:
  // CreateWindowExW gets MAKEINTRESOURCE(id) as lpWindowName and the control loads the image from the
  // dialog's instance on WM_CREATE (Wine's DIALOG_GetControl32 and static.c; the CE STATIC page).
  const ordinal = typeof it.title === 'number';
  if (ordinal && name!.toLowerCase() !== 'static') throw new UnimplementedFeature(`dialog control with a resource title (#${it.title as number}, ${name})`);
  // Position and size are converted separately (Wine's DIALOG_CreateControls32), not as a rectangle.
  const u = st.units;
  const r = rect(mulDiv(it.x, u.x, 4), mulDiv(it.y, u.y, 8), mulDiv(it.x, u.x, 4) + mulDiv(it.cx, u.x, 4), mulDiv(it.y, u.y, 8) + mulDiv(it.cy, u.y, 8));
  const strs = guestStrings(cx, [ordinal ? '' : ((it.title as string | undefined) ?? ''), name!]);
  return createWindow(
    cx,
    cls,
    {
      exStyle: it.exStyle,
      clsPtr: strs.ptrs[1]!,
      namePtr: ordinal ? (it.title as number) : strs.ptrs[0]!,
      style: (it.style | WS.CHILD) & ~WS.POPUP,
      x: r.left,
      y: r.top,
      w: r.right - r.left,
      h: r.bottom - r.top,
      parent: dlg.hwnd,
      menu: it.id,
      inst,
      param: it.data,
    },
    (hctl) => {
      strs.free();
      const ctl = g.window(hctl);
      if (!ctl) return then(false);
      // Tab order is template order: each new control goes below the ones before it.
      g.restack(ctl, 'bottom');
      if (ctl.cls.name === 'BUTTON' && buttonType(ctl) === BS.DEFPUSHBUTTON && !st.defId) st.defId = it.id;
      const next = () => createItems(cx, g, dlg, t, st, inst, i + 1, then);
      return st.font ? send(cx, g, ctl, WM_SETFONT, st.font, 0, next) : next();
    },
  );
}

/** WM_INITDIALOG, the first focus, and WS_VISIBLE. */
function initDialog(cx: ApiContext, g: Gwes, dlg: Window, t: DlgTemplate, st: DlgState, param: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const first = nextTabItem(g, dlg, undefined, false);
  st.focus = first?.hwnd ?? 0;
  return send(cx, g, dlg, WM_INITDIALOG, st.focus, param, (r) => {
    if (dlg.destroyed) return then();
    const show = () => (t.style & WS.VISIBLE ? showWindow(cx, g, dlg, SW_SHOW, () => then()) : then());
    if (r && (!(t.style & DS.CONTROL) || t.style & WS.VISIBLE)) {
      const f = nextTabItem(g, dlg, undefined, false);
      st.focus = f?.hwnd ?? 0;
      if (f) return setFocus(cx, g, f, show);
    }
    // FALSE: the dialog procedure set the focus itself; activation restores it there.
    saveFocus(g, dlg);
    return show();
  });
}

// ------------------------------------------------------------------ DefDlgProc
function defDlgProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w || w.extra.length < 8) return defWindowProc(cx, h, msg, wp, lp);
  const proc = w.extra.readUInt32LE(DWL_DLGPROC);
  const after = (r: number): Returns<'i32'> => {
    if (r) return DIRECT_RESULT.has(msg) ? r : w.extra.readInt32LE(DWL_MSGRESULT);
    return defDlgDefault(cx, g, w, msg, wp, lp);
  };
  if (!proc) return after(0);
  w.extra.writeUInt32LE(0, DWL_MSGRESULT);
  return cx.callGuest(proc, [h, msg, wp, lp], after);
}

function firstFocus(g: Gwes, dlg: Window): Window | undefined {
  const st = stateOf(dlg);
  const saved = g.window(st?.focus ?? 0);
  return saved && isChildOf(g, saved.hwnd, dlg.hwnd) ? saved : nextTabItem(g, dlg, undefined, false);
}

function saveFocus(g: Gwes, dlg: Window): void {
  const st = stateOf(dlg);
  if (st && g.focus && isChildOf(g, g.focus, dlg.hwnd) && g.focus !== dlg.hwnd) st.focus = g.focus;
}

/** DefDlgProc's own handling when the dialog procedure returned FALSE (Wine's DEFDLG_Proc). */
function defDlgDefault(cx: ApiContext, g: Gwes, w: Window, msg: number, wp: number, lp: number): Returns<'i32'> {
  const st = stateOf(w);
  switch (msg) {
    case WM.ERASEBKGND:
      return send(cx, g, w, WM_CTLCOLORDLG, wp, w.hwnd, (hbr) => {
        const dc = g.gdi.dc(wp);
        if (!dc) return 0;
        const c = g.clientRect(w);
        fillRegionWithBrush(g, dc, [rect(0, 0, c.right - c.left, c.bottom - c.top)], hbr || defaultCtlColor(g, dc, WM_CTLCOLORDLG));
        return 1;
      });
    case 0x0132:
    case 0x0133:
    case 0x0134:
    case 0x0135:
    case 0x0136:
    case 0x0137:
    case 0x0138: {
      const dc = g.gdi.dc(wp);
      return dc ? defaultCtlColor(g, dc, msg) : 0;
    }
    case WM.ACTIVATE:
      if (wp & 0xffff) {
        const f = firstFocus(g, w);
        return f ? setFocus(cx, g, f, () => 0) : 0;
      }
      saveFocus(g, w);
      return 0;
    case WM.SETFOCUS: {
      const f = firstFocus(g, w);
      return f ? setFocus(cx, g, f, () => 0) : 0;
    }
    case WM.SHOWWINDOW:
      if (!wp) saveFocus(g, w);
      return defWindowProc(cx, w.hwnd, msg, wp, lp);
    case DM_GETDEFID:
      return st?.defId ? pack(st.defId, DC_HASDEFID) : 0;
    case DM_SETDEFID:
      if (st) st.defId = wp & 0xffff;
      return 1;
    case WM_NEXTDLGCTL: {
      const cur = g.window(g.focus);
      const to = lp & 0xffff ? g.window(wp) : nextTabItem(g, w, cur && isChildOf(g, cur.hwnd, w.hwnd) ? cur : undefined, wp !== 0);
      return to ? dlgSetFocus(cx, g, to, () => 0) : 0;
    }
    case WM.CLOSE: {
      // As Wine: the dialog's Cancel (IDCANCEL from its caption X), posted.
      const cancel = childById(g, w, IDCANCEL);
      g.queue(w.thread).post({ hwnd: w.hwnd, msg: WM.COMMAND, wParam: pack(IDCANCEL, BN_CLICKED), lParam: cancel?.hwnd ?? 0 });
      return 0;
    }
    default:
      return defWindowProc(cx, w.hwnd, msg, wp, lp);
  }
}

/**
 * The dialog manager's focus move (TAB, WM_NEXTDLGCTL): a control answering DLGC_HASSETSEL (an edit)
 * gets EM_SETSEL(0, -1) first, so its whole text is selected (Wine's DIALOG_SetFocus, as Windows).
 */
function dlgSetFocus(cx: ApiContext, g: Gwes, ctl: Window, then: () => Returns<'i32'>): Returns<'i32'> {
  return send(cx, g, ctl, WM_GETDLGCODE, 0, 0, (code) =>
    code & DLGC.HASSETSEL ? send(cx, g, ctl, EM_SETSEL, 0, -1, () => setFocus(cx, g, ctl, then)) : setFocus(cx, g, ctl, then),
  );
}

function childById(g: Gwes, dlg: Window, id: number): Window | undefined {
  return g.children(dlg.hwnd).find((c) => (c.id & 0xffff) === (id & 0xffff));
}

// ------------------------------------------------------------------ IsDialogMessage
function readMsg(cx: ApiContext, p: number): QMsg {
  cx.mem.check(p, 28);
  return { hwnd: cx.mem.u32(p), msg: cx.mem.u32(p + 4), wParam: cx.mem.u32(p + 8), lParam: cx.mem.u32(p + 12), time: cx.mem.u32(p + 16) };
}

function command(cx: ApiContext, g: Gwes, dlg: Window, id: number, ctl: number, then: () => Returns<'i32'>): Returns<'i32'> {
  return send(cx, g, dlg, WM.COMMAND, pack(id, BN_CLICKED), ctl, () => then());
}

/** IsDialogMessage for dialog `dlg`: `then(true)` when the message was the dialog's (handled or dispatched). */
function isDialogMessage(cx: ApiContext, g: Gwes, dlg: Window, m: QMsg, then: (handled: boolean) => Returns<'i32'>): Returns<'i32'> {
  if (m.hwnd !== dlg.hwnd && !isChildOf(g, m.hwnd, dlg.hwnd)) return then(false);
  const dispatch = () => {
    translateMessage(cx, m);
    return dispatchMessage(cx, m, () => then(true));
  };
  if (m.msg !== WM.KEYDOWN) return dispatch();
  const vk = m.wParam;
  if (![VK.TAB, VK.RETURN, VK.ESCAPE, VK.LEFT, VK.UP, VK.RIGHT, VK.DOWN].includes(vk as never)) return dispatch();
  const focus = g.window(g.focus);
  const inDlg = focus && isChildOf(g, focus.hwnd, dlg.hwnd) && focus !== dlg ? focus : undefined;
  const withCode = (code: number): Returns<'i32'> => {
    if (code & DLGC.WANTMESSAGE) return dispatch();
    switch (vk) {
      case VK.TAB: {
        if (code & DLGC.WANTTAB) return dispatch();
        const next = nextTabItem(g, dlg, inDlg, false);
        return next ? dlgSetFocus(cx, g, next, () => then(true)) : then(true);
      }
      case VK.LEFT:
      case VK.UP:
      case VK.RIGHT:
      case VK.DOWN: {
        if (code & DLGC.WANTARROWS || !inDlg) return dispatch();
        const next = nextGroupItem(g, dlg, inDlg, vk === VK.LEFT || vk === VK.UP);
        if (next === inDlg) return then(true);
        return setFocus(cx, g, next, () => {
          if (next.cls.name === 'BUTTON' && buttonType(next) === BS.AUTORADIOBUTTON) return send(cx, g, next, BM.CLICK, 0, 0, () => then(true));
          return then(true);
        });
      }
      case VK.RETURN: {
        if (inDlg && code & (DLGC.DEFPUSHBUTTON | DLGC.UNDEFPUSHBUTTON) && !(inDlg.style & WS.DISABLED))
          return command(cx, g, dlg, inDlg.id, inDlg.hwnd, () => then(true));
        return send(cx, g, dlg, DM_GETDEFID, 0, 0, (def) => {
          const id = def >>> 16 === DC_HASDEFID ? def & 0xffff : IDOK;
          const ctl = childById(g, dlg, id);
          if (ctl && ctl.style & WS.DISABLED) return then(true);
          return command(cx, g, dlg, id, ctl?.hwnd ?? 0, () => then(true));
        });
      }
      default: {
        // VK_ESCAPE
        const ctl = childById(g, dlg, IDCANCEL);
        return command(cx, g, dlg, IDCANCEL, ctl?.hwnd ?? 0, () => then(true));
      }
    }
  };
  return inDlg ? send(cx, g, inDlg, WM_GETDLGCODE, vk, 0, (code) => withCode(code)) : withCode(0);
}

// ------------------------------------------------------------------ the modal loop
function modalLoop(cx: ApiContext, g: Gwes, dlg: Window, st: DlgState, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  const q = g.queue(cx.thread);
  const finish = (): Returns<'i32'> => {
    const owner = g.window(st.owner);
    if (owner) owner.style &= ~WS.DISABLED;
    const afterEnable = () => (dlg.destroyed ? reactivate() : destroyWindow(cx, g, dlg, reactivate));
    const reactivate = () =>
      owner && !owner.destroyed && g.active !== owner.hwnd && !(owner.style & WS.CHILD) ? activate(cx, g, owner, () => then(st.result)) : then(st.result);
    return owner ? send(cx, g, owner, WM.ENABLE, 1, 0, afterEnable) : afterEnable();
  };
  const step = (): Returns<'i32'> => {
    if (st.ended || dlg.destroyed) return finish();
    if (q.sent.length) return deliverSent(cx, g, q, step);
    const m = take(g, q, 0, 0, 0, true);
    if (m) {
      if (m.msg === WM.QUIT) {
        q.quit = m.wParam | 0; // posted again for the application's own loop
        st.ended = true;
        return finish();
      }
      // A tap's activation first (windows.ts clickActivate; its WM_NULL marker is not dispatched).
      if (m.input && m.msg === WM.NULL) return clickActivate(cx, g, m, step);
      return clickActivate(cx, g, m, () => isDialogMessage(cx, g, dlg, m, (handled) => (handled ? step() : dispatchMessage(cx, m, () => step()))));
    }
    cx.thread.waitReason = 'DialogBoxIndirectParamW (modal loop, empty message queue)';
    q.waiting = true;
    return cx.restartWhen(
      (wake) => q.onChange(wake),
      () => {
        q.waiting = false;
        return step();
      },
    );
  };
  return step();
}

/** DialogBoxIndirectParamW: `then` gets EndDialog's result (-1 when the dialog could not be created). */
export function dialogBox(
  cx: ApiContext,
  inst: number,
  at: number,
  owner: number,
  proc: number,
  param: number,
  then: (r: number) => Returns<'i32'> = (r) => r,
): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  return createDialog(cx, inst, at, owner, proc, param, true, (hdlg) => {
    const dlg = g.window(hdlg);
    const st = stateOf(dlg);
    if (!dlg || !st) return then(-1);
    const ownerW = g.window(st.owner);
    const run = () => {
      if (st.ended) return modalLoop(cx, g, dlg, st, then);
      return showWindow(cx, g, dlg, SW_SHOW, () => modalLoop(cx, g, dlg, st, then));
    };
    if (ownerW && !(ownerW.style & WS.DISABLED)) {
      ownerW.style |= WS.DISABLED;
      return send(cx, g, ownerW, WM.ENABLE, 0, 0, run);
    }
    return run();
  });
}

/** EndDialog: a modal dialog's loop ends with `result`; a modeless dialog is only hidden (DestroyWindow is the application's job). */
export function endDialog(cx: ApiContext, g: Gwes, w: Window, result: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const st = stateOf(w);
  if (!st) return then();
  st.result = result;
  st.ended = true;
  g.queue(w.thread).changed();
  return st.modal ? then() : showWindow(cx, g, w, SW_HIDE, then);
}

function dlgItem(cx: ApiContext, h: number, id: number): Window | undefined {
  const g = gwesOf(cx.machine);
  const d = g.window(h);
  if (!d) {
    cx.setLastError(ERROR.INVALID_WINDOW_HANDLE);
    return undefined;
  }
  const c = childById(g, d, id);
  if (!c) cx.setLastError(ERROR.CONTROL_ID_NOT_FOUND);
  return c;
}

/** GetDlgItemInt's parse: optional blanks, sign (when signed), decimal digits, optional blanks. */
export function parseDlgInt(s: string, signed: boolean): number | undefined {
  const m = (signed ? /^\s*([-+]?\d+)\s*$/ : /^\s*(\+?\d+)\s*$/).exec(s);
  if (!m) return undefined;
  const v = Number(m[1]);
  if (signed ? v < -0x8000_0000 || v > 0x7fff_ffff : v > 0xffff_ffff) return undefined;
  return v;
}

export const dialogApis: ApiDef[] = [
  fn(
    'CreateDialogIndirectParamW(handle hInstance, ptr lpTemplate, handle hWndParent, ptr lpDialogFunc, hex lParamInit): handle',
    (cx, inst: number, at: number, owner: number, proc: number, param: number) => createDialog(cx, inst, at, owner, proc, param, false, (h) => h),
  ),
  fn(
    'DialogBoxIndirectParamW(handle hInstance, ptr lpTemplate, handle hWndParent, ptr lpDialogFunc, hex dwInitParam): i32',
    { blocking: true },
    (cx, inst: number, at: number, owner: number, proc: number, param: number) => dialogBox(cx, inst, at, owner, proc, param),
  ),
  fn('EndDialog(handle hDlg, i32 nResult): bool', (cx, h: number, result: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w || !stateOf(w)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return endDialog(cx, g, w, result, () => 1);
  }),
  defDlgProcDef,
  fn('IsDialogMessageW(handle hDlg, ptr lpMsg): bool', (cx, h: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dlg = g.window(h);
    if (!dlg) return 0;
    return isDialogMessage(cx, g, dlg, readMsg(cx, p), (handled) => (handled ? 1 : 0));
  }),
  fn('GetDlgItem(handle hDlg, i32 nIDDlgItem): handle', (cx, h: number, id: number) => dlgItem(cx, h, id)?.hwnd ?? 0),
  fn('GetDlgCtrlID(handle hWnd): i32', (cx, h: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return w.style & WS.CHILD ? w.id : 0;
  }),
  fn('SetDlgItemTextW(handle hDlg, i32 nIDDlgItem, wstr lpString): bool', (cx, h: number, id: number, s: number) => {
    const c = dlgItem(cx, h, id);
    return c ? send(cx, gwesOf(cx.machine), c, WM.SETTEXT, 0, s, (r) => r) : 0;
  }),
  fn('GetDlgItemTextW(handle hDlg, i32 nIDDlgItem, ptr lpString, i32 nMaxCount): u32', (cx, h: number, id: number, buf: number, n: number) => {
    const c = dlgItem(cx, h, id);
    if (!c) {
      if (buf && n > 0) cx.mem.setU16(buf, 0);
      return 0;
    }
    return send(cx, gwesOf(cx.machine), c, WM.GETTEXT, n, buf, (r) => r);
  }),
  fn('SetDlgItemInt(handle hDlg, i32 nIDDlgItem, u32 uValue, bool bSigned): bool', (cx, h: number, id: number, v: number, signed: number) => {
    const c = dlgItem(cx, h, id);
    if (!c) return 0;
    const s = guestStrings(cx, [String(signed ? v | 0 : v >>> 0)]);
    return send(cx, gwesOf(cx.machine), c, WM.SETTEXT, 0, s.ptrs[0]!, () => {
      s.free();
      return 1;
    });
  }),
  fn('GetDlgItemInt(handle hDlg, i32 nIDDlgItem, ptr lpTranslated, bool bSigned): u32', (cx, h: number, id: number, ok: number, signed: number) => {
    if (ok) cx.mem.setU32(ok, 0);
    const c = dlgItem(cx, h, id);
    if (!c) return 0;
    const buf = cx.machine.processHeap.alloc(2 * 64, true);
    if (!buf) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    return send(cx, gwesOf(cx.machine), c, WM.GETTEXT, 64, buf, (n) => {
      const v = parseDlgInt(cx.mem.wstr(buf, Math.max(0, Math.min(n, 63))), signed !== 0);
      cx.machine.processHeap.freeBlock(buf);
      if (v === undefined) return 0;
      if (ok) cx.mem.setU32(ok, 1);
      return v >>> 0;
    });
  }),
  fn(
    'SendDlgItemMessageW(handle hDlg, i32 nIDDlgItem, u32 Msg, hex wParam, hex lParam): i32',
    { blocking: true },
    (cx, h: number, id: number, msg: number, wp: number, lp: number) => {
      const c = dlgItem(cx, h, id);
      return c ? send(cx, gwesOf(cx.machine), c, msg, wp, lp, (r) => r) : 0;
    },
  ),
  fn(
    'CheckRadioButton(handle hDlg, i32 nIDFirstButton, i32 nIDLastButton, i32 nIDCheckButton): bool',
    (cx, h: number, first: number, last: number, check: number) => {
      const g = gwesOf(cx.machine);
      const d = g.window(h);
      if (!d) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      const list = dialogOrder(g, d).filter((c) => c.id >= first && c.id <= last);
      const next = (i: number): Returns<'i32'> =>
        i >= list.length ? 1 : send(cx, g, list[i]!, BM.SETCHECK, list[i]!.id === check ? 1 : 0, 0, () => next(i + 1));
      return next(0);
    },
  ),
  fn('MapDialogRect(handle hDlg, ptr lpRect): bool', (cx, h: number, p: number) => {
    const st = stateOf(gwesOf(cx.machine).window(h));
    if (!st) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    cx.mem.check(p, 16, 'write');
    const r = mapDialogRect(rect(cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12)), st.units);
    [r.left, r.top, r.right, r.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
  fn('GetDialogBaseUnits(): u32', () => {
    const u = systemUnits();
    return pack(u.x, u.y);
  }),
  fn('GetNextDlgTabItem(handle hDlg, handle hCtl, bool bPrevious): handle', (cx, h: number, ctl: number, prev: number) => {
    const g = gwesOf(cx.machine);
    const d = g.window(h);
    if (!d) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.window(ctl);
    return nextTabItem(g, d, c && c.parent === d.hwnd ? c : undefined, prev !== 0)?.hwnd ?? 0;
  }),
  fn('GetNextDlgGroupItem(handle hDlg, handle hCtl, bool bPrevious): handle', (cx, h: number, ctl: number, prev: number) => {
    const g = gwesOf(cx.machine);
    const d = g.window(h);
    if (!d) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.window(ctl);
    if (!c || c.parent !== d.hwnd) {
      const first = dialogOrder(g, d).find((x) => x.style & WS.VISIBLE && !(x.style & WS.DISABLED));
      return first?.hwnd ?? 0;
    }
    return nextGroupItem(g, d, c, prev !== 0).hwnd;
  }),
];
