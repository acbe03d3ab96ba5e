/**
 * coredll input state (GWES): mouse capture (SetCapture, ReleaseCapture, GetCapture), the key state
 * table (GetKeyState, GetAsyncKeyState), GetDoubleClickTime, and DrawFocusRect.
 *
 * - Capture: one capture window per run (gwes/wm.ts `capture`; input.ts sends the mouse there while
 *   it is set). GetCapture answers only the owning thread's capture, as desktop Windows and CE do.
 * - Key state: the state as of the last input message the thread took from its queue (Win32's
 *   GetKeyState definition): WM_KEYDOWN/UP set and clear bit 15 of a virtual key and flip its toggle bit
 *   (bit 0) on each press; WM_LBUTTONDOWN/UP do the same for VK_LBUTTON. wmemu's input arrives only as
 *   queued messages, so GetAsyncKeyState reads the same table. Results are SHORTs (bit 15 = down).
 * - GetDoubleClickTime: 500 ms (gwes/input.ts DOUBLE_CLICK_MS, the time its double taps use).
 * - DrawFocusRect: the rectangle's 1 px frame inverted on every other pixel (a dotted XOR frame, as
 *   Windows draws it with its 50% grey pattern brush and PATINVERT, aligned on the DC origin: the pixel
 *   at the rectangle's even logical coordinates is inverted), so a second call erases it.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { gwesOf, WM, type Gwes, type QMsg } from '../../gwes/wm.js';
import { DOUBLE_CLICK_MS } from '../../gwes/input.js';
import { patBlt } from '../../gdi/draw.js';
import { clipOf } from '../../gdi/objects.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import type { Surface } from '../../gdi/surface.js';
import { ERROR } from '../../core/win32-errors.js';

const VK_LBUTTON = 0x01;
const keyTables = new WeakMap<Gwes, Map<number, number>>();
function keys(g: Gwes): Map<number, number> {
  let t = keyTables.get(g);
  if (!t) keyTables.set(g, (t = new Map()));
  return t;
}

/** Records the key state change of an input message the application takes from its queue. */
export function noteInput(g: Gwes, m: QMsg): void {
  let vk: number;
  let down: boolean;
  if (m.msg === WM.KEYDOWN || m.msg === WM.KEYUP || m.msg === 0x0104 || m.msg === 0x0105)
    [vk, down] = [m.wParam & 0xff, m.msg === WM.KEYDOWN || m.msg === 0x0104];
  else if (m.msg === WM.LBUTTONDOWN || m.msg === WM.LBUTTONDBLCLK || m.msg === WM.LBUTTONUP) [vk, down] = [VK_LBUTTON, m.msg !== WM.LBUTTONUP];
  else return;
  const t = keys(g);
  const old = t.get(vk) ?? 0;
  t.set(vk, down ? 0x8000 | (old & 0x8000 ? old & 1 : (old & 1) ^ 1) : old & 1);
}

const asShort = (v: number) => (v << 16) >> 16;

/** Whether a virtual key is down as of the last input message taken (GetKeyState bit 15). */
export function isKeyDown(g: Gwes, vk: number): boolean {
  return ((keys(g).get(vk & 0xff) ?? 0) & 0x8000) !== 0;
}

export const uistate: ApiDef[] = [
  fn('SetCapture(handle hWnd): handle', (cx, h: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    const old = g.window(g.capture)?.thread === cx.thread ? g.capture : 0;
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    g.capture = w.hwnd;
    return old;
  }),
  fn('ReleaseCapture(): bool', (cx) => {
    const g = gwesOf(cx.machine);
    if (g.window(g.capture)?.thread === cx.thread) g.capture = 0;
    return 1;
  }),
  fn('GetCapture(): handle', (cx) => {
    const g = gwesOf(cx.machine);
    return g.window(g.capture)?.thread === cx.thread ? g.capture : 0;
  }),
  fn('GetKeyState(i32 nVirtKey): i32', (cx, vk: number) => asShort(keys(gwesOf(cx.machine)).get(vk & 0xff) ?? 0)),
  fn('GetAsyncKeyState(i32 vKey): i32', (cx, vk: number) => asShort((keys(gwesOf(cx.machine)).get(vk & 0xff) ?? 0) & 0x8000)),
  fn('GetDoubleClickTime(): u32', () => DOUBLE_CLICK_MS),
  fn('DrawFocusRect(handle hDC, ptr lprc): bool', (cx, hdc: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    let s: Surface | undefined = g.display.surface;
    if (dc.kind !== 'screen') {
      const b = g.gdi.get(dc.bitmap);
      s = b?.type === 'bitmap' ? b.surface : undefined;
    }
    if (!s) return 0;
    cx.mem.check(p, 16);
    const l = cx.mem.i32(p) + dc.orgX;
    const t = cx.mem.i32(p + 4) + dc.orgY;
    const r = cx.mem.i32(p + 8) + dc.orgX;
    const b = cx.mem.i32(p + 12) + dc.orgY;
    if (r <= l || b <= t) return 1;
    const st = { clip: clipOf(dc, s), textColor: 0, bkColor: 0 };
    const dot = (x: number, y: number) => {
      if (((x - dc.orgX + y - dc.orgY) & 1) === 0) patBlt(s, st, rect(x, y, x + 1, y + 1), { kind: 'solid', color: 0xffffff }, ROP.PATINVERT);
    };
    for (let x = l; x < r; x++) {
      dot(x, t);
      if (b - 1 > t) dot(x, b - 1);
    }
    for (let y = t + 1; y < b - 1; y++) {
      dot(l, y);
      if (r - 1 > l) dot(r - 1, y);
    }
    if (dc.kind === 'screen') g.display.changed();
    return 1;
  }),
];
