/**
 * Cross-process SendMessageW: the data of pointer-carrying messages is copied into the receiving
 * process and back.
 *
 * Every process of a run is its own Machine (own address space) sharing one GWES (gwes/wm.ts). A
 * message sent to a window of another process is queued for the window's thread like any
 * cross-thread send (windows.ts: the sender's thread blocks on its scheduler until the reply); when
 * its wParam/lParam point at data, a pointer of the sender means nothing in the receiver, so GWES
 * copies the data: at delivery the copy is written into a block of the receiver's process heap and
 * the window procedure gets that block's address; after it returns, what the receiver may have
 * written (the "out" data) is copied back into the sender's buffer and the block is freed. The
 * receiver must not keep the pointer (CE's WM_COPYDATA page: "valid only during the processing of
 * the message"). The sender's pointers are checked when it sends (a bad one crashes the sender, as a
 * bad pointer argument to a coredll function does).
 *
 * Which messages are copied: CE's reference documents WM_SETTEXT, WM_GETTEXT and WM_COPYDATA across
 * processes; the rest follows desktop Windows' list of system messages it marshals (Wine's user32
 * pack_message is the reference), restricted to the ones CE has:
 * - a string in lParam: WM_SETTEXT, EM_REPLACESEL, LB_ADDSTRING, LB_INSERTSTRING, LB_SELECTSTRING,
 *   LB_DIR, LB_FINDSTRING, LB_FINDSTRINGEXACT, CB_ADDSTRING, CB_INSERTSTRING, CB_SELECTSTRING, CB_DIR,
 *   CB_FINDSTRING, CB_FINDSTRINGEXACT (the list box and combo box ones only when the control keeps
 *   strings: an owner-drawn one without LBS_HASSTRINGS / CBS_HASSTRINGS gets item data, passed as is);
 * - a string out: WM_GETTEXT (wParam = buffer size in characters; the result's characters and NUL
 *   are copied back, never more than wParam);
 * - WM_COPYDATA: the COPYDATASTRUCT and the cbData bytes at lpData (read-only: nothing is copied back);
 * - fixed-size structures, copied in and back: WM_GETMINMAXINFO, WM_WINDOWPOSCHANGING/CHANGED,
 *   WM_STYLECHANGING/CHANGED, WM_MEASUREITEM, WM_DRAWITEM, WM_DELETEITEM, WM_COMPAREITEM, WM_HELP,
 *   EM_GETRECT, EM_SETRECT, EM_SETRECTNP, SBM_SETSCROLLINFO, SBM_GETSCROLLINFO, LB_GETITEMRECT,
 *   CB_GETDROPPEDCONTROLRECT; EM_GETSEL and CB_GETEDITSEL (two DWORD out pointers, wParam and lParam).
 * Any other message (WM_NOTIFY included: Windows does not marshal it either) passes its parameters
 * unchanged. NULL pointers stay NULL.
 */
import type { ApiContext } from '../../core/api/context.js';
import type { Machine } from '../../core/machine.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import type { Gwes, SentCopy, Window } from '../../gwes/wm.js';
import { union, type Region } from '../../gdi/region.js';
import { isChildProcess } from './processes.js';

const WM_SETTEXT = 0x000c;
const WM_GETTEXT = 0x000d;
const WM_COPYDATA = 0x004a;
const EM_GETSEL = 0x00b0;
const CB_GETEDITSEL = 0x0140;

/** Messages whose lParam is a NUL-terminated string the receiver reads. */
const STRING_IN = new Set([
  WM_SETTEXT,
  0x00c2, // EM_REPLACESEL
  0x0180, // LB_ADDSTRING
  0x0181, // LB_INSERTSTRING
  0x018c, // LB_SELECTSTRING
  0x018d, // LB_DIR
  0x018f, // LB_FINDSTRING
  0x01a2, // LB_FINDSTRINGEXACT
  0x0143, // CB_ADDSTRING
  0x014a, // CB_INSERTSTRING
  0x014d, // CB_SELECTSTRING
  0x0145, // CB_DIR
  0x014c, // CB_FINDSTRING
  0x0158, // CB_FINDSTRINGEXACT
]);

