/**
 * The built-in EDIT class: single-line and multi-line edit controls.
 *
 * Behaviour follows the Win32/CE edit control documentation (EM_* messages, EN_* notifications, the
 * ES_* styles CE keeps) and Wine's dlls/user32/edit.c with its tests where the documentation is silent:
 * - Text, selection (anchor and caret; EM_GETSEL gives the ordered pair), the text limit (30000 by
 *   default, as Wine's tests measure on Windows; EM_LIMITTEXT(0) = 0x7FFFFFFE single-line, 0xFFFFFFFF
 *   multi-line; WM_SETTEXT ignores the limit, typing and EM_REPLACESEL are cut to it with EN_MAXTEXT).
 * - Single-line without ES_AUTOHSCROLL accepts only what fits the width, multi-line without
 *   ES_AUTOVSCROLL only what fits the height (EN_MAXTEXT otherwise). ES_NUMBER takes digits only,
 *   ES_UPPERCASE/ES_LOWERCASE convert typed and inserted text, ES_PASSWORD shows the password character
 *   ('*', EM_SETPASSWORDCHAR), ES_READONLY refuses edits (moving and copying still work).
 * - Multi-line text wraps at spaces to the width (a word longer than a line is broken) unless
 *   ES_AUTOHSCROLL or WS_HSCROLL is set; hard breaks are CR LF (a lone LF also breaks).
 * - One undo level: consecutive typing is one step; EM_UNDO swaps the text with the saved one (an undo
 *   can be undone); WM_SETTEXT and EM_REPLACESEL(FALSE) empty it.
 * - Keys: characters, BACK, DELETE (Shift: cut), HOME/END (Ctrl: text start/end), LEFT/RIGHT/UP/DOWN
 *   with Shift extending the selection, Ctrl+C/X/V/Z (the control characters TranslateMessage makes),
 *   Shift+INSERT paste, Ctrl+INSERT copy; the mouse places the caret and a drag selects (capture).
 * - Notifications in WM_COMMAND to the parent: EN_SETFOCUS/EN_KILLFOCUS, EN_UPDATE then EN_CHANGE
 *   after a change (typing, cut, paste, undo, EM_REPLACESEL; WM_SETTEXT in a single-line control only,
 *   as Wine's edit.c), EN_MAXTEXT. WM_SETTEXT puts the caret at 0 and clears the modified flag.
 * - WM_GETDLGCODE: DLGC_WANTCHARS | DLGC_HASSETSEL | DLGC_WANTARROWS, multi-line adds DLGC_WANTALLKEYS.
 * - The caret (gwes/caret.ts) is created on WM_SETFOCUS (1 px wide, the line height) at the insertion
 *   point and destroyed on WM_KILLFOCUS; the selection is hidden without the focus (unless ES_NOHIDESEL).
 *
 * Look (CE 5, measured on ../shared/reference/gui/ce5-dialog-properties-448x211.png, its "Date:" and
 * "Time:" edits): the border is non-client (WS_BORDER: CE's flat 1 px black frame; WS_EX_CLIENTEDGE: the
 * 2 px sunken edge of the crop); a bordered control keeps 1 px between border and text (NT's edit rule,
 * horizontally always, vertically when the height has room), no extra margin, single-line text at the
 * top. Colours come from the parent: WM_CTLCOLOREDIT (default COLOR_WINDOWTEXT on COLOR_WINDOW), or
 * WM_CTLCOLORSTATIC for a read-only or disabled control (CE's default: COLOR_STATIC, the grey of read-only
 * edits); the selection is COLOR_HIGHLIGHTTEXT on COLOR_HIGHLIGHT; disabled text is COLOR_GRAYTEXT.
 * - A double click selects the word under the caret with its trailing spaces (Wine's default word-break
 *   procedure); Ctrl+LEFT / Ctrl+RIGHT move the caret by words (Shift extends), as Wine's
 *   EDIT_MoveWordBackward/Forward: at a line start LEFT goes to the end of the line before, at a line
 *   end RIGHT to the start of the next (multi-line), otherwise the word-break procedure answers.
 * - EM_SETWORDBREAKPROC (CE 5 documents it and the EDITWORDBREAKPROC callback: int (LPTSTR lpch, int
 *   ichCurrent, int cch, int code)): the guest's procedure replaces the default for those word moves
 *   and the double click; lParam NULL restores the default; it returns nothing (0). It is called as
 *   Wine's EDIT_CallWordBreakProc calls it: lpch the line's text (a copy in the process heap, NUL
 *   ended, freed after the call), cch the line's length, ichCurrent the position in the line (WB_RIGHT
 *   from a word move passes position + 1, as Wine does), code WB_LEFT 0 / WB_RIGHT 1; the answer is a
 *   position in the line (clamped to [0, cch]). EM_GETWORDBREAKPROC returns the procedure (NULL for the
 *   default). Line wrapping keeps breaking at spaces (Wine asks the procedure there too: not modelled).
 * Not modelled: EM_GETHANDLE/EM_SETHANDLE, tab stops (EM_SETTABSTOPS): those stop the run naming
 * themselves (tabs are drawn as a space's width).
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { setFocus } from '../../dlls/coredll/winpos.js';
import { isKeyDown } from '../../dlls/coredll/uistate.js';
import { clipboardText, putClipboardText } from '../../dlls/coredll/clipboard.js';
import { rect } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import type { RealFont } from '../../gdi/text.js';
import { caretState, createCaret, destroyCaret, setCaretPos, showCaret } from '../caret.js';
import { COLOR } from '../sysmetrics.js';
import { WS, WS_EX } from '../nonclient.js';
import { gwesOf, type Gwes, type Window } from '../wm.js';
import { DLGC } from './button.js';
import {
  beginCtlPaint,
  controlFont,
  ctlColor,
  endCtlPaint,
  fill,
  fillBrush,
  notifyCode,
  text,
  toParent,
  WM,
  WM_CTLCOLORSTATIC,
  WM_GETDLGCODE,
  WM_GETFONT,
  WM_SETFONT,
} from './paint.js';

export const ES = {
  LEFT: 0,
  CENTER: 1,
  RIGHT: 2,
  MULTILINE: 4,
  UPPERCASE: 8,
  LOWERCASE: 0x10,
  PASSWORD: 0x20,
  AUTOVSCROLL: 0x40,
  AUTOHSCROLL: 0x80,
  NOHIDESEL: 0x100,
  READONLY: 0x800,
  WANTRETURN: 0x1000,
  NUMBER: 0x2000,
} as const;

export const EM = {
  GETSEL: 0xb0,
  SETSEL: 0xb1,
  GETRECT: 0xb2,
  SETRECT: 0xb3,
  SETRECTNP: 0xb4,
  SCROLL: 0xb5,
  LINESCROLL: 0xb6,
  SCROLLCARET: 0xb7,
  GETMODIFY: 0xb8,
  SETMODIFY: 0xb9,
  GETLINECOUNT: 0xba,
  LINEINDEX: 0xbb,
  SETHANDLE: 0xbc,
  GETHANDLE: 0xbd,
  GETTHUMB: 0xbe,
  LINELENGTH: 0xc1,
  REPLACESEL: 0xc2,
  GETLINE: 0xc4,
  LIMITTEXT: 0xc5,
  CANUNDO: 0xc6,
  UNDO: 0xc7,
  FMTLINES: 0xc8,
  LINEFROMCHAR: 0xc9,
  SETTABSTOPS: 0xcb,
  SETPASSWORDCHAR: 0xcc,
  EMPTYUNDOBUFFER: 0xcd,
  GETFIRSTVISIBLELINE: 0xce,
  SETREADONLY: 0xcf,
  SETWORDBREAKPROC: 0xd0,
  GETWORDBREAKPROC: 0xd1,
  GETPASSWORDCHAR: 0xd2,
  SETMARGINS: 0xd3,
  GETMARGINS: 0xd4,
  GETLIMITTEXT: 0xd5,
  POSFROMCHAR: 0xd6,
  CHARFROMPOS: 0xd7,
} as const;

export const EN = { SETFOCUS: 0x100, KILLFOCUS: 0x200, CHANGE: 0x300, UPDATE: 0x400, ERRSPACE: 0x500, MAXTEXT: 0x501, HSCROLL: 0x601, VSCROLL: 0x602 } as const;

const WM_CTLCOLOREDIT = 0x0133;
const WM_CUT = 0x0300;
const WM_COPY = 0x0301;
const WM_PASTE = 0x0302;
const WM_CLEAR = 0x0303;
const WM_UNDO = 0x0304;
const WM_KEYDOWN = 0x0100;
const WM_LBUTTONDBLCLK = 0x0203;
const MK_SHIFT = 0x4;
const VK = { BACK: 8, SHIFT: 0x10, CONTROL: 0x11, END: 0x23, HOME: 0x24, LEFT: 0x25, UP: 0x26, RIGHT: 0x27, DOWN: 0x28, INSERT: 0x2d, DELETE: 0x2e } as const;
const EC_LEFTMARGIN = 1;
const EC_RIGHTMARGIN = 2;
const EC_USEFONTINFO = 0xffff;
const SB = { LINEUP: 0, LINEDOWN: 1, PAGEUP: 2, PAGEDOWN: 3 } as const;
const DEFAULT_LIMIT = 30000;
/** EDITWORDBREAKPROC codes (winuser.h). */
const WB_LEFT = 0;
const WB_RIGHT = 1;

