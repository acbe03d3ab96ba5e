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
