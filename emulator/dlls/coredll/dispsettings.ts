/**
 * coredll display settings (GWES): ChangeDisplaySettingsEx and EnumDisplaySettings for wmemu's one
 * display, whose driver does not rotate (the device profile's screen: size, bits per pixel; no
 * rotation). CE docs (ChangeDisplaySettingsEx, CE 5/6; "Rotating the Contents of the Screen"):
 *
 *  - lpszDeviceName is not used; lpDevMode NULL with dwflags 0 returns to the default mode:
 *    DISP_CHANGE_SUCCESSFUL (wmemu's mode never changed).
 *  - dmSize must cover the CE DEVMODEW up to dmDisplayOrientation (192 bytes: the desktop layout
 *    to dmDisplayFrequency, then DWORD dmDisplayOrientation at 188); shorter: DISP_CHANGE_BADPARAM.
 *  - DM_DISPLAYQUERYORIENTATION (0x01000000): the supported orientations in dmDisplayOrientation:
 *    DMDO_0 only, "rotation is not supported"; the return is DISP_CHANGE_BADMODE, which the CE
 *    rotation guide documents for a driver without rotation.
 *  - DM_DISPLAYORIENTATION (0x00800000) with CDS_TEST (2): the current angle, DMDO_0,
 *    DISP_CHANGE_SUCCESSFUL (what d3dm_* and mosquito of the corpus ask before they start).
 *    Without CDS_TEST: DMDO_0 succeeds (nothing changes), another angle is DISP_CHANGE_BADMODE.
 *  - DM_PELSWIDTH / DM_PELSHEIGHT (CE 6 and later): the current size succeeds, another size is
 *    DISP_CHANGE_BADMODE; DM_BITSPERPEL: "setting dmBitsPerPel is not supported":
 *    DISP_CHANGE_BADMODE unless it is the current depth.
 *  - EnumDisplaySettings(NULL, iModeNum, lpDevMode): mode 0 and ENUM_CURRENT_SETTINGS (-1) /
 *    ENUM_REGISTRY_SETTINGS (-2) are the one mode (dmBitsPerPel, dmPelsWidth, dmPelsHeight,
 *    dmDisplayFrequency 60 as on CE's emulator driver, dmFields set for them); other modes: FALSE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { gwe } from './windows.js';

const DISP_CHANGE = { SUCCESSFUL: 0, BADMODE: -2, BADPARAM: -5 } as const;
const CDS_TEST = 2;
const DM = { BITSPERPEL: 0x0004_0000, PELSWIDTH: 0x0008_0000, PELSHEIGHT: 0x0010_0000, DISPLAYFREQUENCY: 0x0040_0000 } as const;
const DM_DISPLAYORIENTATION = 0x0080_0000;
const DM_DISPLAYQUERYORIENTATION = 0x0100_0000;
const DMDO_0 = 0;
const OFF = { size: 68, fields: 72, bpp: 168, width: 172, height: 176, freq: 184, orientation: 188 } as const;
const DEVMODE_SIZE = 192;

function screen(cx: ApiContext) {
  return gwe(cx).screen;
}

export const dispsettings: ApiDef[] = [
  fn(
    'ChangeDisplaySettingsEx(ptr lpszDeviceName, ptr lpDevMode, handle hwnd, hex dwflags, ptr lParam): i32',
    (cx, _dev: number, dm: number, _hwnd: number, flags: number) => {
      if (!dm) return DISP_CHANGE.SUCCESSFUL;
      cx.mem.check(dm, OFF.fields + 4);
      const size = cx.mem.u16(dm + OFF.size);
      if (size < DEVMODE_SIZE) return DISP_CHANGE.BADPARAM;
      cx.mem.check(dm, DEVMODE_SIZE, 'write');
      const fields = cx.mem.u32(dm + OFF.fields);
      const s = screen(cx);
      if (fields & DM_DISPLAYQUERYORIENTATION) {
        cx.mem.setU32(dm + OFF.orientation, DMDO_0);
        return DISP_CHANGE.BADMODE;
      }
      if (fields & DM_DISPLAYORIENTATION) {
        if (flags & CDS_TEST) {
          cx.mem.setU32(dm + OFF.orientation, DMDO_0);
          return DISP_CHANGE.SUCCESSFUL;
        }
        if (cx.mem.u32(dm + OFF.orientation) !== DMDO_0) return DISP_CHANGE.BADMODE;
      }
      if (fields & DM.PELSWIDTH && cx.mem.u32(dm + OFF.width) !== s.width) return DISP_CHANGE.BADMODE;
      if (fields & DM.PELSHEIGHT && cx.mem.u32(dm + OFF.height) !== s.height) return DISP_CHANGE.BADMODE;
      if (fields & DM.BITSPERPEL && cx.mem.u32(dm + OFF.bpp) !== s.bpp) return DISP_CHANGE.BADMODE;
      return DISP_CHANGE.SUCCESSFUL;
    },
  ),
  fn('EnumDisplaySettings(ptr lpszDeviceName, i32 iModeNum, ptr lpDevMode): bool', (cx, _dev: number, mode: number, dm: number) => {
    if (!dm || !(mode === 0 || mode === -1 || mode === -2)) return 0;
    cx.mem.check(dm, OFF.fields + 4);
    const size = cx.mem.u16(dm + OFF.size);
    if (size < OFF.freq + 4) return 0;
    cx.mem.check(dm, Math.min(size, DEVMODE_SIZE), 'write');
    const s = screen(cx);
    cx.mem.setU32(dm + OFF.fields, DM.BITSPERPEL | DM.PELSWIDTH | DM.PELSHEIGHT | DM.DISPLAYFREQUENCY);
    cx.mem.setU32(dm + OFF.bpp, s.bpp);
    cx.mem.setU32(dm + OFF.width, s.width);
    cx.mem.setU32(dm + OFF.height, s.height);
    cx.mem.setU32(dm + OFF.freq, 60);
    if (size >= DEVMODE_SIZE) cx.mem.setU32(dm + OFF.orientation, DMDO_0);
    return 1;
  }),
];