/** Messages whose lParam points at a structure of this many bytes, copied in and back. */
const STRUCTS = new Map<number, number>([
  [0x0024, 40], // WM_GETMINMAXINFO: MINMAXINFO
  [0x0046, 28], // WM_WINDOWPOSCHANGING: WINDOWPOS
  [0x0047, 28], // WM_WINDOWPOSCHANGED
  [0x007c, 8], // WM_STYLECHANGING: STYLESTRUCT
  [0x007d, 8], // WM_STYLECHANGED
  [0x002c, 24], // WM_MEASUREITEM: MEASUREITEMSTRUCT
  [0x002b, 48], // WM_DRAWITEM: DRAWITEMSTRUCT
  [0x002d, 20], // WM_DELETEITEM: DELETEITEMSTRUCT
  [0x0039, 32], // WM_COMPAREITEM: COMPAREITEMSTRUCT
  [0x0053, 28], // WM_HELP: HELPINFO
  [0x00b2, 16], // EM_GETRECT: RECT
  [0x00b3, 16], // EM_SETRECT
  [0x00b4, 16], // EM_SETRECTNP
  [0x00e9, 28], // SBM_SETSCROLLINFO: SCROLLINFO
  [0x00ea, 28], // SBM_GETSCROLLINFO
  [0x0198, 16], // LB_GETITEMRECT: RECT
  [0x0152, 16], // CB_GETDROPPEDCONTROLRECT: RECT
]);

const LBS_OWNERDRAW = 0x0030;
const LBS_HASSTRINGS = 0x0040;
const CBS_OWNERDRAW = 0x0030;
const CBS_HASSTRINGS = 0x0200;

/** An owner-drawn list box or combo box without strings: its "string" messages carry item data. */
function carriesItemData(w: Window, msg: number): boolean {
  if (msg >= 0x0180 && msg <= 0x01af) return (w.style & LBS_OWNERDRAW) !== 0 && !(w.style & LBS_HASSTRINGS);
  if (msg >= 0x0140 && msg <= 0x015f) return (w.style & CBS_OWNERDRAW) !== 0 && !(w.style & CBS_HASSTRINGS);
  return false;
}

/**
 * One block of the receiver's heap holding the data; `after` copies `back(result)` bytes of it to `to`
 * in the sender (nothing when the sender stopped waiting: result undefined) and frees it.
 */
function block(
  sender: Machine,
  view: Buffer,
  to: number,
  back: (result: number) => number,
): (receiver: Machine) => { addr: number; after: (r: number | undefined) => void } {
  const data = Buffer.from(view); // a snapshot of the sender's data as it sends
  return (receiver) => {
    const addr = receiver.processHeap.alloc(Math.max(4, data.length), true);
    if (!addr) return { addr: 0, after: () => {} };
    receiver.mem.write(addr, data);
    return {
      addr,
      after: (r) => {
        const n = r === undefined ? 0 : Math.min(back(r), data.length);
        if (n > 0) sender.mem.write(to, receiver.mem.bytes(addr, n));
        receiver.processHeap.freeBlock(addr);
      },
    };
  };
}