interface Snapshot {
  text: string;
  anchor: number;
  caret: number;
}

interface EditState {
  text: string;
  anchor: number;
  caret: number;
  limit: number;
  modified: boolean;
  undo?: Snapshot;
  /** Caret position after the last typed character: typing on from there extends the same undo step. */
  typingAt: number;
  passwordChar: number;
  font: number;
  leftMargin: number;
  rightMargin: number;
  /** Horizontal scroll (pixels) and first visible line (multi-line). */
  xOffset: number;
  firstLine: number;
  focused: boolean;
  tracking: boolean;
  /** EM_SETRECT's format rectangle (client coordinates), when set. */
  fmt?: Rect;
  /** EM_SETWORDBREAKPROC's guest procedure (0: the default one). */
  wordBreakProc: number;
}

const states = new WeakMap<Window, EditState>();
function stateOf(w: Window): EditState {
  let s = states.get(w);
  if (!s)
    states.set(
      w,
      (s = {
        text: '',
        anchor: 0,
        caret: 0,
        limit: DEFAULT_LIMIT,
        modified: false,
        typingAt: -1,
        passwordChar: 0x2a,
        font: 0,
        leftMargin: 0,
        rightMargin: 0,
        xOffset: 0,
        firstLine: 0,
        focused: false,
        tracking: false,
        wordBreakProc: 0,
      }),
    );
  return s;
}

/** The edit control's text (the window tree and tests read it). */
export function editText(w: Window): string | undefined {
  return states.get(w)?.text;
}

const multi = (w: Window) => (w.style & ES.MULTILINE) !== 0;
const lo = (s: EditState) => Math.min(s.anchor, s.caret);
const hi = (s: EditState) => Math.max(s.anchor, s.caret);
const packLong = (a: number, b: number) => ((a & 0xffff) | ((b & 0xffff) << 16)) >>> 0;

// ------------------------------------------------------------------ layout

interface Line {
  start: number;
  /** End of the line's characters (before a hard break). */
  end: number;
  /** Start of the next line. */
  next: number;
}

interface Layout {
  font: RealFont;
  fmt: Rect;
  lines: Line[];
  lineHeight: number;
}

function clientSize(g: Gwes, w: Window): { width: number; height: number } {
  const c = g.clientRect(w);
  return { width: c.right - c.left, height: c.bottom - c.top };
}

const bordered = (w: Window) => (w.style & WS.BORDER) !== 0 || (w.exStyle & WS_EX.CLIENTEDGE) !== 0;

