/**
 * CE's non-client area, laid out, drawn and hit-tested by wmemu itself: CE sends no non-client
 * messages to applications (no WM_NCPAINT, WM_NCCALCSIZE, WM_NCHITTEST), GWES draws the frame, the
 * caption and its buttons. Layout and pixels follow the CE 5 reference crops (sysmetrics.ts NC):
 *
 *   WS_BORDER (in WS_CAPTION): a 1 px frame in COLOR_WINDOWFRAME.
 *   WS_EX_DLGMODALFRAME (a dialog's DS_MODALFRAME, dialogs.ts): inside that frame a 2 px raised edge
 *     (DrawEdge's EDGE_RAISED: outer white / black, inner white / shadow; bottom and right own the
 *     corners), the caption and client area inside it. Measured on both CE 5 dialog crops (properties
 *     dialog, property sheet): black, white, white at the top and left; shadow, black, black at the
 *     right and bottom. The top-level window of the calculator crop (no DS_MODALFRAME) has the 1 px
 *     frame alone. Windows draws the same frame for the same style bit (Wine's NC_DrawFrame,
 *     HAS_DLGFRAME).
 *   WS_CAPTION: a 22 px band in COLOR_ACTIVECAPTION (inactive: COLOR_INACTIVECAPTION) with the title
 *     in bold Tahoma 12 px (COLOR_CAPTIONTEXT), then a 1 px COLOR_WINDOWFRAME line one pixel wider than
 *     the band at the right (over a dialog frame's inner right edge, as the crops show); caption buttons
 *     from the right: X (WS_SYSMENU), OK (WS_EX_CAPTIONOKBTN), ? (WS_EX_CONTEXTHELP), 21x21, 4 px
 *     apart, 2 px from the frame, flat 3D (outer top/left shadow, outer bottom/right frame colour,
 *     inner top/left 3D light, inner bottom/right shadow, face BTNFACE) with the glyphs of the crops.
 *   WS_EX_CLIENTEDGE: a 2 px sunken edge; WS_EX_STATICEDGE / WS_EX_WINDOWEDGE... : 1 px shadow edge.
 */
import { patBlt, type DrawState } from '../gdi/draw.js';
import { ROP } from '../gdi/rop.js';
import { rect, type Region } from '../gdi/region.js';
import type { ColorRef, Rect, Surface } from '../gdi/surface.js';
import { realize, SYSTEM_LOGFONT } from '../gdi/text.js';
import { COLOR, NC } from './sysmetrics.js';
import { paintBar, SB, SCROLLBAR_SIZE, type BarPainter, type ScrollBar } from './scrollbar.js';

export const WS = {
  OVERLAPPED: 0,
  POPUP: 0x8000_0000,
  CHILD: 0x4000_0000,
  VISIBLE: 0x1000_0000,
  DISABLED: 0x0800_0000,
  CLIPSIBLINGS: 0x0400_0000,
  CLIPCHILDREN: 0x0200_0000,
  CAPTION: 0x00c0_0000,
  BORDER: 0x0080_0000,
  DLGFRAME: 0x0040_0000,
  VSCROLL: 0x0020_0000,
  HSCROLL: 0x0010_0000,
  SYSMENU: 0x0008_0000,
  GROUP: 0x0002_0000,
  TABSTOP: 0x0001_0000,
} as const;

export const WS_EX = {
  DLGMODALFRAME: 0x0000_0001,
  TOPMOST: 0x0000_0008,
  WINDOWEDGE: 0x0000_0100,
  CLIENTEDGE: 0x0000_0200,
  CONTEXTHELP: 0x0000_0400,
  STATICEDGE: 0x0002_0000,
  NOACTIVATE: 0x0800_0000,
  CAPTIONOKBTN: 0x8000_0000,
} as const;

/** Hit-test codes (WM_NCHITTEST values, used internally). */
export const HT = { NOWHERE: 0, CLIENT: 1, CAPTION: 2, HSCROLL: 6, VSCROLL: 7, BORDER: 18, HELP: 21, CLOSE: 20, OK: 0x100 } as const;