/** The copy a message to window `w` of another process needs, or undefined when its parameters pass as they are. */
export function copyForProcess(cx: ApiContext, w: Window, msg: number, wParam: number, lParam: number): SentCopy | undefined {
  const sender = cx.machine;
  const mem = cx.mem;
  if (STRING_IN.has(msg) && lParam && !carriesItemData(w, msg)) {
    const n = mem.wcslen(lParam);
    const b = block(sender, mem.bytes(lParam, 2 * (n + 1)), lParam, () => 0);
    return {
      into: (r) => {
        const c = b(r);
        return { wParam, lParam: c.addr, after: c.after };
      },
    };
  }
  if (msg === WM_GETTEXT && lParam && wParam) {
    const cch = Math.min(wParam >>> 0, 0x10_0000);
    const b = block(sender, mem.bytes(lParam, 2 * cch, 'write'), lParam, (r) => 2 * Math.min((r | 0) + 1, cch));
    return {
      into: (r) => {
        const c = b(r);
        return { wParam, lParam: c.addr, after: c.after };
      },
    };
  }
  if (msg === WM_COPYDATA && lParam) {
    // COPYDATASTRUCT { ULONG_PTR dwData; DWORD cbData; PVOID lpData; } followed by the data.
    const head = mem.bytes(lParam, 12);
    const cb = head.readUInt32LE(4);
    const src = head.readUInt32LE(8);
    const data = src && cb ? mem.bytes(src, cb) : Buffer.alloc(0);
    const b = block(sender, Buffer.concat([head, data]), lParam, () => 0);
    return {
      into: (r) => {
        const c = b(r);
        if (c.addr) r.mem.setU32(c.addr + 8, src && cb ? c.addr + 12 : 0);
        return { wParam, lParam: c.addr, after: c.after };
      },
    };
  }
  const size = STRUCTS.get(msg);
  if (size && lParam) {
    const b = block(sender, mem.bytes(lParam, size, 'write'), lParam, () => size);
    return {
      into: (r) => {
        const c = b(r);
        return { wParam, lParam: c.addr, after: c.after };
      },
    };
  }
  if (msg === EM_GETSEL || msg === CB_GETEDITSEL) {
    const bw = wParam ? block(sender, mem.bytes(wParam, 4, 'write'), wParam, () => 4) : undefined;
    const bl = lParam ? block(sender, mem.bytes(lParam, 4, 'write'), lParam, () => 4) : undefined;
    if (!bw && !bl) return undefined;
    return {
      into: (r) => {
        const cw = bw?.(r);
        const cl = bl?.(r);
        return {
          wParam: cw?.addr ?? 0,
          lParam: cl?.addr ?? 0,
          after: (res) => {
            cw?.after(res);
            cl?.after(res);
          },
        };
      },
    };
  }
  return undefined;
}

const watched = new WeakSet<GuestThread | Machine>();

/** Takes the windows `which` selects out of the window tree (no messages: their thread is gone) and repaints what they covered. */
function dropWindows(g: Gwes, which: (w: Window) => boolean, extraThreads: GuestThread[] = []): void {
  const gone = [...g.windows.values()].filter((w) => !w.destroyed && which(w));
  let area: Region = [];
  for (const w of gone) if (g.isVisible(w)) area = union(area, [w.rect]);
  for (const w of gone) {
    w.destroyed = true;
    g.remove(w);
  }
  // Their timers, and the thread timers (hwnd NULL) of the threads that owned them, stop.
  const hwnds = new Set(gone.map((w) => w.hwnd));
  const threads = new Set([...gone.map((w) => w.thread), ...extraThreads]);
  for (const [key, timer] of [...g.timers]) if (hwnds.has(timer.hwnd) || threads.has(timer.queue.thread)) g.killTimer(key);
  if (area.length) g.expose(area);
}

/**
 * The windows of a child process go when their thread ends or the process ends (CE's GWES destroys the
 * windows of a thread that exits; here also when the process is ended by TerminateProcess or with
 * the run): they leave the window tree without messages, their timers stop, and what they covered is
 * repainted. The run's first process keeps its windows after it ends, so that the run's final
 * screenshot and window tree (--screenshot, --dump-windows) show its last screen. Called when a thread
 * creates a window.
 */
export function watchThreadWindows(g: Gwes, m: Machine, t: GuestThread): void {
  if (!isChildProcess(m)) return;
  if (!watched.has(m)) {
    watched.add(m);
    m.onRunEnd(async () => {
      dropWindows(g, (w) => w.machine === m);
      return undefined;
    });
  }
  if (watched.has(t)) return;
  watched.add(t);
  t.exitWaiters.add(() => dropWindows(g, (w) => w.thread === t, [t]));
}
