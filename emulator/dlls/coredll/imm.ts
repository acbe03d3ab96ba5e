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
 * - ImmLockIMC / ImmUnlockIMC (the IME side's view of a context, immdev.h): a context exists without
 *   an IME, so locking it gives its INPUTCONTEXT (320 bytes, in the process heap, made at the first
 *   lock) as Wine's ImmLockIMC does: hWnd 0 (no IME ever activated it), fOpen, fdwConversion,
 *   fdwSentence, lfFont, cfCompForm, cfCandForm[4] from the context's state, fdwInit with INIT_LOGFONT
 *   / INIT_COMPFORM for what was set, and the component handles Wine's ImmCreateContext makes: a blank
 *   COMPOSITIONSTRING (dwSize 100), CANDIDATEINFO (dwSize 144), GUIDELINE (dwSize 28), a 4-byte private
 *   block and an empty message buffer (dwNumMsgBuf 0). Each lock copies the state in; the last unlock
 *   reads fOpen, fdwConversion and fdwSentence back (what an IME changes through the structure).
 *   ImmUnlockIMC returns TRUE for any context, also when not locked (Wine's test_ImmGetIMCLockCount);
 *   an unknown HIMC gives NULL / FALSE with ERROR_INVALID_HANDLE. ImmDestroyContext frees the blocks.
 * - ImmLockIMCC / ImmUnlockIMCC work as GlobalLock / GlobalUnlock on the component (Wine's imm32 is
 *   exactly that): lock counts up and returns the block (NULL for the empty message buffer, as
 *   GlobalLock of a zero-size block); unlock returns TRUE while still locked, FALSE with NO_ERROR when
 *   the count reaches 0, FALSE with ERROR_NOT_LOCKED when it was not locked. Unknown handle: NULL /
 *   FALSE, ERROR_INVALID_HANDLE.
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
const FIRST_HIMCC = 0x000d_0010;
const INPUTCONTEXT_SIZE = 320;
const INIT_LOGFONT = 0x8;
const INIT_COMPFORM = 0x10;
/** Blank component sizes: COMPOSITIONSTRING (25 DWORDs), CANDIDATEINFO (36), GUIDELINE (7), private, message buffer. */
const COMPONENTS = [100, 144, 28, 4, 0] as const;

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
  /** The INPUTCONTEXT block once locked, and its lock count. */
  block?: number;
  locks: number;
  imccs: number[];
}

/** An input context component (hCompStr, hCandInfo, ...): a heap block with a GlobalLock-style count. */
interface Imcc {
  addr: number;
  size: number;
  locks: number;
}

const immSlot = defineSlot('imm', () => ({
  next: FIRST_HIMC,
  contexts: new Map<number, InputContext>(),
  defaults: new WeakMap<GuestThread, number>(),
  /** Windows whose association was changed (0 = associated with NULL); others use their thread's default. */
  assoc: new Map<number, number>(),
  imccs: new Map<number, Imcc>(),
  nextImcc: FIRST_HIMCC,
}));
type Imm = ReturnType<typeof immSlot.of>;

function newContext(s: Imm, thread: GuestThread, isDefault: boolean): InputContext {
  const c: InputContext = { himc: s.next, thread, isDefault, open: false, conversion: 0, sentence: 0, candForms: [], locks: 0, imccs: [] };
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

function newImcc(cx: ApiContext, s: Imm, size: number, dwSizeField: boolean): number {
  const addr = cx.machine.processHeap.alloc(Math.max(size, 4), true);
  if (dwSizeField && size) cx.mem.setU32(addr, size);
  const h = s.nextImcc;
  s.nextImcc += 0x10;
  s.imccs.set(h, { addr, size, locks: 0 });
  return h;
}

/** Locks a context: its INPUTCONTEXT filled from the state (made with its components at the first lock). */
function lockContext(cx: ApiContext, s: Imm, c: InputContext): number {
  const heap = cx.machine.processHeap;
  if (c.block === undefined) {
    c.block = heap.alloc(INPUTCONTEXT_SIZE, true);
    c.imccs = COMPONENTS.map((size, i) => newImcc(cx, s, size, i < 3));
  }
  const b = c.block;
  if (c.locks++ > 0) return b;
  cx.mem.setU32(b + 4, c.open ? 1 : 0);
  cx.mem.setU32(b + 24, c.conversion);
  cx.mem.setU32(b + 28, c.sentence);
  if (c.font) cx.mem.write(b + 32, c.font);
  if (c.compForm) cx.mem.write(b + 124, c.compForm);
  c.candForms.forEach((f, i) => f && cx.mem.write(b + 152 + CANDIDATEFORM_SIZE * i, f));
  // hCompStr, hCandInfo, hGuideLine, hPrivate, dwNumMsgBuf (0), hMsgBuf, fdwInit.
  const [comp, cand, guide, priv, msg] = c.imccs;
  [comp, cand, guide, priv, 0, msg].forEach((v, i) => cx.mem.setU32(b + 280 + 4 * i, v!));
  cx.mem.setU32(b + 304, (c.font ? INIT_LOGFONT : 0) | (c.compForm ? INIT_COMPFORM : 0));
  return b;
}

function freeContext(cx: ApiContext, s: Imm, c: InputContext): void {
  const heap = cx.machine.processHeap;
  if (c.block !== undefined) heap.freeBlock(c.block);
  for (const h of c.imccs) {
    const m = s.imccs.get(h);
    if (m) heap.freeBlock(m.addr);
    s.imccs.delete(h);
  }
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
    freeContext(cx, s, c);
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
  fn('ImmLockIMC(handle hIMC): ptr', (cx, himc: number) => {
    const s = immSlot.of(cx.machine);
    const c = s.contexts.get(himc);
    return c ? lockContext(cx, s, c) : cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn('ImmUnlockIMC(handle hIMC): bool', (cx, himc: number) => {
    const c = ctx(cx, himc);
    if (!c) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (c.locks > 0 && --c.locks === 0 && c.block !== undefined) {
      c.open = cx.mem.u32(c.block + 4) !== 0;
      c.conversion = cx.mem.u32(c.block + 24);
      c.sentence = cx.mem.u32(c.block + 28);
    }
    return 1;
  }),
  fn('ImmLockIMCC(handle hIMCC): ptr', (cx, h: number) => {
    const m = immSlot.of(cx.machine).imccs.get(h);
    if (!m) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!m.size) return 0;
    m.locks++;
    return m.addr;
  }),
  fn('ImmUnlockIMCC(handle hIMCC): bool', (cx, h: number) => {
    const m = immSlot.of(cx.machine).imccs.get(h);
    if (!m) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (m.locks === 0) return cx.fail(0, ERROR.NOT_LOCKED);
    return --m.locks > 0 ? 1 : cx.fail(0, ERROR.SUCCESS);
  }),
];
