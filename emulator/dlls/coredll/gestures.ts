/**
 * coredll window auto gestures (CE 6 R3): GetWindowAutoGesture / SetWindowAutoGesture. They exist
 * only in images built with SYSGEN_GESTUREANIMATION (with SYSGEN_TOUCHGESTURE and the physics
 * engine; CE 6 "WindowAutoGesture Reference"); wmemu has no gesture recognizer, so both fail as
 * documented ("returns false ... call GetLastError") with ERROR_NOT_SUPPORTED — the answer of a
 * device without that component. A bad window handle fails with ERROR_INVALID_WINDOW_HANDLE first.
 *
 * GetGestureInfo / CloseGestureInfoHandle (CE 6 R3, TouchGesture; the CE 6 GetGestureInfo page: "returns
 * false ... call GetLastError"): a gesture info handle only ever comes in the lParam of WM_GESTURE, and
 * wmemu's GWES never sends one, so no handle is valid: both fail with ERROR_INVALID_HANDLE. A missing
 * GESTUREINFO pointer is ERROR_INVALID_PARAMETER (the Win32 page's answer for a bad cbSize).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

function noGestures(cx: ApiContext, hwnd: number): number {
  if (!gwesOf(cx.machine).window(hwnd)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
  return cx.fail(0, ERROR.NOT_SUPPORTED);
}

export const gestures: ApiDef[] = [
  fn('GetWindowAutoGesture(handle hWnd, ptr lpAutoGestureInfo): bool', (cx, h: number) => noGestures(cx, h)),
  fn('SetWindowAutoGesture(handle hWnd, ptr lpAutoGestureInfo): bool', (cx, h: number) => noGestures(cx, h)),
  fn('GetGestureInfo(handle hGestureInfo, ptr pGestureInfo): bool', (cx, _h: number, p: number) =>
    cx.fail(0, p ? ERROR.INVALID_HANDLE : ERROR.INVALID_PARAMETER),
  ),
  fn('CloseGestureInfoHandle(handle hGestureInfo): bool', (cx) => cx.fail(0, ERROR.INVALID_HANDLE)),
];
