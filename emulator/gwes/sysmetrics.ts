/**
 * System metrics, system colours and the non-client layout numbers of a CE 5 device, in one table
 * driven by the device profile (screen size). GetSystemMetrics, GetSysColor, GetSysColorBrush,
 * SystemParametersInfoW and wmemu's own non-client drawing all read from here.
 *
 * Sources: the CE 5 screens in ../shared/reference/gui (measured: caption #000084, 3D face
 * (192,192,192), shadow (128,128,128), light (223,223,223), window white, frame black; a 22 px caption
 * band plus a 1 px line under it, a 1 px frame, caption buttons 21x21, 4 px apart, 2 px from the
 * frame); CE's winuser.h (COLOR_STATIC 25, COLOR_STATICTEXT 26, SYS_COLOR_INDEX_FLAG 0x40000000: on CE
 * the COLOR_* constants carry that flag, and a COLORREF with it names a system colour); the CE
 * GetSystemMetrics documentation (SM_CXEDGE 1: CE's 3D edges are one pixel). Metrics CE does not
 * define return 0, as GetSystemMetrics documents for an unknown index.
 */
import { rgb, type ColorRef } from '../gdi/surface.js';

export const SYS_COLOR_INDEX_FLAG = 0x4000_0000;

export const COLOR = {
  SCROLLBAR: 0,
  BACKGROUND: 1,
  ACTIVECAPTION: 2,
  INACTIVECAPTION: 3,
  MENU: 4,
  WINDOW: 5,
  WINDOWFRAME: 6,
  MENUTEXT: 7,
  WINDOWTEXT: 8,
  CAPTIONTEXT: 9,
  ACTIVEBORDER: 10,
  INACTIVEBORDER: 11,
  APPWORKSPACE: 12,
  HIGHLIGHT: 13,
  HIGHLIGHTTEXT: 14,
  BTNFACE: 15,
  BTNSHADOW: 16,
  GRAYTEXT: 17,
  BTNTEXT: 18,
  INACTIVECAPTIONTEXT: 19,
  BTNHIGHLIGHT: 20,
  DKSHADOW3D: 21,
  LIGHT3D: 22,
  INFOTEXT: 23,
  INFOBK: 24,
  STATIC: 25,
  STATICTEXT: 26,
} as const;

/** The CE 5 default scheme as the device shows it at 16 bpp (measured values where the crops show them). */
export const DEFAULT_COLORS: readonly ColorRef[] = [
  rgb(192, 192, 192), // SCROLLBAR
  rgb(0, 128, 128), // BACKGROUND (desktop)
  rgb(0, 0, 128), // ACTIVECAPTION (measured #000084 at 16 bpp)
  rgb(128, 128, 128), // INACTIVECAPTION
  rgb(192, 192, 192), // MENU
  rgb(255, 255, 255), // WINDOW (measured)
  rgb(0, 0, 0), // WINDOWFRAME (measured)
  rgb(0, 0, 0), // MENUTEXT
  rgb(0, 0, 0), // WINDOWTEXT
  rgb(255, 255, 255), // CAPTIONTEXT (measured)
  rgb(192, 192, 192), // ACTIVEBORDER
  rgb(192, 192, 192), // INACTIVEBORDER
  rgb(128, 128, 128), // APPWORKSPACE
  rgb(0, 0, 128), // HIGHLIGHT
  rgb(255, 255, 255), // HIGHLIGHTTEXT
  rgb(192, 192, 192), // BTNFACE (measured 3D face)
  rgb(128, 128, 128), // BTNSHADOW (measured)
  rgb(128, 128, 128), // GRAYTEXT
  rgb(0, 0, 0), // BTNTEXT
  rgb(192, 192, 192), // INACTIVECAPTIONTEXT
  rgb(255, 255, 255), // BTNHIGHLIGHT
  rgb(0, 0, 0), // 3DDKSHADOW
  rgb(223, 223, 223), // 3DLIGHT (measured)
  rgb(0, 0, 0), // INFOTEXT
  rgb(255, 255, 225), // INFOBK
  rgb(192, 192, 192), // STATIC
  rgb(0, 0, 0), // STATICTEXT
];