/** The format rectangle: the client area less the border spacing and the margins (or EM_SETRECT's). */
function formatRect(g: Gwes, w: Window, s: EditState, font: RealFont): Rect {
  if (s.fmt) return s.fmt;
  const { width, height } = clientSize(g, w);
  let r = rect(0, 0, width, height);
  if (bordered(w)) {
    r = rect(1, 0, width - 1, height);
    if (height >= font.height + 2) r = rect(1, 1, width - 1, height - 1);
  }
  return rect(r.left + s.leftMargin, r.top, Math.max(r.left + s.leftMargin, r.right - s.rightMargin), r.bottom);
}

/** What is drawn for the text (the password character repeated for ES_PASSWORD). */
function shown(w: Window, s: EditState): string {
  return w.style & ES.PASSWORD && !multi(w) ? String.fromCharCode(s.passwordChar).repeat(s.text.length) : s.text;
}

function measure(font: RealFont, t: string): number {
  return font.measure(t.replace(/\t/g, ' ')).width;
}

function layoutOf(g: Gwes, w: Window, s: EditState): Layout {
  const font = controlFont(g, s.font);
  const fmt = formatRect(g, w, s, font);
  const t = shown(w, s);
  const lines: Line[] = [];
  if (!multi(w)) lines.push({ start: 0, end: t.length, next: t.length });
  else {
    const wrap = !(w.style & ES.AUTOHSCROLL) && !(w.style & WS.HSCROLL);
    const width = Math.max(1, fmt.right - fmt.left);
    let i = 0;
    for (;;) {
      let e = i;
      while (e < t.length && t[e] !== '\n' && !(t[e] === '\r' && t[e + 1] === '\n')) e++;
      const brk = e >= t.length ? 0 : t[e] === '\r' ? 2 : 1;
      if (wrap) wrapInto(font, t, i, e, width, lines);
      else lines.push({ start: i, end: e, next: e });
      lines[lines.length - 1]!.next = e + brk;
      if (!brk) break;
      i = e + brk;
    }
  }
  return { font, fmt, lines, lineHeight: font.height };
}

/** Wraps t[a, b) (no hard breaks) to `width` pixels at spaces (trailing spaces stay on the line), breaking words longer than a line. */
function wrapInto(font: RealFont, t: string, a: number, b: number, width: number, out: Line[]): void {
  let start = a;
  for (;;) {
    if (measure(font, t.slice(start, b)) <= width) {
      out.push({ start, end: b, next: b });
      return;
    }
    // The longest prefix that fits; break after its last space if any.
    let fit = start;
    let x = 0;
    while (fit < b) {
      const adv = measure(font, t[fit]!);
      if (x + adv > width && t[fit] !== ' ') break;
      x += adv;
      fit++;
    }
    let brk = fit;
    const sp = t.lastIndexOf(' ', fit - 1);
    if (sp >= start && sp < fit) brk = sp + 1;
    else if (fit === start) brk = start + 1;
    out.push({ start, end: brk, next: brk });
    start = brk;
    if (start >= b) return;
  }
}

/** The line of a character position; at a soft (wrap) break the position belongs to the next line. */
function lineOf(l: Layout, ch: number): number {
  const last = l.lines.length - 1;
  for (let i = 0; i < last; i++) {
    const ln = l.lines[i]!;
    if (ch < ln.end || (ch === ln.end && ln.next > ln.end) || ch < ln.next) return i;
  }
  return last;
}

/** Horizontal start of a line's text (alignment and scroll), client coordinates. */
function lineX(w: Window, s: EditState, l: Layout, ln: Line, t: string): number {
  const width = l.fmt.right - l.fmt.left;
  const tw = measure(l.font, t.slice(ln.start, ln.end));
  const align = w.style & 3;
  const off = align === ES.CENTER ? (width - tw) >> 1 : align === ES.RIGHT ? width - tw : 0;
  return l.fmt.left + Math.max(0, off) - s.xOffset;
}

function posFromChar(w: Window, s: EditState, l: Layout, ch: number): { x: number; y: number; line: number } {
  const t = shown(w, s);
  const i = lineOf(l, ch);
  const ln = l.lines[i]!;
  const x = lineX(w, s, l, ln, t) + measure(l.font, t.slice(ln.start, Math.min(ch, ln.end)));
  const y = l.fmt.top + (multi(w) ? (i - s.firstLine) * l.lineHeight : 0);
  return { x, y, line: i };
}

function charFromPos(w: Window, s: EditState, l: Layout, x: number, y: number): { ch: number; line: number } {
  const t = shown(w, s);
  let i = multi(w) ? s.firstLine + Math.floor((y - l.fmt.top) / l.lineHeight) : 0;
  i = Math.max(0, Math.min(l.lines.length - 1, i));
  const ln = l.lines[i]!;
  let px = lineX(w, s, l, ln, t);
  let ch = ln.start;
  while (ch < ln.end) {
    const adv = measure(l.font, t[ch]!);
    if (x < px + adv / 2) break;
    px += adv;
    ch++;
  }
  // A soft-wrapped line's trailing position is the next line's start: stay before the break.
  if (ch === ln.end && ln.next === ln.end && i + 1 < l.lines.length && ch > ln.start) ch--;
  return { ch, line: i };
}

function visibleLines(l: Layout): number {
  return Math.max(1, Math.floor((l.fmt.bottom - l.fmt.top) / l.lineHeight));
}

