/**
 * coredll IMM (the Input Method Manager, CE's coreimm in GWES) as an en-US device has it: the IMM is
 * there, no IME is loaded (the keyboard layout is a plain layout, not an IME one), so nothing ever
 * composes. References: the CE 5/6 IMM reference pages (Imm.h, Coreimm.lib) for the signatures, and
 * Wine's imm32 (dlls/imm32/imm.c and its tests, also run by ReactOS against Windows) for what each call
 * answers when the thread's layout has no IME:
 *
 * - Input contexts exist without an IME: each thread has a default context, every window of the
 *   thread is associated with it until ImmAssociateContext(Ex) says otherwise. ImmGetContext(hwnd)
 *   returns the window's context (NULL for NULL, a destroyed window, a window of another process, or a
 *   window associated with NULL); ImmReleaseContext always succeeds. ImmAssociateContext returns the
 *   previous context (NULL for a bad window). ImmCreateContext/ImmDestroyContext make private ones;
 *   a thread's default context cannot be destroyed (FALSE), as in Wine/Windows.
 * - The context's state is kept and read back: open status (ImmSetOpenStatus/ImmGetOpenStatus,
 *   initially closed), conversion and sentence modes (initially IME_CMODE_ALPHANUMERIC = 0 and
 *   IME_SMODE_NONE = 0), composition window, candidate windows (ImmGetCandidateWindow fails for an
 *   index never set), composition font (ImmGetCompositionFontW fails until set). Setters on a context
 *   of another thread fail, as Wine's ImmSetOpenStatus/ImmSetConversionStatus do.
 * - What needs an IME fails the documented way: ImmGetCompositionStringW returns 0 (no composition),
 *   ImmSetCompositionStringW FALSE, ImmNotifyIME FALSE, ImmEscapeW 0, ImmIsIME FALSE, ImmGetProperty
 *   0, ImmGetDescriptionW/ImmGetIMEFileNameW 0, ImmGetVirtualKey VK_PROCESSKEY (Wine: no key was
 *   processed by an IME). ImmDisableIME succeeds (nothing to disable).
 * - ImmSIPanelState(dwCmd, pValue) (CE only: asks the input panel, the SIP, through the IMM): wmemu
 *   has no input panel, so it fails (FALSE, ERROR_NOT_SUPPORTED), as on a device built without SIP.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf, type Window } from '../../gwes/wm.js';

const VK_PROCESSKEY = 0xe5;
const IACE_CHILDREN = 0x1;
const IACE_DEFAULT = 0x10;
const IACE_IGNORENOCONTEXT = 0x20;
/** CANDIDATEFORM: dwIndex, dwStyle, POINT ptCurrentPos, RECT rcArea. */
const CANDIDATEFORM_SIZE = 32;
/** COMPOSITIONFORM: dwStyle, POINT ptCurrentPos, RECT rcArea. */
const COMPOSITIONFORM_SIZE = 28;
const LOGFONTW_SIZE = 92;
/** HIMC values: opaque, kept apart from kernel handles and GWES window handles. */
const FIRST_HIMC = 0x000c_0010;

interface InputContext {
  himc: number;
  thread: GuestThread;
  isDefault: boolean;
  open: boolean;
  conversion: number;
  sentence: number;
  compForm?: Buffer;
  candForms: (Buffer | undefined)[];
  font?: Buffer;
}

const immSlot = defineSlot('imm', () => ({
  next: FIRST_HIMC,
  contexts: new Map<number, InputContext>(),
  defaults: new WeakMap<GuestThread, number>(),
  /** Windows whose association was changed (0 = associated with NULL); others use their thread's default. */
  assoc: new Map<number, number>(),
}));
type Imm = ReturnType<typeof immSlot.of>;

function newContext(s: Imm, thread: GuestThread, isDefault: boolean): InputContext {
  const c: InputContext = { himc: s.next, thread, isDefault, open: false, conversion: 0, sentence: 0, candForms: [] };
  s.next += 0x10;
  s.contexts.set(c.himc, c);
  return c;
}

