/**
 * coredll printing (the CE 5/6 StartDoc, EndDoc, StartPage, EndPage, SetAbortProc pages; CE's print
 * path is the optional Mgprint component with printer drivers loaded by CreateDC). A print job needs
 * a printer DC, and wmemu has none: CreateDCW of a printer driver fails as a device without that
 * driver DLL does (gdidc.ts), so every DC a program holds is the display or a memory DC, whose driver
 * has no DrvStartDoc / DrvStartPage. The calls fail the documented way ("a value less than or equal
 * to zero indicates failure ... call GetLastError"): SP_ERROR (-1) with ERROR_NOT_SUPPORTED for a
 * display or memory DC, ERROR_INVALID_HANDLE for a bad DC. Never a silent success: nothing is printed.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

const SP_ERROR = -1;

function noPrinter(cx: ApiContext, hdc: number): number {
  if (!gwesOf(cx.machine).gdi.dc(hdc)) return cx.fail(SP_ERROR, ERROR.INVALID_HANDLE);
  return cx.fail(SP_ERROR, ERROR.NOT_SUPPORTED);
}

export const printing: ApiDef[] = [
  fn('StartDocW(handle hdc, ptr lpdi): i32', (cx, hdc: number) => noPrinter(cx, hdc)),
  fn('EndDoc(handle hdc): i32', (cx, hdc: number) => noPrinter(cx, hdc)),
  fn('StartPage(handle hDC): i32', (cx, hdc: number) => noPrinter(cx, hdc)),
  fn('EndPage(handle hdc): i32', (cx, hdc: number) => noPrinter(cx, hdc)),
  fn('SetAbortProc(handle hdc, ptr lpAbortProc): i32', (cx, hdc: number) => noPrinter(cx, hdc)),
];
