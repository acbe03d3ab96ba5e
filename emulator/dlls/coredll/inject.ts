/**
 * coredll input injection: mouse_event and PostKeybdMessage (imported by 7 and 4 corpus binaries).
 * What a touch-screen or keyboard driver hands GWES, fed into the same queues as the host's input
 * (gwes/input.ts), so a program that "presses" a point or types into a window sees what a user's pen
 * or keys would produce.
 *
 * mouse_event (CE 5/6 reference page "mouse_event"; the flag values of the CE SDK's winuser.h):
 * - MOUSEEVENTF_ABSOLUTE (0x8000): dx / dy are normalized 0..65535 over the screen (the pixel is
 *   dx * width / 65536, as Win32 maps them); without it they are a relative motion from the last
 *   injected position (a CE device has no mouse acceleration to apply). The position is kept per window
 *   manager; it starts at (0, 0).
 * - MOUSEEVENTF_MOVE (1) is applied first, then LEFTDOWN (2), then LEFTUP (4) — the order Win32 gives a
 *   combined call. A touch screen has no hover: a move while the pen is up posts nothing (gwes/input.ts
 *   pointerMove), a move while down is WM_MOUSEMOVE to the pressed/capture window.
 * - The right and middle buttons, the wheel and MOUSEEVENTF_VIRTUALDESK stop the run naming themselves
 *   (a CE touch screen reports the left button only).
 *
 * PostKeybdMessage (CE 5/6 reference page; KEY_STATE_FLAGS from the CE SDK's keybd.h):
 * - hwnd NULL: the focus (else active) window of the calling thread; (HWND)-1: the system's focus (else
 *   active) window; another handle must be a window of the calling thread (else FALSE,
 *   ERROR_INVALID_WINDOW_HANDLE / ERROR_ACCESS_DENIED). No such window: FALSE.
 * - VKey != 0: WM_KEYDOWN when KeyStateDownFlag (0x80) is in KeyStateFlags, else WM_KEYUP; lParam has
 *   repeat count 1, bit 30 from KeyStatePrevDownFlag (0x40), bit 31 set for a key up.
 * - Then each of the cCharacters characters whose shift state has KeyStateDownFlag and not
 *   KeyShiftNoCharacterFlag (0x10000) is posted as WM_CHAR (WM_DEADCHAR with KeyShiftDeadFlag, 0x20000)
 *   — the characters the keyboard driver's layout produced for the key.
 * - TRUE when posted.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { pointerDown, pointerMove, pointerUp } from '../../gwes/input.js';
import { WM, gwesOf, type Gwes, type Window } from '../../gwes/wm.js';

const MOUSEEVENTF = {
  MOVE: 0x1,
  LEFTDOWN: 0x2,
  LEFTUP: 0x4,
  RIGHTDOWN: 0x8,
  RIGHTUP: 0x10,
  MIDDLEDOWN: 0x20,
  MIDDLEUP: 0x40,
  WHEEL: 0x800,
  VIRTUALDESK: 0x4000,
  ABSOLUTE: 0x8000,
} as const;
const UNSUPPORTED_MOUSE =
  MOUSEEVENTF.RIGHTDOWN | MOUSEEVENTF.RIGHTUP | MOUSEEVENTF.MIDDLEDOWN | MOUSEEVENTF.MIDDLEUP | MOUSEEVENTF.WHEEL | MOUSEEVENTF.VIRTUALDESK;

const KeyStatePrevDownFlag = 0x40;
const KeyStateDownFlag = 0x80;
const KeyShiftNoCharacterFlag = 0x10000;
const KeyShiftDeadFlag = 0x20000;
const WM_DEADCHAR = 0x0103;

/** The last injected pointer position per window manager (relative mouse_event moves start from it). */
const lastPos = new WeakMap<Gwes, { x: number; y: number }>();

function mouseEvent(g: Gwes, flags: number, dx: number, dy: number): void {
  if (flags & UNSUPPORTED_MOUSE)
    throw new UnimplementedFeature(`with dwFlags 0x${(flags & UNSUPPORTED_MOUSE).toString(16)} (a touch screen has the left button only)`);
  const last = lastPos.get(g) ?? { x: 0, y: 0 };
  let { x, y } = last;
  if (flags & MOUSEEVENTF.ABSOLUTE) {
    x = Math.floor(((dx & 0xffff) * g.screen.width) / 65536);
    y = Math.floor(((dy & 0xffff) * g.screen.height) / 65536);
  } else if (flags & MOUSEEVENTF.MOVE) {
    x = Math.min(Math.max(x + (dx | 0), 0), g.screen.width - 1);
    y = Math.min(Math.max(y + (dy | 0), 0), g.screen.height - 1);
  }
  lastPos.set(g, { x, y });
  if (flags & MOUSEEVENTF.MOVE) pointerMove(g, x, y);
  if (flags & MOUSEEVENTF.LEFTDOWN) pointerDown(g, x, y);
  if (flags & MOUSEEVENTF.LEFTUP) pointerUp(g, x, y);
}

function keybdTarget(cx: ApiContext, g: Gwes, hwnd: number): Window | number {
  if (hwnd === 0xffffffff) return g.window(g.focus) ?? g.window(g.active) ?? ERROR.INVALID_WINDOW_HANDLE;
  if (hwnd === 0) {
    const f = g.window(g.focus) ?? g.window(g.active);
    return f && f.thread === cx.thread ? f : ERROR.INVALID_WINDOW_HANDLE;
  }
  const w = g.window(hwnd);
  if (!w) return ERROR.INVALID_WINDOW_HANDLE;
  return w.thread === cx.thread ? w : ERROR.ACCESS_DENIED;
}

export const inject: ApiDef[] = [
  fn('mouse_event(hex dwFlags, i32 dx, i32 dy, u32 dwData, hex dwExtraInfo): void', (cx, flags: number, dx: number, dy: number) => {
    mouseEvent(gwesOf(cx.machine), flags, dx, dy);
  }),
  fn(
    'PostKeybdMessage(handle hwnd, u32 VKey, hex KeyStateFlags, u32 cCharacters, ptr pShiftStateBuffer, ptr pCharacterBuffer): bool',
    (cx, hwnd: number, vk: number, state: number, n: number, pShift: number, pChars: number) => {
      const g = gwesOf(cx.machine);
      const w = keybdTarget(cx, g, hwnd >>> 0);
      if (typeof w === 'number') return cx.fail(0, w);
      if (n > 0 && (!pShift || !pChars)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const q = g.queue(w.thread);
      if (vk) {
        const down = !!(state & KeyStateDownFlag);
        const lParam = (1 | (state & KeyStatePrevDownFlag ? 0x4000_0000 : 0) | (down ? 0 : 0x8000_0000)) >>> 0;
        q.post({ hwnd: w.hwnd, msg: down ? WM.KEYDOWN : WM.KEYUP, wParam: vk & 0xff, lParam });
      }
      for (let i = 0; i < n; i++) {
        const s = cx.mem.u32(pShift + 4 * i);
        const ch = cx.mem.u32(pChars + 4 * i);
        if (!(s & KeyStateDownFlag) || s & KeyShiftNoCharacterFlag) continue;
        q.post({ hwnd: w.hwnd, msg: s & KeyShiftDeadFlag ? WM_DEADCHAR : WM.CHAR, wParam: ch & 0xffff, lParam: 1 });
      }
      return 1;
    },
  ),
];