export interface NcLayout {
  /** Client rectangle relative to the window's top-left. */
  client: Rect;
  /** The whole frame's thickness: the 1 px border and the dialog frame's raised edge inside it. */
  border: number;
  /** The dialog frame's raised edge (WS_EX_DLGMODALFRAME), 0 without. */
  dlgEdge: number;
  edge: number;
  caption: Rect | undefined;
  buttons: { kind: 'close' | 'ok' | 'help'; rect: Rect }[];
  /** The WS_VSCROLL / WS_HSCROLL bars (inside the border and the client edge, beside the client area). */
  vscroll: Rect | undefined;
  hscroll: Rect | undefined;
}

export function hasCaption(style: number): boolean {
  return (style & WS.CAPTION) === WS.CAPTION;
}

export function layout(style: number, exStyle: number, w: number, h: number): NcLayout {
  const dlgEdge = exStyle & WS_EX.DLGMODALFRAME ? NC.dlgEdge : 0;
  const border = (style & WS.BORDER || style & WS.DLGFRAME ? NC.border : 0) + dlgEdge;
  const edge = exStyle & WS_EX.CLIENTEDGE ? NC.clientEdge : exStyle & WS_EX.STATICEDGE ? NC.staticEdge : 0;
  let top = border;
  let caption: Rect | undefined;
  const buttons: NcLayout['buttons'] = [];
  if (hasCaption(style)) {
    caption = rect(border, border, w - border, border + NC.captionBand);
    top += NC.captionBand + NC.captionLine;
    const kinds: ('close' | 'ok' | 'help')[] = [];
    if (style & WS.SYSMENU) kinds.push('close');
    if (exStyle & WS_EX.CAPTIONOKBTN) kinds.push('ok');
    if (exStyle & WS_EX.CONTEXTHELP) kinds.push('help');
    let right = w - border - NC.buttonRight;
    for (const kind of kinds) {
      buttons.push({ kind, rect: rect(right - NC.buttonSize, border + 1, right, border + 1 + NC.buttonSize) });
      right -= NC.buttonSize + NC.buttonGap;
    }
  }
  let right = Math.max(border + edge, w - border - edge);
  let bottom = Math.max(top + edge, h - border - edge);
  // Scroll bars take their thickness from the client side (Windows' and CE's WM_NCCALCSIZE order: frame,
  // caption, client edge, then the bars), as far as there is room.
  const vs = style & WS.VSCROLL ? Math.min(SCROLLBAR_SIZE, right - border - edge) : 0;
  const hs = style & WS.HSCROLL ? Math.min(SCROLLBAR_SIZE, bottom - top - edge) : 0;
  right -= vs;
  bottom -= hs;
  const vscroll = style & WS.VSCROLL ? rect(right, top + edge, right + vs, bottom) : undefined;
  const hscroll = style & WS.HSCROLL ? rect(border + edge, bottom, right, bottom + hs) : undefined;
  const client = rect(border + edge, top + edge, right, bottom);
  return { client, border, dlgEdge, edge, caption, buttons, vscroll, hscroll };
}

/** The glyphs of the caption buttons (17x17 inside the 2 px edges), from the reference crops. */
const GLYPHS: Record<'close' | 'ok' | 'help', string[]> = {
  help: ['', '', '', '.....######', '....##...###', '....##...###', '........###', '.......###', '.......##', '.......##', '', '.......##', '.......##'],
  close: [
    '',
    '',
    '',
    '',
    '....#......#',
    '....##....##',
    '.....##..##',
    '......####',
    '.......##',
    '......####',
    '.....##..##',
    '....##....##',
    '....#......#',
  ],
  ok: [
    '',
    '',
    '',
    '...###...##...##',
    '..#####..##...##',
    '.##...##.##..##',
    '.##...##.##.###',
    '.##...##.#####',
    '.##...##.#####',
    '.##...##.##.###',
    '.##...##.##..##',
    '..#####..##...##',
    '...###...##...##',
  ],
};

export interface NcPainter {
  surface: Surface;
  clip: Region;
  color(index: number): ColorRef;
}

function fill(p: NcPainter, r: Rect, color: ColorRef): void {
  const st: DrawState = { clip: p.clip, textColor: 0, bkColor: 0xffffff };
  patBlt(p.surface, st, r, { kind: 'solid', color }, ROP.PATCOPY);
}