/** Scrolls so that the caret is visible (EM_SCROLLCARET, and after every move). */
function scrollCaret(g: Gwes, w: Window, s: EditState): void {
  const l = layoutOf(g, w, s);
  const t = shown(w, s);
  const i = lineOf(l, s.caret);
  if (multi(w)) {
    const vis = visibleLines(l);
    if (i < s.firstLine) s.firstLine = i;
    else if (i >= s.firstLine + vis) s.firstLine = i - vis + 1;
  }
  const ln = l.lines[i]!;
  const width = l.fmt.right - l.fmt.left;
  const cx = measure(l.font, t.slice(ln.start, Math.min(s.caret, ln.end)));
  const tw = measure(l.font, t.slice(ln.start, ln.end));
  if (tw <= width && (w.style & 3) !== ES.LEFT) s.xOffset = 0;
  else if (cx - s.xOffset > width) s.xOffset = cx - width + Math.floor(width / 3);
  else if (cx < s.xOffset) s.xOffset = Math.max(0, cx - Math.floor(width / 3));
  if (!(w.style & ES.AUTOHSCROLL) && !multi(w)) s.xOffset = 0;
}

function placeCaret(g: Gwes, w: Window, s: EditState): void {
  if (!s.focused) return;
  const c = caretState(g).caret;
  if (!c || c.hwnd !== w.hwnd) return;
  const l = layoutOf(g, w, s);
  const p = posFromChar(w, s, l, s.caret);
  setCaretPos(g, c, p.x, p.y);
}

function redraw(g: Gwes, w: Window): void {
  g.invalidate(w, undefined, true);
}

/** After the selection or text changed: scroll, caret, repaint. */
function moved(g: Gwes, w: Window, s: EditState): void {
  scrollCaret(g, w, s);
  placeCaret(g, w, s);
  redraw(g, w);
}

// ------------------------------------------------------------------ editing

function notify(cx: ApiContext, g: Gwes, w: Window, code: number, then: () => Returns<'i32'>): Returns<'i32'> {
  return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, code), w.hwnd, () => then());
}

/** EN_UPDATE then EN_CHANGE (the change is on the screen between the two, as the docs order them). */
function changed(cx: ApiContext, g: Gwes, w: Window, then: () => Returns<'i32'>): Returns<'i32'> {
  return notify(cx, g, w, EN.UPDATE, () => notify(cx, g, w, EN.CHANGE, then));
}

function convertCase(w: Window, t: string): string {
  return w.style & ES.UPPERCASE ? t.toUpperCase() : w.style & ES.LOWERCASE ? t.toLowerCase() : t;
}

/** Whether the text would fit the control's size rules (no ES_AUTOHSCROLL / ES_AUTOVSCROLL). */
function fits(g: Gwes, w: Window, s: EditState, text: string): boolean {
  const probe = { ...s, text };
  const l = layoutOf(g, w, probe);
  if (!multi(w)) return w.style & ES.AUTOHSCROLL ? true : measure(l.font, shown(w, probe)) <= l.fmt.right - l.fmt.left;
  return w.style & ES.AUTOVSCROLL ? true : l.lines.length <= visibleLines(l);
}

/**
 * Replaces the selection with `ins` (cut to the limit and the size rules). Returns whether anything
 * changed and whether the insert was cut (EN_MAXTEXT).
 */
function replaceSel(g: Gwes, w: Window, s: EditState, insRaw: string, undoable: boolean, typing: boolean): { changed: boolean; cut: boolean } {
  let ins = convertCase(w, insRaw);
  if (!multi(w)) ins = ins.replace(/\r?\n[\s\S]*$/, ''); // a single line takes the first line of a paste
  const a = lo(s);
  const b = hi(s);
  const room = Math.max(0, s.limit - (s.text.length - (b - a)));
  let cut = false;
  if (ins.length > room) {
    ins = ins.slice(0, room);
    cut = true;
  }
  while (ins.length && !fits(g, w, s, s.text.slice(0, a) + ins + s.text.slice(b))) {
    ins = ins.slice(0, -1);
    cut = true;
  }
  if (!ins.length && a === b) return { changed: false, cut };
  if (undoable) {
    if (!(typing && s.typingAt === a && a === b && s.undo)) s.undo = { text: s.text, anchor: s.anchor, caret: s.caret };
  } else s.undo = undefined;
  s.text = s.text.slice(0, a) + ins + s.text.slice(b);
  s.anchor = s.caret = a + ins.length;
  s.typingAt = typing ? s.caret : -1;
  s.modified = true;
  w.title = s.text;
  moved(g, w, s);
  return { changed: true, cut };
}

/** An edit from the user or EM_REPLACESEL: the change, EN_MAXTEXT when cut, EN_UPDATE + EN_CHANGE when changed. */
function edit(cx: ApiContext, g: Gwes, w: Window, s: EditState, ins: string, undoable: boolean, typing: boolean, then: () => Returns<'i32'>): Returns<'i32'> {
  const r = replaceSel(g, w, s, ins, undoable, typing);
  const after = () => (r.changed ? changed(cx, g, w, then) : then());
  return r.cut ? notify(cx, g, w, EN.MAXTEXT, after) : after();
}

function setSel(g: Gwes, w: Window, s: EditState, anchor: number, caret: number): void {
  const n = s.text.length;
  s.anchor = Math.max(0, Math.min(n, anchor));
  s.caret = Math.max(0, Math.min(n, caret));
  s.typingAt = -1;
  moved(g, w, s);
}

function copy(cx: ApiContext, w: Window, s: EditState): void {
  if (lo(s) === hi(s) || w.style & ES.PASSWORD) return; // a password is never copied (Windows' rule)
  putClipboardText(cx, w.hwnd, s.text.slice(lo(s), hi(s)));
}

function undo(cx: ApiContext, g: Gwes, w: Window, s: EditState, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  if (!s.undo || w.style & ES.READONLY) return then(0);
  const cur = { text: s.text, anchor: s.anchor, caret: s.caret };
  s.text = s.undo.text;
  s.anchor = s.undo.anchor;
  s.caret = s.undo.caret;
  s.undo = cur;
  s.typingAt = -1;
  s.modified = true;
  w.title = s.text;
  moved(g, w, s);
  return changed(cx, g, w, () => then(1));
}

