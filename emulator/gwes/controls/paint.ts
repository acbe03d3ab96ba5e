/**
 * Drawing helpers of the built-in controls (BUTTON, STATIC): a BeginPaint-like DC for the control's
 * update area, and solid fills, frames and text in client coordinates through the GDI engine. CE's
 * controls are flat (../shared/reference/gui README: 1 px black borders on push buttons and check
 * boxes, a group box is one black line broken by its title, bilevel Tahoma text).
 */
import type { ApiContext } from '../../core/api/context.js';
import type { Returns } from '../../core/api/declare.js';
import { patBlt } from '../../gdi/draw.js';
import { clipOf, type DcObj } from '../../gdi/objects.js';
import { intersectRegion, normalize, rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import type { ColorRef, Rect } from '../../gdi/surface.js';
import { SYSTEM_LOGFONT, type RealFont } from '../../gdi/text.js';
import { ellipseSpans } from '../../gdi/shapes.js';
import { windowDc } from '../../dlls/coredll/paint.js';
import { fillRegionWithBrush, resolveColor } from '../../dlls/coredll/gdi.js';
import { send } from '../../dlls/coredll/winpos.js';
import { COLOR } from '../sysmetrics.js';
import { WM, type Gwes, type Window } from '../wm.js';
import { syncCaret } from '../caret.js';

export const WM_CTLCOLORSTATIC = 0x0138;
export const WM_CTLCOLORBTN = 0x0135;
export const WM_CTLCOLORDLG = 0x0136;
export const WM_SETFONT = 0x0030;
export const WM_GETFONT = 0x0031;
export const WM_GETDLGCODE = 0x0087;

/** A control being painted: its DC (clipped to the update area, validated) and client size. */
export interface CtlPaint {
  g: Gwes;
  w: Window;
  hdc: number;
  dc: DcObj;
  width: number;
  height: number;
}

export function beginCtlPaint(cx: ApiContext, g: Gwes, w: Window): CtlPaint {
  const area = normalize(intersectRegion(w.update, g.visibleRegion(w, true)));
  g.validate(w, undefined);
  const hdc = windowDc(cx, g, w, false, area);
  const c = g.clientRect(w);
  return { g, w, hdc, dc: g.gdi.dc(hdc)!, width: c.right - c.left, height: c.bottom - c.top };
}

export function endCtlPaint(p: CtlPaint): void {
  p.g.gdi.delete(p.hdc);
  p.g.display.changed();
  syncCaret(p.g);
}

/** Solid fill of a client rectangle. */
export function fill(p: CtlPaint, r: Rect, color: ColorRef): void {
  const s = p.g.display.surface;
  const dev = rect(r.left + p.dc.orgX, r.top + p.dc.orgY, r.right + p.dc.orgX, r.bottom + p.dc.orgY);
  patBlt(s, { clip: clipOf(p.dc, s), textColor: 0, bkColor: 0 }, dev, { kind: 'solid', color }, ROP.PATCOPY);
}

export function fillBrush(p: CtlPaint, r: Rect, hbr: number): void {
  fillRegionWithBrush(p.g, p.dc, [r], hbr);
}

/** A frame `t` pixels thick just inside r. */
export function frame(p: CtlPaint, r: Rect, color: ColorRef, t = 1): void {
  fill(p, rect(r.left, r.top, r.right, r.top + t), color);
  fill(p, rect(r.left, r.bottom - t, r.right, r.bottom), color);
  fill(p, rect(r.left, r.top + t, r.left + t, r.bottom - t), color);
  fill(p, rect(r.right - t, r.top + t, r.right, r.bottom - t), color);
}

/** A filled ellipse in r (the GDI engine's spans). */
export function ellipse(p: CtlPaint, r: Rect, color: ColorRef): void {
  for (const s of ellipseSpans(r)) fill(p, rect(s.l, s.y, s.r, s.y + 1), color);
}

/** The font a control draws with: its WM_SETFONT font, else the system font (Tahoma -12 on CE). */
export function controlFont(g: Gwes, hfont: number): RealFont {
  const o = hfont ? g.gdi.get(hfont) : undefined;
  return g.fonts.realize(o?.type === 'font' ? o.log : SYSTEM_LOGFONT);
}

/** Text with its top-left at (x, y), in client coordinates; '&' prefixes are removed (the mnemonic is not underlined). */
export function text(p: CtlPaint, font: RealFont, x: number, y: number, s: string, color: ColorRef): void {
  const surf = p.g.display.surface;
  font.draw(surf, { clip: clipOf(p.dc, surf), textColor: color, bkColor: 0 }, s, x + p.dc.orgX, y + font.ascent + p.dc.orgY, color);
}

/** Removes mnemonic prefixes: "&OK" -> "OK", "&&" -> "&". */
export function stripPrefix(s: string): string {
  return s.replace(/&(.)/g, '$1');
}

/** Where the mnemonic character ("&x") is in the text stripPrefix gives, -1 without one. */
export function mnemonicIndex(s: string): number {
  let out = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '&' && i + 1 < s.length) {
      if (s[i + 1] !== '&') return out;
      i++;
    }
    out++;
  }
  return -1;
}

