/**
 * coredll system metrics and colours (GWES): GetSystemMetrics, GetSysColor, GetSysColorBrush,
 * SetSysColors (WM_SYSCOLORCHANGE to the top-level windows, then a repaint), SystemParametersInfoW, all from the one table in gwes/sysmetrics.ts (CE values,
 * driven by the device profile's screen). On CE the COLOR_* constants carry SYS_COLOR_INDEX_FLAG
 * (0x40000000); GetSysColor accepts the index with or without it.
 *
 * SystemParametersInfoW: SPI_GETWORKAREA (the whole screen: wmemu runs no shell, so no taskbar
 * takes space), SPI_SETWORKAREA (with SPIF_SENDCHANGE: WM_SETTINGCHANGE to the top-level windows), SPI_GETPLATFORMTYPE / SPI_GETOEMINFO (strings; the platform type is
 * "PocketPC" on a Windows Mobile (CE 5) device, "DeviceEmulator" on CE 6 / 7, as Microsoft's device
 * emulators report), SPI_GETPLATFORMVERSION (one {major, minor} pair: the OS version, CE docs
 * {CE_MAJOR_VER, CE_MINOR_VER}), SPI_GETWHEELSCROLLLINES (3, the Win32 default; commctrl.dll asks it
 * in its DllMain), SPI_GETMOUSE, SPI_GETDEFAULTINPUTLANG (the HKL GetKeyboardLayout answers, ksystem.ts: the
 * only input locale is the default; Win32 SPI page: pvParam receives the HKL; explorer.exe's taskbar asks);
 * SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST (highcontrast.ts, as CE 6's gwes.dll);
 * any other action stops the run naming itself.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { gwesOf, WM, type Gwes } from '../../gwes/wm.js';
import { send } from './winpos.js';
import type { Returns } from '../../core/api/declare.js';
import { systemMetric, SYS_COLOR_INDEX_FLAG } from '../../gwes/sysmetrics.js';
import { rect } from '../../gdi/region.js';
import { ERROR } from '../../core/win32-errors.js';
import { HKL_EN_US } from './ksystem.js';
import { highContrast, SPI_GETHIGHCONTRAST, SPI_SETHIGHCONTRAST } from './highcontrast.js';

const gwe = (cx: ApiContext): Gwes => gwesOf(cx.machine);
const SPI = {
  SETWORKAREA: 47,
  GETWORKAREA: 48,
  GETMOUSE: 3,
  GETWHEELSCROLLLINES: 0x68,
  GETPLATFORMVERSION: 224,
  GETPLATFORMTYPE: 257,
  GETOEMINFO: 258,
  GETDEFAULTINPUTLANG: 0x59,
} as const;

const SPIF_SENDCHANGE = 0x2;

/** Sends `msg` to every top-level window in turn (another thread's windows get it queued), then `then`. */
function toTopLevel(cx: ApiContext, g: Gwes, msg: number, wp: number, lp: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const targets = g.topLevel();
  const next = (i: number): Returns<'i32'> => (i >= targets.length ? then() : send(cx, g, targets[i]!, msg, wp, lp, () => next(i + 1)));
  return next(0);
}

export const sysmetrics: ApiDef[] = [
  fn('GetSystemMetrics(i32 nIndex): i32', (cx, i: number) => systemMetric(gwe(cx).screen, i)),
  fn('GetSysColor(i32 nIndex): hex', (cx, i: number) => {
    const k = i & ~SYS_COLOR_INDEX_FLAG;
    const g = gwe(cx);
    return k >= 0 && k < g.colors.length ? g.sysColor(k) : 0;
  }),
  fn('GetSysColorBrush(i32 nIndex): handle', (cx, i: number) => {
    const k = i & ~SYS_COLOR_INDEX_FLAG;
    const g = gwe(cx);
    if (k < 0 || k >= g.colors.length) return 0;
    return g.sysColorBrush(k);
  }),
  fn('SetSysColors(i32 cElements, ptr lpaElements, ptr lpaRgbValues): bool', (cx, n: number, pi: number, pv: number) => {
    const g = gwe(cx);
    cx.mem.check(pi, 4 * n);
    cx.mem.check(pv, 4 * n);
    for (let k = 0; k < n; k++) {
      const i = cx.mem.u32(pi + 4 * k) & ~SYS_COLOR_INDEX_FLAG;
      if (i < g.colors.length) g.colors[i] = cx.mem.u32(pv + 4 * k) & 0xffffff;
    }
    // CE 5/6 reference: WM_SYSCOLORCHANGE to every top-level window, then the visible windows repaint.
    return toTopLevel(cx, g, WM.SYSCOLORCHANGE, 0, 0, () => {
      g.expose([rect(0, 0, g.screen.width, g.screen.height)]);
      return 1;
    });
  }),
  fn('SystemParametersInfoW(u32 uiAction, u32 uiParam, ptr pvParam, u32 fWinIni): bool', (cx, action: number, param: number, pv: number, fWinIni: number) => {
    const g = gwe(cx);
    switch (action) {
      case SPI.GETWORKAREA: {
        const w = g.workRect();
        cx.mem.check(pv, 16, 'write');
        w.forEach((v, i) => cx.mem.setU32(pv + 4 * i, v >>> 0));
        return 1;
      }
      case SPI.SETWORKAREA: {
        cx.mem.check(pv, 16);
        g.workArea = [0, 1, 2, 3].map((i) => cx.mem.i32(pv + 4 * i));
        // SPIF_SENDCHANGE: WM_SETTINGCHANGE to the top-level windows, wParam the action (CE 5/6 reference,
        // WM_SETTINGCHANGE: "wFlag ... the value of the uiAction parameter"), lParam 0 (no section name).
        return fWinIni & SPIF_SENDCHANGE ? toTopLevel(cx, g, WM.SETTINGCHANGE, action, 0, () => 1) : 1;
      }
      case SPI.GETMOUSE:
        cx.mem.check(pv, 12, 'write');
        [0, 0, 0].forEach((v, i) => cx.mem.setU32(pv + 4 * i, v));
        return 1;
      case SPI.GETWHEELSCROLLLINES:
        cx.mem.setU32(pv, 3);
        return 1;
      case SPI.GETDEFAULTINPUTLANG:
        cx.mem.setU32(pv, HKL_EN_US);
        return 1;
      case SPI.GETPLATFORMVERSION: {
        if (param < 8) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
        const v = cx.machine.options.osVersion ?? 5;
        cx.mem.setU32(pv, v);
        cx.mem.setU32(pv + 4, v === 5 ? 2 : 0);
        return 1;
      }
      case SPI.GETPLATFORMTYPE:
      case SPI.GETOEMINFO: {
        const platform = (cx.machine.options.osVersion ?? 5) >= 6 ? 'DeviceEmulator' : 'PocketPC';
        const s = action === SPI.GETPLATFORMTYPE ? ((cx.machine.options as { platformType?: string }).platformType ?? platform) : 'wmemu';
        if (param < s.length + 1) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
        cx.mem.check(pv, 2 * (s.length + 1), 'write');
        cx.mem.writeWstr(pv, s);
        return 1;
      }
      case SPI_GETHIGHCONTRAST:
      case SPI_SETHIGHCONTRAST:
        return highContrast(cx, action, param, pv);
      default:
        throw new UnimplementedFeature(`action ${action} (0x${action.toString(16)})`);
    }
  }),
];