/** Caret moves of the keyboard (LEFT/RIGHT/UP/DOWN/HOME/END), extending the selection with Shift. */
function moveKey(g: Gwes, w: Window, s: EditState, vk: number, shift: boolean, ctrl: boolean): void {
  const l = layoutOf(g, w, s);
  const i = lineOf(l, s.caret);
  const ln = l.lines[i]!;
  let c = s.caret;
  if (!shift && lo(s) !== hi(s) && (vk === VK.LEFT || vk === VK.RIGHT)) c = vk === VK.LEFT ? lo(s) : hi(s);
  else if (vk === VK.LEFT) c = c > 0 && s.text[c - 1] === '\n' && s.text[c - 2] === '\r' ? c - 2 : Math.max(0, c - 1);
  else if (vk === VK.RIGHT) c = s.text[c] === '\r' && s.text[c + 1] === '\n' ? c + 2 : Math.min(s.text.length, c + 1);
  else if (vk === VK.HOME) c = ctrl ? 0 : ln.start;
  else if (vk === VK.END) c = ctrl ? s.text.length : ln.end;
  else if ((vk === VK.UP || vk === VK.DOWN) && multi(w)) {
    const j = vk === VK.UP ? i - 1 : i + 1;
    if (j >= 0 && j < l.lines.length) {
      const p = posFromChar(w, s, l, s.caret);
      const y = l.fmt.top + (j - s.firstLine) * l.lineHeight;
      c = charFromPos(w, s, l, p.x, y).ch;
    }
  } else if (vk === VK.UP || vk === VK.DOWN) c = vk === VK.UP ? Math.max(0, c - 1) : Math.min(s.text.length, c + 1); // single-line: as LEFT/RIGHT
  setSel(g, w, s, shift ? s.anchor : c, c);
}

function onKeyDown(cx: ApiContext, g: Gwes, w: Window, s: EditState, vk: number): Returns<'i32'> {
  // GetKeyState's table: the modifier keys as of the key message being handled.
  const shift = isKeyDown(g, VK.SHIFT);
  const ctrl = isKeyDown(g, VK.CONTROL);
  const ro = (w.style & ES.READONLY) !== 0;
  switch (vk) {
    case VK.LEFT:
    case VK.RIGHT:
      if (ctrl) return moveWord(cx, g, w, s, vk === VK.RIGHT, shift);
      moveKey(g, w, s, vk, shift, ctrl);
      return 0;
    case VK.UP:
    case VK.DOWN:
    case VK.HOME:
    case VK.END:
      moveKey(g, w, s, vk, shift, ctrl);
      return 0;
    case VK.DELETE:
      if (shift) return cut(cx, g, w, s, () => 0);
      if (ro) return 0;
      if (lo(s) === hi(s)) {
        if (s.caret >= s.text.length) return 0;
        s.anchor = s.text[s.caret] === '\r' && s.text[s.caret + 1] === '\n' ? s.caret + 2 : s.caret + 1;
      }
      return edit(cx, g, w, s, '', true, false, () => 0);
    case VK.INSERT:
      if (ctrl) copy(cx, w, s);
      else if (shift) return paste(cx, g, w, s, () => 0);
      return 0;
    default:
      return 0;
  }
}

function cut(cx: ApiContext, g: Gwes, w: Window, s: EditState, then: () => Returns<'i32'>): Returns<'i32'> {
  if (w.style & ES.READONLY || w.style & ES.PASSWORD || lo(s) === hi(s)) return then();
  copy(cx, w, s);
  return edit(cx, g, w, s, '', true, false, then);
}

function paste(cx: ApiContext, g: Gwes, w: Window, s: EditState, then: () => Returns<'i32'>): Returns<'i32'> {
  if (w.style & ES.READONLY) return then();
  const t = clipboardText(cx);
  if (t === undefined) return then();
  return edit(cx, g, w, s, t, true, false, then);
}

function onChar(cx: ApiContext, g: Gwes, w: Window, s: EditState, ch: number): Returns<'i32'> {
  const ro = (w.style & ES.READONLY) !== 0;
  switch (ch) {
    case 0x03:
      copy(cx, w, s);
      return 0;
    case 0x16:
      return paste(cx, g, w, s, () => 0);
    case 0x18:
      return cut(cx, g, w, s, () => 0);
    case 0x1a:
      return undo(cx, g, w, s, () => 0);
    case VK.BACK:
      if (ro) return 0;
      if (lo(s) === hi(s)) {
        if (s.caret === 0) return 0;
        s.anchor = s.text[s.caret - 1] === '\n' && s.text[s.caret - 2] === '\r' ? s.caret - 2 : s.caret - 1;
      }
      return edit(cx, g, w, s, '', true, false, () => 0);
    case 0x0d:
      return multi(w) && !ro ? edit(cx, g, w, s, '\r\n', true, true, () => 0) : 0;
    case 0x09:
      return multi(w) && !ro ? edit(cx, g, w, s, '\t', true, true, () => 0) : 0;
    default:
      if (ch < 0x20 || ro) return 0;
      if (w.style & ES.NUMBER && (ch < 0x30 || ch > 0x39)) return 0; // CE refuses the character
      return edit(cx, g, w, s, String.fromCharCode(ch), true, true, () => 0);
  }
}

// ------------------------------------------------------------------ focus and mouse

function onSetFocus(cx: ApiContext, g: Gwes, w: Window, s: EditState): Returns<'i32'> {
  s.focused = true;
  scrollCaret(g, w, s);
  showNewCaret(g, w, s);
  redraw(g, w);
  return notify(cx, g, w, EN.SETFOCUS, () => 0);
}

function onKillFocus(cx: ApiContext, g: Gwes, w: Window, s: EditState): Returns<'i32'> {
  s.focused = false;
  s.tracking = false;
  if (caretState(g).caret?.hwnd === w.hwnd) destroyCaret(g);
  if (g.capture === w.hwnd) g.capture = 0;
  redraw(g, w);
  return notify(cx, g, w, EN.KILLFOCUS, () => 0);
}

const lpX = (lp: number) => (lp << 16) >> 16;
const lpY = (lp: number) => lp >> 16;