/**
 * Text with its mnemonic underlined, as CE 5 draws control labels (measured on the reference crop:
 * the "&Date:", "&Read only", "C&urrent" underlines run one pixel below the baseline under the whole
 * advance of the character). `raw` keeps its '&' prefixes.
 */
export function labelText(p: CtlPaint, font: RealFont, x: number, y: number, raw: string, color: ColorRef): void {
  const t = stripPrefix(raw);
  text(p, font, x, y, t, color);
  underline(p, font, x, y, t, mnemonicIndex(raw), color);
}

/** The mnemonic underline under t[i] of a line drawn at (x, y) (nothing for i outside the line). */
export function underline(p: CtlPaint, font: RealFont, x: number, y: number, t: string, i: number, color: ColorRef): void {
  if (i < 0 || i >= t.length) return;
  const ux = x + font.measure(t.slice(0, i)).width;
  fill(p, rect(ux, y + font.ascent + 1, ux + font.advance(t.charCodeAt(i)), y + font.ascent + 2), color);
}

/**
 * Asks the parent for the control's colours (WM_CTLCOLORSTATIC / WM_CTLCOLORBTN with the paint DC):
 * `then` gets the background brush (the parent's answer, else the default of DefWindowProc) with the
 * DC's text and background colours as the parent left them.
 */
export function ctlColor(
  cx: ApiContext,
  p: CtlPaint,
  msg: number,
  then: (hbr: number, textColor: ColorRef, bkColor: ColorRef) => Returns<'i32'>,
): Returns<'i32'> {
  const parent = p.g.window(p.w.parent);
  const finish = (hbr: number) => then(hbr || defaultCtlColor(p.g, p.dc, msg), resolveColor(p.g, p.dc.textColor), resolveColor(p.g, p.dc.bkColor));
  if (!parent) return finish(0);
  return send(cx, p.g, parent, msg, p.hdc, p.w.hwnd, (r) => finish(r >>> 0));
}

/**
 * DefWindowProc's answer to WM_CTLCOLOR*: CE's static colours for statics, buttons and dialogs
 * (COLOR_STATICTEXT on COLOR_STATIC, the colours CE added for them), window colours for edits and
 * list boxes; the DC's colours are set and the system colour brush returned.
 */
export function defaultCtlColor(g: Gwes, dc: DcObj, msg: number): number {
  const edit = msg === 0x0133 || msg === 0x0134; // WM_CTLCOLOREDIT, WM_CTLCOLORLISTBOX
  dc.textColor = g.sysColor(edit ? COLOR.WINDOWTEXT : COLOR.STATICTEXT);
  dc.bkColor = g.sysColor(edit ? COLOR.WINDOW : COLOR.STATIC);
  return g.sysColorBrush(edit ? COLOR.WINDOW : COLOR.STATIC);
}

/** Sends a message to the control's parent (WM_COMMAND notifications, WM_DRAWITEM). */
export function toParent(cx: ApiContext, g: Gwes, w: Window, msg: number, wp: number, lp: number, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  const parent = g.window(w.parent);
  return parent ? send(cx, g, parent, msg, wp, lp, then) : then(0);
}

export const notifyCode = (id: number, code: number): number => ((id & 0xffff) | ((code & 0xffff) << 16)) >>> 0;
export { WM };