/** Non-client layout (CE 5, measured): see the module comment. */
export const NC = {
  border: 1,
  /** The raised edge of a dialog frame (WS_EX_DLGMODALFRAME) inside the border. */
  dlgEdge: 2,
  captionBand: 22,
  captionLine: 1,
  buttonSize: 21,
  buttonGap: 4,
  buttonRight: 2,
  /** Caption text: pen 2 px right of the frame, baseline 16 px below the band's top (cell 14 px, centred). */
  titleX: 2,
  clientEdge: 2,
  staticEdge: 1,
} as const;

export const SM = {
  CXSCREEN: 0,
  CYSCREEN: 1,
  CXVSCROLL: 2,
  CYHSCROLL: 3,
  CYCAPTION: 4,
  CXBORDER: 5,
  CYBORDER: 6,
  CXDLGFRAME: 7,
  CYDLGFRAME: 8,
  CXICON: 11,
  CYICON: 12,
  CYMENU: 15,
  CXFULLSCREEN: 16,
  CYFULLSCREEN: 17,
  MOUSEPRESENT: 19,
  CYVSCROLL: 20,
  CXHSCROLL: 21,
  DEBUG: 22,
  CXDOUBLECLK: 36,
  CYDOUBLECLK: 37,
  CXICONSPACING: 38,
  CYICONSPACING: 39,
  CXEDGE: 45,
  CYEDGE: 46,
  CXSMICON: 49,
  CYSMICON: 50,
  CXDRAG: 68,
  CYDRAG: 69,
  XVIRTUALSCREEN: 76,
  YVIRTUALSCREEN: 77,
  CXVIRTUALSCREEN: 78,
  CYVIRTUALSCREEN: 79,
  CMONITORS: 80,
  SAMEDISPLAYFORMAT: 81,
} as const;

export interface Screen {
  width: number;
  height: number;
  bpp: number;
  dpi: number;
}

/** GetSystemMetrics(i) for a screen: 0 for indexes CE does not define. */
export function systemMetric(screen: Screen, i: number): number {
  const caption = NC.captionBand + NC.captionLine;
  const table: Record<number, number> = {
    [SM.CXSCREEN]: screen.width,
    [SM.CYSCREEN]: screen.height,
    [SM.CXVSCROLL]: 13,
    [SM.CYHSCROLL]: 13,
    [SM.CYCAPTION]: caption,
    [SM.CXBORDER]: 1,
    [SM.CYBORDER]: 1,
    [SM.CXDLGFRAME]: 1,
    [SM.CYDLGFRAME]: 1,
    [SM.CXICON]: 32,
    [SM.CYICON]: 32,
    [SM.CYMENU]: 26,
    [SM.CXFULLSCREEN]: screen.width,
    [SM.CYFULLSCREEN]: screen.height - caption,
    [SM.MOUSEPRESENT]: 0,
    [SM.CYVSCROLL]: 13,
    [SM.CXHSCROLL]: 13,
    [SM.DEBUG]: 0,
    [SM.CXDOUBLECLK]: 4,
    [SM.CYDOUBLECLK]: 4,
    [SM.CXICONSPACING]: 75,
    [SM.CYICONSPACING]: 75,
    [SM.CXEDGE]: 1,
    [SM.CYEDGE]: 1,
    [SM.CXSMICON]: 16,
    [SM.CYSMICON]: 16,
    [SM.CXDRAG]: 4,
    [SM.CYDRAG]: 4,
    [SM.XVIRTUALSCREEN]: 0,
    [SM.YVIRTUALSCREEN]: 0,
    [SM.CXVIRTUALSCREEN]: screen.width,
    [SM.CYVIRTUALSCREEN]: screen.height,
    [SM.CMONITORS]: 1,
    [SM.SAMEDISPLAYFORMAT]: 1,
  };
  return table[i] ?? 0;
}

/** The screen of a run from the machine options (profile), default the WM 6.5 QVGA portrait one. */
export function screenOf(options: { screen?: { width: number; height: number; dpi?: number; bitsPerPixel?: number } }): Screen {
  const s = options.screen;
  return { width: s?.width ?? 240, height: s?.height ?? 320, bpp: s?.bitsPerPixel ?? 16, dpi: s?.dpi ?? 96 };
}