function onButtonDown(cx: ApiContext, g: Gwes, w: Window, s: EditState, wp: number, lp: number): Returns<'i32'> {
  const go = (): Returns<'i32'> => {
    const l = layoutOf(g, w, s);
    const { ch } = charFromPos(w, s, l, lpX(lp), lpY(lp));
    s.tracking = true;
    g.capture = w.hwnd;
    setSel(g, w, s, wp & MK_SHIFT ? s.anchor : ch, ch);
    return 0;
  };
  return s.focused ? go() : setFocus(cx, g, w, go);
}

/**
 * The default word-break procedure (Wine's EDIT_WordBreakProc, words separated by spaces): WB_LEFT is
 * the start of the word before `index` in the line `t`, WB_RIGHT the start of the next word (a word
 * takes its trailing spaces, as Windows selects them).
 */
function wordBreak(t: string, index: number, right: boolean): number {
  const count = t.length;
  if (!count) return 0;
  if (index) index--;
  if (!right) {
    if (t[index] === ' ') {
      while (index && t[index] === ' ') index--;
      if (index) {
        while (index && t[index] !== ' ') index--;
        if (t[index] === ' ') index++;
      }
    } else {
      while (index && t[index] !== ' ') index--;
      if (t[index] === ' ') index++;
    }
    return index;
  }
  if (t[index] === ' ') while (index < count && t[index] === ' ') index++;
  else {
    while (index < count && t[index] !== ' ') index++;
    while (index < count && t[index] === ' ') index++;
  }
  return index;
}

/**
 * The word-break procedure's answer for `line` (Wine's EDIT_CallWordBreakProc): the default one, or
 * the guest's EDITWORDBREAKPROC called with a heap copy of the line.
 */
function callWordBreak(cx: ApiContext, s: EditState, line: string, index: number, right: boolean, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  if (!s.wordBreakProc) return then(wordBreak(line, index, right));
  const heap = cx.machine.processHeap;
  const buf = heap.alloc(2 * line.length + 2);
  cx.mem.writeWstr(buf, line);
  return cx.callGuest(s.wordBreakProc, [buf, index, line.length, right ? WB_RIGHT : WB_LEFT], (r) => {
    heap.freeBlock(buf);
    return then(Math.max(0, Math.min(line.length, r | 0)));
  });
}

/** Ctrl+LEFT / Ctrl+RIGHT (Wine's EDIT_MoveWordBackward / EDIT_MoveWordForward). */
function moveWord(cx: ApiContext, g: Gwes, w: Window, s: EditState, right: boolean, shift: boolean): Returns<'i32'> {
  const l = layoutOf(g, w, s);
  const i = lineOf(l, s.caret);
  const ln = l.lines[i]!;
  const at = s.caret - ln.start;
  const go = (c: number): Returns<'i32'> => {
    setSel(g, w, s, shift ? s.anchor : c, c);
    return 0;
  };
  if (!right && at === 0) return go(i > 0 ? l.lines[i - 1]!.end : s.caret);
  if (right && at >= ln.end - ln.start) return go(multi(w) && i < l.lines.length - 1 ? l.lines[i + 1]!.start : s.caret);
  const line = s.text.slice(ln.start, ln.end);
  return callWordBreak(cx, s, line, right ? at + 1 : at, right, (r) => go(ln.start + r));
}

/**
 * A double click (Wine's EDIT_WM_LButtonDblClk): the word at the caret the first press placed is
 * selected (WB_LEFT..WB_RIGHT of its line) and the control keeps the pen until the release.
 */
function onDoubleClick(cx: ApiContext, g: Gwes, w: Window, s: EditState): Returns<'i32'> {
  s.tracking = true;
  g.capture = w.hwnd;
  const l = layoutOf(g, w, s);
  const ln = l.lines[lineOf(l, s.caret)]!;
  const line = s.text.slice(ln.start, ln.end);
  const at = s.caret - ln.start;
  return callWordBreak(cx, s, line, at, false, (a) =>
    callWordBreak(cx, s, line, at, true, (b) => {
      setSel(g, w, s, ln.start + a, ln.start + b);
      return 0;
    }),
  );
}

// ------------------------------------------------------------------ painting

function paintEdit(cx: ApiContext, g: Gwes, w: Window, s: EditState): Returns<'i32'> {
  const p = beginCtlPaint(cx, g, w);
  const disabled = (w.style & WS.DISABLED) !== 0;
  const msg = w.style & ES.READONLY || disabled ? WM_CTLCOLORSTATIC : WM_CTLCOLOREDIT;
  return ctlColor(cx, p, msg, (hbr, textColor) => {
    fillBrush(p, rect(0, 0, p.width, p.height), hbr);
    const l = layoutOf(g, w, s);
    const t = shown(w, s);
    const color = disabled ? g.sysColor(COLOR.GRAYTEXT) : textColor;
    const showSel = (s.focused || w.style & ES.NOHIDESEL) && lo(s) !== hi(s);
    const saved = p.dc.clip;
    p.dc.clip = [l.fmt];
    const first = multi(w) ? s.firstLine : 0;
    const last = multi(w) ? Math.min(l.lines.length, first + visibleLines(l) + 1) : 1;
    for (let i = first; i < last; i++) {
      const ln = l.lines[i]!;
      const y = l.fmt.top + (i - first) * l.lineHeight;
      let x = lineX(w, s, l, ln, t);
      const a = showSel ? Math.max(ln.start, Math.min(ln.end, lo(s))) : ln.end;
      const b = showSel ? Math.max(ln.start, Math.min(ln.end, hi(s))) : ln.end;
      const parts: [string, boolean][] = [
        [t.slice(ln.start, a), false],
        [t.slice(a, b), true],
        [t.slice(b, ln.end), false],
      ];
      for (const [seg, sel] of parts) {
        if (!seg) continue;
        const segW = measure(l.font, seg);
        if (sel) fill(p, rect(x, y, x + segW, y + l.lineHeight), g.sysColor(COLOR.HIGHLIGHT));
        text(p, l.font, x, y, seg.replace(/\t/g, ' '), sel ? g.sysColor(COLOR.HIGHLIGHTTEXT) : color);
        x += segW;
      }
    }
    p.dc.clip = saved;
    endCtlPaint(p);
    return 0;
  });
}

