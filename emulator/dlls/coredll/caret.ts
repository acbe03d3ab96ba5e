/**
 * coredll caret functions: CreateCaret, DestroyCaret, SetCaretPos, GetCaretPos, ShowCaret, HideCaret,
 * SetCaretBlinkTime, GetCaretBlinkTime and CE's DisableCaretSystemWide / EnableCaretSystemWide, over
 * the run's caret (gwes/caret.ts: one caret, inverted on the screen, blinking on the machine clock).
 *
 * Following the CE 5 / Win32 documentation and Wine's user32 caret tests: the caret belongs to the
 * thread of the window that created it (CreateCaret for another thread's window: ERROR_ACCESS_DENIED);
 * DestroyCaret, SetCaretPos and GetCaretPos from another thread, or with no caret, return FALSE with
 * the last error untouched (Wine's win32u); HideCaret/ShowCaret take the owner window or NULL (the
 * caller's caret) and fail for any other window; ShowCaret of a caret already shown returns FALSE. CreateCaret with a bitmap (hBitmap other than 0/1)
 * stops the run naming itself: wmemu draws solid carets only; hBitmap 1 (a grey caret on desktop
 * Windows) is drawn solid.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';
import {
  caretState,
  createCaret,
  destroyCaret,
  hideCaret,
  setBlinkTime,
  setCaretDisabled,
  setCaretPos,
  showCaret,
  syncCaret,
  type Caret,
} from '../../gwes/caret.js';

/** The caret if the calling thread owns it (and `h`, when given and not 0, is its window). */
function mine(cx: ApiContext, h?: number): Caret | undefined {
  const g = gwesOf(cx.machine);
  syncCaret(g);
  const c = caretState(g).caret;
  if (!c || c.thread !== cx.thread) return undefined;
  if (h && h >>> 0 !== c.hwnd) return undefined;
  return c;
}

export const caret: ApiDef[] = [
  fn('CreateCaret(handle hWnd, handle hBitmap, i32 nWidth, i32 nHeight): bool', (cx, h: number, bmp: number, width: number, height: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (w.thread !== cx.thread) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (bmp > 1) throw new UnimplementedFeature('with a bitmap caret');
    createCaret(g, w, cx.thread, Math.max(0, width), Math.max(0, height));
    return 1;
  }),
  fn('DestroyCaret(): bool', (cx) => {
    if (!mine(cx)) return 0;
    destroyCaret(gwesOf(cx.machine));
    return 1;
  }),
  fn('SetCaretPos(i32 X, i32 Y): bool', (cx, x: number, y: number) => {
    const c = mine(cx);
    if (!c) return 0;
    setCaretPos(gwesOf(cx.machine), c, x, y);
    return 1;
  }),
  fn('GetCaretPos(ptr lpPoint): bool', (cx, p: number) => {
    const c = mine(cx);
    if (!c) return 0;
    cx.mem.check(p, 8, 'write');
    cx.mem.setU32(p, c.x >>> 0);
    cx.mem.setU32(p + 4, c.y >>> 0);
    return 1;
  }),
  fn('HideCaret(handle hWnd): bool', (cx, h: number) => {
    const c = mine(cx, h);
    if (!c) return 0;
    hideCaret(gwesOf(cx.machine), c);
    return 1;
  }),
  fn('ShowCaret(handle hWnd): bool', (cx, h: number) => {
    const c = mine(cx, h);
    if (!c) return 0;
    return showCaret(gwesOf(cx.machine), c) ? 1 : 0;
  }),
  fn('SetCaretBlinkTime(u32 uMSeconds): bool', (cx, ms: number) => {
    setBlinkTime(gwesOf(cx.machine), ms === 0xffff_ffff ? 0 : ms);
    return 1;
  }),
  fn('GetCaretBlinkTime(): u32', (cx) => {
    const ms = caretState(gwesOf(cx.machine)).blinkMs;
    return ms <= 0 ? 0xffff_ffff : ms;
  }),
  fn('DisableCaretSystemWide(): void', (cx) => {
    setCaretDisabled(gwesOf(cx.machine), true);
  }),
  fn('EnableCaretSystemWide(): void', (cx) => {
    setCaretDisabled(gwesOf(cx.machine), false);
  }),
];