/** Draws the non-client area of a window whose top-left is at (x, y) on the surface. */
export function paintNonClient(
  p: NcPainter,
  x: number,
  y: number,
  w: number,
  h: number,
  style: number,
  exStyle: number,
  title: string,
  active: boolean,
  bar?: (which: number) => ScrollBar,
): void {
  const l = layout(style, exStyle, w, h);
  const at = (r: Rect) => rect(r.left + x, r.top + y, r.right + x, r.bottom + y);
  if (bar && (l.vscroll || l.hscroll)) {
    const bp: BarPainter = { fill: (r, c) => fill(p, r, c), color: (i) => p.color(i), ox: 0, oy: 0 };
    if (l.vscroll) paintBar(bp, bar(SB.VERT), at(l.vscroll), true);
    if (l.hscroll) paintBar(bp, bar(SB.HORZ), at(l.hscroll), false);
    // The corner between both bars: COLOR_BTNFACE (Windows' size box area without a grip).
    if (l.vscroll && l.hscroll) fill(p, at(rect(l.vscroll.left, l.hscroll.top, l.vscroll.right, l.hscroll.bottom)), p.color(COLOR.BTNFACE));
  }
  const thin = l.border - l.dlgEdge;
  if (thin) {
    const c = p.color(COLOR.WINDOWFRAME);
    fill(p, rect(x, y, x + w, y + 1), c);
    fill(p, rect(x, y + h - 1, x + w, y + h), c);
    fill(p, rect(x, y, x + 1, y + h), c);
    fill(p, rect(x + w - 1, y, x + w, y + h), c);
  }
  if (l.dlgEdge) {
    // EDGE_RAISED in DrawEdge's colours (coredll/drawedge.ts, from CE 6's gwes.dll): the outer top/left is the
    // stock WHITE_BRUSH, not a system colour; outer border then inner one, each: top/left, then bottom/right over
    // the shared corners.
    const pairs: [ColorRef, ColorRef][] = [
      [0xffffff, p.color(COLOR.DKSHADOW3D)],
      [p.color(COLOR.BTNHIGHLIGHT), p.color(COLOR.BTNSHADOW)],
    ];
    pairs.forEach(([tl, br], i) => {
      const o = rect(x + thin + i, y + thin + i, x + w - thin - i, y + h - thin - i);
      fill(p, rect(o.left, o.top, o.right, o.top + 1), tl);
      fill(p, rect(o.left, o.top, o.left + 1, o.bottom), tl);
      fill(p, rect(o.left, o.bottom - 1, o.right, o.bottom), br);
      fill(p, rect(o.right - 1, o.top, o.right, o.bottom), br);
    });
  }
  if (l.caption) {
    const cap = at(l.caption);
    fill(p, cap, p.color(active ? COLOR.ACTIVECAPTION : COLOR.INACTIVECAPTION));
    fill(p, rect(cap.left, cap.bottom, Math.min(cap.right + 1, x + w), cap.bottom + NC.captionLine), p.color(COLOR.WINDOWFRAME));
    if (title) {
      const font = realize({ ...SYSTEM_LOGFONT, weight: 700 });
      const textClip = {
        left: cap.left,
        top: cap.top,
        right: l.buttons.length ? at(l.buttons[l.buttons.length - 1]!.rect).left : cap.right,
        bottom: cap.bottom,
      };
      const st: DrawState = { clip: p.clip.map((c) => intersectR(c, textClip)), textColor: 0, bkColor: 0 };
      const baseline = cap.top + Math.floor((NC.captionBand - font.height) / 2) + font.ascent;
      font.draw(p.surface, st, title, cap.left + NC.titleX, baseline, p.color(active ? COLOR.CAPTIONTEXT : COLOR.INACTIVECAPTIONTEXT));
    }
    for (const b of l.buttons) drawCaptionButton(p, at(b.rect), b.kind, false);
  }
  if (l.edge) {
    // The edge encloses the client area and its scroll bars.
    const c = at(rect(l.client.left, l.client.top, l.vscroll?.right ?? l.client.right, l.hscroll?.bottom ?? l.client.bottom));
    const o = rect(c.left - l.edge, c.top - l.edge, c.right + l.edge, c.bottom + l.edge);
    const sh = p.color(COLOR.BTNSHADOW);
    if (l.edge === 1) {
      fill(p, rect(o.left, o.top, o.right, o.top + 1), sh);
      fill(p, rect(o.left, o.bottom - 1, o.right, o.bottom), sh);
      fill(p, rect(o.left, o.top, o.left + 1, o.bottom), sh);
      fill(p, rect(o.right - 1, o.top, o.right, o.bottom), sh);
    } else {
      // Sunken: outer shadow/highlight, inner frame/light.
      const hi = p.color(COLOR.BTNHIGHLIGHT);
      fill(p, rect(o.left, o.top, o.right - 1, o.top + 1), sh);
      fill(p, rect(o.left, o.top, o.left + 1, o.bottom - 1), sh);
      fill(p, rect(o.left, o.bottom - 1, o.right, o.bottom), hi);
      fill(p, rect(o.right - 1, o.top, o.right, o.bottom), hi);
      const i = rect(o.left + 1, o.top + 1, o.right - 1, o.bottom - 1);
      const dk = p.color(COLOR.DKSHADOW3D);
      const lt = p.color(COLOR.LIGHT3D);
      fill(p, rect(i.left, i.top, i.right - 1, i.top + 1), dk);
      fill(p, rect(i.left, i.top, i.left + 1, i.bottom - 1), dk);
      fill(p, rect(i.left, i.bottom - 1, i.right, i.bottom), lt);
      fill(p, rect(i.right - 1, i.top, i.right, i.bottom), lt);
    }
  }
}