// ------------------------------------------------------------------ the window procedure

export function editProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const s = stateOf(w);
  const n = s.text.length;
  switch (msg) {
    case WM.CREATE:
      s.text = w.title;
      if (w.style & ES.PASSWORD && multi(w)) w.style &= ~ES.PASSWORD; // Windows: no password multi-line edits
      s.limit = DEFAULT_LIMIT;
      return 0;
    case WM_GETDLGCODE:
      return DLGC.WANTCHARS | DLGC.HASSETSEL | DLGC.WANTARROWS | (multi(w) ? DLGC.WANTALLKEYS : 0);
    case WM_SETFONT:
      s.font = wp;
      scrollCaret(g, w, s);
      if (s.focused) showNewCaret(g, w, s); // the caret takes the new line height
      if (lp) redraw(g, w);
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM.SETTEXT: {
      const t = lp ? cx.mem.wstr(lp, 0x10000) : '';
      s.text = convertCase(w, t);
      w.title = s.text;
      s.anchor = s.caret = 0;
      s.xOffset = 0;
      s.firstLine = 0;
      s.modified = false;
      s.undo = undefined;
      s.typingAt = -1;
      moved(g, w, s);
      // Wine's edit.c (matching Windows): no notification from WM_SETTEXT in a multi-line control.
      return multi(w) ? 1 : changed(cx, g, w, () => 1);
    }
    case WM.GETTEXTLENGTH:
      return n;
    case WM.GETTEXT: {
      if (wp === 0) return 0;
      const k = Math.min(n, wp - 1);
      cx.mem.writeWstr(lp, s.text.slice(0, k));
      return k;
    }
    case WM.SETFOCUS:
      return onSetFocus(cx, g, w, s);
    case WM.KILLFOCUS:
      return onKillFocus(cx, g, w, s);
    case WM.LBUTTONDOWN:
      return onButtonDown(cx, g, w, s, wp, lp);
    case WM_LBUTTONDBLCLK:
      return onDoubleClick(cx, g, w, s);
    case WM.MOUSEMOVE:
      if (s.tracking && g.capture === h) {
        const { ch } = charFromPos(w, s, layoutOf(g, w, s), lpX(lp), lpY(lp));
        if (ch !== s.caret) setSel(g, w, s, s.anchor, ch);
      }
      return 0;
    case WM.LBUTTONUP:
      if (s.tracking) {
        s.tracking = false;
        if (g.capture === h) g.capture = 0;
      }
      return 0;
    case WM_KEYDOWN:
      return onKeyDown(cx, g, w, s, wp);
    case WM.CHAR:
      return onChar(cx, g, w, s, wp);
    case WM_CUT:
      return cut(cx, g, w, s, () => 0);
    case WM_COPY:
      copy(cx, w, s);
      return 0;
    case WM_PASTE:
      return paste(cx, g, w, s, () => 0);
    case WM_CLEAR:
      if (w.style & ES.READONLY || lo(s) === hi(s)) return 0;
      return edit(cx, g, w, s, '', true, false, () => 0);
    case WM_UNDO:
    case EM.UNDO:
      return undo(cx, g, w, s, (r) => r);
    case WM.ENABLE:
      redraw(g, w);
      return 0;
    case WM.SIZE:
      scrollCaret(g, w, s);
      placeCaret(g, w, s);
      redraw(g, w);
      return 0;
    case WM.ERASEBKGND:
      return 1;
    case WM.PAINT:
      return paintEdit(cx, g, w, s);

    case EM.GETSEL:
      if (wp) cx.mem.setU32(wp, lo(s));
      if (lp) cx.mem.setU32(lp, hi(s));
      return packLong(Math.min(lo(s), 0xffff), Math.min(hi(s), 0xffff));
    case EM.SETSEL: {
      let a = wp | 0;
      let b = lp | 0;
      if (a === -1)
        a = b = s.caret; // deselect, caret stays
      else {
        if (a < 0) a = n;
        if (b < 0) b = n;
      }
      setSel(g, w, s, a, b);
      return 1;
    }
    case EM.REPLACESEL:
      return edit(cx, g, w, s, lp ? cx.mem.wstr(lp, 0x10000) : '', wp !== 0, false, () => 1);
    case EM.GETLINECOUNT:
      return multi(w) ? layoutOf(g, w, s).lines.length : 1;
    case EM.LINEINDEX: {
      if (!multi(w)) return (wp | 0) <= 0 ? 0 : -1;
      const l = layoutOf(g, w, s);
      const i = (wp | 0) === -1 ? lineOf(l, s.caret) : wp | 0;
      return i >= 0 && i < l.lines.length ? l.lines[i]!.start : -1;
    }
    case EM.LINELENGTH: {
      if (!multi(w)) return n;
      const l = layoutOf(g, w, s);
      if ((wp | 0) === -1) {
        // The unselected characters on the lines the selection touches.
        const a = l.lines[lineOf(l, lo(s))]!;
        const b = l.lines[lineOf(l, hi(s))]!;
        return lo(s) - a.start + (b.end - hi(s));
      }
      if ((wp | 0) > n) return 0;
      const ln = l.lines[lineOf(l, wp | 0)]!;
      return ln.end - ln.start;
    }
    case EM.GETLINE: {
      const max = cx.mem.u16(lp);
      let line = s.text;
      if (multi(w)) {
        const l = layoutOf(g, w, s);
        const ln = l.lines[wp | 0];
        if (!ln) return 0;
        line = s.text.slice(ln.start, ln.end);
      }
      const k = Math.min(max, line.length);
      // The copied line is not NUL-terminated (EM_GETLINE documentation).
      for (let i = 0; i < k; i++) cx.mem.setU16(lp + 2 * i, line.charCodeAt(i));
      return k;
    }
    case EM.LIMITTEXT: {
      s.limit = wp === 0 ? (multi(w) ? 0xffff_ffff : 0x7fff_fffe) : wp >>> 0;
      return 0;
    }
    case EM.GETLIMITTEXT:
      return s.limit >>> 0;
    case EM.GETMODIFY:
      return s.modified ? 1 : 0;
    case EM.SETMODIFY:
      s.modified = wp !== 0;
      return 0;
    case EM.CANUNDO:
      return s.undo ? 1 : 0;
    case EM.EMPTYUNDOBUFFER:
      s.undo = undefined;
      s.typingAt = -1;
      return 0;
    case EM.SETREADONLY:
      w.style = wp ? w.style | ES.READONLY : w.style & ~ES.READONLY;
      redraw(g, w);
      return 1;
    case EM.SCROLLCARET:
      moved(g, w, s);
      return 1;
    case EM.LINEFROMCHAR: {
      if (!multi(w)) return 0;
      const l = layoutOf(g, w, s);
      return lineOf(l, (wp | 0) === -1 ? s.caret : Math.min(wp >>> 0, n));
    }
    case EM.POSFROMCHAR: {
      if (wp > n) return -1;
      const p = posFromChar(w, s, layoutOf(g, w, s), wp);
      return packLong(p.x, p.y);
    }
    case EM.CHARFROMPOS: {
      const r = charFromPos(w, s, layoutOf(g, w, s), lpX(lp), lpY(lp));
      return packLong(r.ch, r.line);
    }
    case EM.SETPASSWORDCHAR:
      if (multi(w)) return 0;
      s.passwordChar = wp & 0xffff;
      w.style = wp ? w.style | ES.PASSWORD : w.style & ~ES.PASSWORD;
      moved(g, w, s);
      return 1;
    case EM.GETPASSWORDCHAR:
      return w.style & ES.PASSWORD ? s.passwordChar : 0;
    case EM.GETFIRSTVISIBLELINE: {
      if (multi(w)) return s.firstLine;
      // Single-line: the first visible character.
      const l = layoutOf(g, w, s);
      return charFromPos(w, s, l, l.fmt.left, l.fmt.top).ch;
    }
    case EM.SETMARGINS: {
      const font = controlFont(g, s.font);
      const fromFont = (v: number) => (v === EC_USEFONTINFO ? Math.floor(font.aveCharWidth / 2) : v);
      if (wp & EC_LEFTMARGIN) s.leftMargin = wp === EC_USEFONTINFO ? fromFont(EC_USEFONTINFO) : fromFont(lp & 0xffff);
      if (wp & EC_RIGHTMARGIN) s.rightMargin = wp === EC_USEFONTINFO ? fromFont(EC_USEFONTINFO) : fromFont(lp >>> 16);
      moved(g, w, s);
      return 0;
    }
    case EM.GETMARGINS:
      return packLong(s.leftMargin, s.rightMargin);
    case EM.GETRECT: {
      const f = layoutOf(g, w, s).fmt;
      cx.mem.check(lp, 16, 'write');
      [f.left, f.top, f.right, f.bottom].forEach((v, i) => cx.mem.setU32(lp + 4 * i, v >>> 0));
      return 0;
    }
    case EM.SETRECT:
    case EM.SETRECTNP: {
      if (!multi(w)) return 0;
      if (!lp) s.fmt = undefined;
      else {
        cx.mem.check(lp, 16);
        s.fmt = rect(cx.mem.i32(lp), cx.mem.i32(lp + 4), cx.mem.i32(lp + 8), cx.mem.i32(lp + 12));
      }
      if (msg === EM.SETRECT) redraw(g, w);
      scrollCaret(g, w, s);
      placeCaret(g, w, s);
      return 0;
    }
    case EM.LINESCROLL: {
      if (!multi(w)) return 0;
      const l = layoutOf(g, w, s);
      s.firstLine = Math.max(0, Math.min(l.lines.length - 1, s.firstLine + (lp | 0)));
      s.xOffset = Math.max(0, s.xOffset + (wp | 0) * l.font.aveCharWidth);
      placeCaret(g, w, s);
      redraw(g, w);
      return 1;
    }
    case EM.SCROLL: {
      if (!multi(w)) return 0;
      const l = layoutOf(g, w, s);
      const vis = visibleLines(l);
      const d = { [SB.LINEUP]: -1, [SB.LINEDOWN]: 1, [SB.PAGEUP]: -vis, [SB.PAGEDOWN]: vis }[wp & 0xffff];
      if (d === undefined) return 0;
      const old = s.firstLine;
      s.firstLine = Math.max(0, Math.min(Math.max(0, l.lines.length - vis), s.firstLine + d));
      placeCaret(g, w, s);
      redraw(g, w);
      return (0x1_0000 | ((s.firstLine - old) & 0xffff)) >>> 0;
    }
    case EM.SETWORDBREAKPROC:
      s.wordBreakProc = lp >>> 0;
      return 0;
    case EM.GETWORDBREAKPROC:
      return s.wordBreakProc;
    case EM.FMTLINES:
      return wp ? 1 : 0; // soft breaks stay invisible in the text wmemu keeps (no CR CR LF inserted)
    case EM.SETHANDLE:
    case EM.GETHANDLE:
    case EM.GETTHUMB:
    case EM.SETTABSTOPS:
      throw new UnimplementedFeature(`EDIT message 0x${msg.toString(16)}`);
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

/** A new caret (1 px wide, the line height) at the insertion point, shown. */
function showNewCaret(g: Gwes, w: Window, s: EditState): void {
  const l = layoutOf(g, w, s);
  createCaret(g, w, w.thread, 1, l.lineHeight);
  const c = caretState(g).caret!;
  const p = posFromChar(w, s, l, s.caret);
  setCaretPos(g, c, p.x, p.y);
  showCaret(g, c);
}