function defaultOf(s: Imm, thread: GuestThread): number {
  let h = s.defaults.get(thread);
  if (h === undefined) s.defaults.set(thread, (h = newContext(s, thread, true).himc));
  return h;
}

/** The window of this process, or undefined (ERROR_INVALID_WINDOW_HANDLE set). */
function ownWindow(cx: ApiContext, hwnd: number): Window | undefined {
  const w = gwesOf(cx.machine).window(hwnd);
  if (!w || w.machine !== cx.machine) {
    cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return undefined;
  }
  return w;
}

function contextOf(s: Imm, w: Window): number {
  return s.assoc.get(w.hwnd) ?? defaultOf(s, w.thread);
}

function ctx(cx: ApiContext, himc: number): InputContext | undefined {
  return immSlot.of(cx.machine).contexts.get(himc);
}

export const imm: ApiDef[] = [
  fn('ImmGetContext(handle hWnd): handle', (cx, hwnd: number) => {
    const w = ownWindow(cx, hwnd);
    return w ? contextOf(immSlot.of(cx.machine), w) : 0;
  }),
  fn('ImmReleaseContext(handle hWnd, handle hIMC): bool', () => 1),
  fn('ImmAssociateContext(handle hWnd, handle hIMC): handle', (cx, hwnd: number, himc: number) => {
    const s = immSlot.of(cx.machine);
    const w = ownWindow(cx, hwnd);
    if (!w) return 0;
    if (himc && !s.contexts.has(himc)) return 0;
    const old = contextOf(s, w);
    s.assoc.set(w.hwnd, himc);
    return old;
  }),
  fn('ImmAssociateContextEx(handle hWnd, handle hIMC, u32 dwFlags): bool', (cx, hwnd: number, himc: number, flags: number) => {
    const s = immSlot.of(cx.machine);
    const w = ownWindow(cx, hwnd);
    if (!w) return 0;
    if (himc && !s.contexts.has(himc)) return cx.fail(0, ERROR.INVALID_HANDLE);
    const g = gwesOf(cx.machine);
    const targets: Window[] = [w];
    if (flags & IACE_CHILDREN) {
      for (let i = 0; i < targets.length; i++) targets.push(...g.children(targets[i]!.hwnd));
    }
    for (const t of targets) {
      if (flags & IACE_DEFAULT) s.assoc.delete(t.hwnd);
      else if (!(flags & IACE_IGNORENOCONTEXT) || contextOf(s, t) !== 0) s.assoc.set(t.hwnd, himc);
    }
    return 1;
  }),
  fn('ImmCreateContext(): handle', (cx) => newContext(immSlot.of(cx.machine), cx.thread, false).himc),
  fn('ImmDestroyContext(handle hIMC): bool', (cx, himc: number) => {
    const s = immSlot.of(cx.machine);
    const c = s.contexts.get(himc);
    if (!c || c.isDefault) return cx.fail(0, ERROR.INVALID_HANDLE);
    s.contexts.delete(himc);
    for (const [hwnd, h] of s.assoc) if (h === himc) s.assoc.delete(hwnd);
    return 1;
  }),
  fn('ImmGetOpenStatus(handle hIMC): bool', (cx, himc: number) => (ctx(cx, himc)?.open ? 1 : 0)),
  fn('ImmSetOpenStatus(handle hIMC, bool fOpen): bool', (cx, himc: number, open: number) => {
    const c = ctx(cx, himc);
    if (!c || c.thread !== cx.thread) return 0;
    c.open = open !== 0;
    return 1;
  }),
  fn('ImmGetConversionStatus(handle hIMC, ptr lpfdwConversion, ptr lpfdwSentence): bool', (cx, himc: number, pc: number, ps: number) => {
    const c = ctx(cx, himc);
    if (!c) return 0;
    if (pc) cx.mem.setU32(pc, c.conversion);
    if (ps) cx.mem.setU32(ps, c.sentence);
    return 1;
  }),
  fn('ImmSetConversionStatus(handle hIMC, u32 fdwConversion, u32 fdwSentence): bool', (cx, himc: number, conv: number, sent: number) => {
    const c = ctx(cx, himc);
    if (!c || c.thread !== cx.thread) return 0;
    c.conversion = conv;
    c.sentence = sent;
    return 1;
  }),
  fn('ImmGetCompositionStringW(handle hIMC, u32 dwIndex, ptr lpBuf, u32 dwBufLen): i32', () => 0),
  fn('ImmSetCompositionStringW(handle hIMC, u32 dwIndex, ptr lpComp, u32 dwCompLen, ptr lpRead, u32 dwReadLen): bool', () => 0),
  fn('ImmGetCompositionWindow(handle hIMC, ptr lpCompForm): bool', (cx, himc: number, p: number) => {
    const c = ctx(cx, himc);
    if (!c?.compForm || !p) return 0;
    cx.mem.write(p, c.compForm);
    return 1;
  }),
  fn('ImmSetCompositionWindow(handle hIMC, ptr lpCompForm): bool', (cx, himc: number, p: number) => {
    const c = ctx(cx, himc);
    if (!c || !p) return 0;
    c.compForm = Buffer.from(cx.mem.bytes(p, COMPOSITIONFORM_SIZE));
    return 1;
  }),
  fn('ImmGetCandidateWindow(handle hIMC, u32 dwIndex, ptr lpCandidate): bool', (cx, himc: number, i: number, p: number) => {
    const f = ctx(cx, himc)?.candForms[i];
    if (!f || !p) return 0;
    cx.mem.write(p, f);
    return 1;
  }),
  fn('ImmSetCandidateWindow(handle hIMC, ptr lpCandidate): bool', (cx, himc: number, p: number) => {
    const c = ctx(cx, himc);
    if (!c || !p) return 0;
    const f = Buffer.from(cx.mem.bytes(p, CANDIDATEFORM_SIZE));
    const i = f.readUInt32LE(0);
    if (i >= 4) return 0;
    c.candForms[i] = f;
    return 1;
  }),
  fn('ImmGetCompositionFontW(handle hIMC, ptr lplf): bool', (cx, himc: number, p: number) => {
    const c = ctx(cx, himc);
    if (!c?.font || !p) return 0;
    cx.mem.write(p, c.font);
    return 1;
  }),
  fn('ImmSetCompositionFontW(handle hIMC, ptr lplf): bool', (cx, himc: number, p: number) => {
    const c = ctx(cx, himc);
    if (!c || !p) return 0;
    c.font = Buffer.from(cx.mem.bytes(p, LOGFONTW_SIZE));
    return 1;
  }),
  fn('ImmNotifyIME(handle hIMC, u32 dwAction, u32 dwIndex, u32 dwValue): bool', () => 0),
  fn('ImmEscapeW(handle hKL, handle hIMC, u32 uEscape, ptr lpData): i32', () => 0),
  fn('ImmIsIME(handle hKL): bool', () => 0),
  fn('ImmGetProperty(handle hKL, u32 fdwIndex): u32', () => 0),
  fn('ImmGetDescriptionW(handle hKL, ptr lpszDescription, u32 uBufLen): u32', () => 0),
  fn('ImmGetIMEFileNameW(handle hKL, ptr lpszFileName, u32 uBufLen): u32', () => 0),
  fn('ImmGetVirtualKey(handle hWnd): u32', () => VK_PROCESSKEY),
  fn('ImmDisableIME(u32 idThread): bool', () => 1),
  fn('ImmSIPanelState(u32 dwCmd, ptr pValue): bool', (cx) => cx.fail(0, ERROR.NOT_SUPPORTED)),
];