function intersectR(a: Rect, b: Rect): Rect {
  return { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
}

export function drawCaptionButton(p: NcPainter, r: Rect, kind: 'close' | 'ok' | 'help', pressed: boolean): void {
  const sh = p.color(COLOR.BTNSHADOW);
  const fr = p.color(COLOR.WINDOWFRAME);
  const lt = p.color(COLOR.LIGHT3D);
  const { left: x0, top: y0, right: x1, bottom: y1 } = r;
  fill(p, rect(x0, y0, x1, y1), p.color(COLOR.BTNFACE));
  // Outer edge: top/left shadow, bottom/right frame; inner: top/left light, bottom/right shadow (pressed: swapped).
  fill(p, rect(x0, y0, x1 - 1, y0 + 1), pressed ? fr : sh);
  fill(p, rect(x0, y0, x0 + 1, y1 - 1), pressed ? fr : sh);
  fill(p, rect(x1 - 1, y0, x1, y1), pressed ? sh : fr);
  fill(p, rect(x0, y1 - 1, x1, y1), pressed ? sh : fr);
  fill(p, rect(x0 + 1, y0 + 1, x1 - 2, y0 + 2), pressed ? sh : lt);
  fill(p, rect(x0 + 1, y0 + 1, x0 + 2, y1 - 2), pressed ? sh : lt);
  fill(p, rect(x1 - 2, y0 + 1, x1 - 1, y1 - 1), pressed ? lt : sh);
  fill(p, rect(x0 + 1, y1 - 2, x1 - 1, y1 - 1), pressed ? lt : sh);
  const ink = p.color(COLOR.BTNTEXT);
  const d = pressed ? 1 : 0;
  GLYPHS[kind].forEach((row, j) => {
    for (let i = 0; i < row.length; i++) if (row[i] === '#') fill(p, rect(x0 + 2 + i + d, y0 + 2 + j + d, x0 + 3 + i + d, y0 + 3 + j + d), ink);
  });
}

/** Hit-test of a point relative to the window's top-left. */
export function hitTest(style: number, exStyle: number, w: number, h: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= w || y >= h) return HT.NOWHERE;
  const l = layout(style, exStyle, w, h);
  const inside = (r: Rect) => x >= r.left && x < r.right && y >= r.top && y < r.bottom;
  if (inside(l.client)) return HT.CLIENT;
  if (l.vscroll && inside(l.vscroll)) return HT.VSCROLL;
  if (l.hscroll && inside(l.hscroll)) return HT.HSCROLL;
  for (const b of l.buttons) if (inside(b.rect)) return b.kind === 'close' ? HT.CLOSE : b.kind === 'help' ? HT.HELP : HT.OK;
  if (l.caption && inside(l.caption)) return HT.CAPTION;
  return HT.BORDER;
}
