/**
 * DefWindowProcW's behaviour, shared by the export (windows.ts), the built-in window procedures
 * (gwes/controls) and DefDlgProcW (dialogs.ts). Its own module so that those can use it without an
 * import cycle through windows.ts.
 */
import type { Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { gwesOf, WM } from '../../gwes/wm.js';
import { destroyWindow, defPosChanged, setFocus } from './winpos.js';
import { defPaint, eraseBackground } from './paint.js';
import { defaultCtlColor } from '../../gwes/controls/paint.js';
import type { Window } from '../../gwes/wm.js';
import { send } from './winpos.js';

const WM_SYSKEYDOWN = 0x0104;
const WM_SYSKEYUP = 0x0105;
const WM_SYSCHAR = 0x0106;
const SC_KEYMENU = 0xf100;
const VK_MENU = 0x12;
const KF_ALTDOWN = 0x2000;
const KF_REPEAT = 0x4000;

/**
 * The keyboard's way into a window's menu, as CE 6's gwes.dll DefWindowProc does it (disassembled):
 *  - WM_SYSKEYDOWN with KF_ALTDOWN and not a repeat: the window remembers "ALT pressed alone" when the
 *    key is VK_MENU and it was not already remembered, and forgets it for any other key;
 *  - WM_SYSKEYUP of VK_MENU while remembered: WM_SYSCOMMAND(SC_KEYMENU, 0) is sent to the top-level
 *    window; the flag is forgotten on every WM_SYSKEYUP;
 *  - WM_SYSCHAR with KF_ALTDOWN of a character other than 0, TAB and ESC: WM_SYSCOMMAND(SC_KEYMENU, ch)
 *    to the window (CE beeps otherwise, except for ESC; wmemu makes no sound);
 *  - WM_SYSCOMMAND(SC_KEYMENU, ch): the menu associated with the window's top-level window
 *    (SetAssociatedMenu) opens from the keyboard (menus.ts, through keyMenuHook).
 * CE's DefWindowProc has no F10 path for this (it is not WM_SYSKEYDOWN's concern there).
 */
const altAlone = new WeakSet<Window>();
/** menus.ts's SC_KEYMENU handler (kept apart: menus.ts imports this module). */
export const keyMenuHook: { handler?: (cx: ApiContext, top: Window, ch: number) => Returns<'i32'> } = {};

/** DefWindowProcW (also the fallback of the built-in window procedures and DefDlgProcW). */
export function defWindowProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  switch (msg) {
    case WM.NCCREATE:
      return 1;
    case WM.CLOSE:
      return w && w.thread === cx.thread ? destroyWindow(cx, g, w, () => 0) : 0;
    case WM.SETTEXT:
      if (w) {
        w.title = lp ? cx.mem.wstr(lp, 1024) : '';
        g.paintNonClient(w);
      }
      return 1;
    case WM.PAINT:
      return w ? defPaint(cx, g, w) : 0;
    case WM.ERASEBKGND:
      return w ? eraseBackground(cx, g, w, wp) : 0;
    case WM.WINDOWPOSCHANGED:
      return w ? defPosChanged(cx, g, w, lp) : 0;
    case WM.ACTIVATE:
      // DefWindowProc gives the focus to a window being activated (desktop and CE alike).
      return w && (wp & 0xffff) !== 0 ? setFocus(cx, g, w, () => 0) : 0;
    case WM.GETTEXTLENGTH:
      return w ? w.title.length : 0;
    case WM.GETTEXT: {
      if (!w || wp === 0) return 0;
      const n = Math.min(w.title.length, wp - 1);
      cx.mem.writeWstr(lp, w.title.slice(0, n));
      return n;
    }
    case WM_SYSKEYDOWN: {
      const f = lp >>> 16;
      if (w && f & KF_ALTDOWN && !(f & KF_REPEAT)) {
        if ((wp & 0xff) === VK_MENU && !altAlone.has(w)) altAlone.add(w);
        else altAlone.delete(w);
      }
      return 0;
    }
    case WM_SYSKEYUP: {
      const alone = w !== undefined && (wp & 0xff) === VK_MENU && altAlone.has(w);
      if (w) altAlone.delete(w);
      return alone ? send(cx, g, g.topLevelOf(w!), WM.SYSCOMMAND, SC_KEYMENU, 0, () => 0) : 0;
    }
    case WM_SYSCHAR: {
      const ch = wp & 0xffff;
      if (!w || !((lp >>> 16) & KF_ALTDOWN) || ch === 0 || ch === 0x09 || ch === 0x1b) return 0;
      return send(cx, g, w, WM.SYSCOMMAND, SC_KEYMENU, ch, () => 0);
    }
    case WM.SYSCOMMAND:
      if (wp === SC_KEYMENU && w && keyMenuHook.handler) return keyMenuHook.handler(cx, g.topLevelOf(w), lp & 0xffff);
      return 0;
    case 0x0132: // WM_CTLCOLORMSGBOX .. WM_CTLCOLORSTATIC: CE's colours on the DC, a system colour brush
    case 0x0133:
    case 0x0134:
    case 0x0135:
    case 0x0136:
    case 0x0137:
    case 0x0138: {
      const dc = g.gdi.dc(wp);
      return dc ? defaultCtlColor(g, dc, msg) : 0;
    }
    default:
      return 0;
  }
}
