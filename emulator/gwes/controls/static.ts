/**
 * The built-in STATIC class: text (SS_LEFT, SS_CENTER, SS_RIGHT word-wrapped; SS_LEFTNOWORDWRAP one
 * line per hard break, clipped), rectangles and frames (SS_BLACKRECT/GRAYRECT/WHITERECT,
 * SS_BLACKFRAME/GRAYFRAME/WHITEFRAME), SS_BITMAP through STM_SETIMAGE, SS_NOPREFIX, SS_CENTERIMAGE
 * (text centred vertically) and SS_NOTIFY (STN_CLICKED in WM_COMMAND on a click). Text statics ask
 * their parent for colours with WM_CTLCOLORSTATIC (default: COLOR_STATICTEXT on COLOR_STATIC, CE's
 * static colours). Following the Win32 static control documentation and Wine's dlls/user32/static.c;
 * the colours of the rectangle styles are CE's: black = COLOR_WINDOWFRAME, gray = COLOR_BTNSHADOW,
 * white = COLOR_WINDOW.
 *
 * SS_ICON and SS_BITMAP: the window name names the image resource (a string, "#id", or MAKEINTRESOURCE —
 * what the dialog manager passes for a template title given by ordinal), loaded on WM_CREATE from the
 * creating instance (an icon missing there: the system icon of that id, as Wine's STATIC_LoadIconW); the
 * control sizes itself to the image unless SS_CENTERIMAGE ("the nWidth and nHeight parameters are
 * ignored; the icon automatically sizes itself": the CE STATIC page). STM_SETICON / STM_GETICON and
 * STM_SETIMAGE / STM_GETIMAGE with IMAGE_ICON or IMAGE_BITMAP replace or read the image; the icon is
 * drawn as DrawIconEx DI_NORMAL does, at the top left (centred with SS_CENTERIMAGE) over the
 * WM_CTLCOLORSTATIC brush.
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { iconsOf, resourceImages } from '../icons.js';
import { bitBlt } from '../../gdi/draw.js';
import { clipOf } from '../../gdi/objects.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import { wrap } from '../../gdi/text.js';
import { COLOR } from '../sysmetrics.js';
import { WS } from '../nonclient.js';
import { gwesOf, type Window } from '../wm.js';
import { DLGC } from './button.js';
import {
  beginCtlPaint,
  controlFont,
  ctlColor,
  endCtlPaint,
  fill,
  fillBrush,
  frame,
  mnemonicIndex,
  notifyCode,
  stripPrefix,
  text,
  toParent,
  underline,
  WM,
  WM_CTLCOLORSTATIC,
  WM_GETDLGCODE,
  WM_GETFONT,
  WM_SETFONT,
} from './paint.js';

export const SS = {
  LEFT: 0,
  CENTER: 1,
  RIGHT: 2,
  ICON: 3,
  BLACKRECT: 4,
  GRAYRECT: 5,
  WHITERECT: 6,
  BLACKFRAME: 7,
  GRAYFRAME: 8,
  WHITEFRAME: 9,
  LEFTNOWORDWRAP: 0xc,
  BITMAP: 0xe,
  TYPEMASK: 0x1f,
  NOPREFIX: 0x80,
  NOTIFY: 0x100,
  CENTERIMAGE: 0x200,
} as const;
const STM_SETICON = 0x0170;
const STM_GETICON = 0x0171;
const STM_SETIMAGE = 0x0172;
const STM_GETIMAGE = 0x0173;
const IMAGE_BITMAP = 0;
const IMAGE_ICON = 1;
const STN_CLICKED = 0;
const STN_DBLCLK = 1;

interface StaticState {
  font: number;
  /** SS_BITMAP's bitmap. */
  image: number;
  /** SS_ICON's icon. */
  icon: number;
}
const states = new WeakMap<Window, StaticState>();
function stateOf(w: Window): StaticState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { font: 0, image: 0, icon: 0 }));
  return s;
}

export function staticProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const s = stateOf(w);
  const type = w.style & SS.TYPEMASK;
  switch (msg) {
    case WM.CREATE:
      if (type === SS.ICON || type === SS.BITMAP) loadImage(cx, w, s, cx.mem.u32(lp + 4), cx.mem.u32(lp + 36));
      return 0;
    case STM_SETICON:
      return setIcon(g, w, s, wp);
    case STM_GETICON:
      return s.icon;
    case WM_GETDLGCODE:
      return DLGC.STATIC;
    case WM_SETFONT:
      s.font = wp;
      if (lp) g.invalidate(w, undefined, true);
      return 0;
    case WM_GETFONT:
      return s.font;
    case STM_SETIMAGE: {
      if (wp === IMAGE_ICON) return setIcon(g, w, s, lp);
      if (wp !== IMAGE_BITMAP) throw new UnimplementedFeature(`STM_SETIMAGE image type ${wp}`);
      const old = s.image;
      s.image = lp;
      g.invalidate(w, undefined, true);
      return old;
    }
    case STM_GETIMAGE:
      return wp === IMAGE_BITMAP ? s.image : wp === IMAGE_ICON ? s.icon : 0;
    case WM.LBUTTONUP:
      if (w.style & SS.NOTIFY) return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, STN_CLICKED), h, () => 0);
      return 0;
    case WM.LBUTTONDBLCLK:
      // Wine's static.c: SS_NOTIFY statics tell the parent STN_DBLCLK (the release still clicks).
      if (w.style & SS.NOTIFY) return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, STN_DBLCLK), h, () => 0);
      return 0;
    case WM.SETTEXT: {
      const r = defWindowProc(cx, h, msg, wp, lp);
      g.invalidate(w, undefined, true);
      return r;
    }
    case WM.ENABLE:
      g.invalidate(w, undefined, true);
      return 0;
    case WM.ERASEBKGND:
      return 1;
    case WM.PAINT:
      return paintStatic(cx, w, s);
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

/** The control takes the image's size (not with SS_CENTERIMAGE); its top-left corner stays. */
function fitTo(w: Window, width: number, height: number): void {
  if (w.style & SS.CENTERIMAGE || width <= 0 || height <= 0) return;
  w.rect = rect(w.rect.left, w.rect.top, w.rect.left + width, w.rect.top + height);
}

/** WM_CREATE of SS_ICON / SS_BITMAP: the image the window name names, from the creating instance. */
function loadImage(cx: ApiContext, w: Window, s: StaticState, inst: number, name: number): void {
  if (!name) return;
  let id = name >>> 0;
  if (id >= 0x1_0000) {
    const t = cx.mem.wstr(id, 256);
    if (!t) return;
    // "#123" names the ordinal 123 (the CreateWindow page); a name is looked up as a string.
    if (/^#\d+$/.test(t)) id = Number(t.slice(1));
  }
  const saved = cx.lastError;
  if ((w.style & SS.TYPEMASK) === SS.BITMAP) {
    const hbm = inst && resourceImages.bitmap ? resourceImages.bitmap(cx, inst, id) : 0;
    const b = hbm ? gwesOf(cx.machine).gdi.get(hbm) : undefined;
    if (b?.type === 'bitmap') {
      s.image = hbm;
      fitTo(w, b.surface.width, b.surface.height);
    }
  } else {
    const load = resourceImages.icon;
    let h = inst && load ? load(cx, inst, id) : 0;
    if (!h && id < 0x1_0000 && load) h = load(cx, 0, id);
    const icon = h ? iconsOf(cx.machine).get(h) : undefined;
    if (icon) {
      s.icon = h;
      fitTo(w, icon.width, icon.height);
    }
  }
  cx.setLastError(saved);
}

function setIcon(g: ReturnType<typeof gwesOf>, w: Window, s: StaticState, h: number): number {
  const old = s.icon;
  s.icon = h;
  const icon = iconsOf(w.machine).get(h);
  if (icon) fitTo(w, icon.width, icon.height);
  g.invalidate(w, undefined, true);
  return old;
}

function paintStatic(cx: ApiContext, w: Window, s: StaticState): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const p = beginCtlPaint(cx, g, w);
  const all = rect(0, 0, p.width, p.height);
  const type = w.style & SS.TYPEMASK;
  const rectColor = { [SS.BLACKRECT]: COLOR.WINDOWFRAME, [SS.GRAYRECT]: COLOR.BTNSHADOW, [SS.WHITERECT]: COLOR.WINDOW } as Record<number, number>;
  const frameColor = { [SS.BLACKFRAME]: COLOR.WINDOWFRAME, [SS.GRAYFRAME]: COLOR.BTNSHADOW, [SS.WHITEFRAME]: COLOR.WINDOW } as Record<number, number>;
  if (rectColor[type] !== undefined) {
    fill(p, all, g.sysColor(rectColor[type]!));
    endCtlPaint(p);
    return 0;
  }
  if (frameColor[type] !== undefined) {
    frame(p, all, g.sysColor(frameColor[type]!));
    endCtlPaint(p);
    return 0;
  }
  if (type !== SS.LEFT && type !== SS.CENTER && type !== SS.RIGHT && type !== SS.LEFTNOWORDWRAP && type !== SS.BITMAP && type !== SS.ICON) {
    endCtlPaint(p);
    throw new UnimplementedFeature(`STATIC style 0x${type.toString(16)}`);
  }
  return ctlColor(cx, p, WM_CTLCOLORSTATIC, (hbr, textColor) => {
    fillBrush(p, all, hbr);
    if (type === SS.ICON) {
      const icon = s.icon ? iconsOf(cx.machine).get(s.icon) : undefined;
      if (icon) {
        const surf = g.display.surface;
        // DrawIconEx DI_NORMAL: the AND mask (SRCAND), then the image (SRCINVERT); monochrome 0 = black, 1 = white.
        const st = { clip: clipOf(p.dc, surf), textColor: 0, bkColor: 0xffffff };
        const x = (w.style & SS.CENTERIMAGE ? (p.width - icon.width) >> 1 : 0) + p.dc.orgX;
        const y = (w.style & SS.CENTERIMAGE ? (p.height - icon.height) >> 1 : 0) + p.dc.orgY;
        bitBlt(surf, st, x, y, icon.width, icon.height, icon.mask, 0, 0, { kind: 'null' }, ROP.SRCAND);
        bitBlt(surf, st, x, y, icon.width, icon.height, icon.color, 0, 0, { kind: 'null' }, ROP.SRCINVERT);
      }
      endCtlPaint(p);
      return 0;
    }
    if (type === SS.BITMAP) {
      const b = s.image ? g.gdi.get(s.image) : undefined;
      if (b?.type === 'bitmap') {
        const surf = g.display.surface;
        const st = { clip: clipOf(p.dc, surf), textColor: 0, bkColor: 0xffffff };
        const bw = b.surface.width;
        const bh = b.surface.height;
        // SS_CENTERIMAGE centres the bitmap; otherwise it sits at the top left (the control keeps its size).
        const x = w.style & SS.CENTERIMAGE ? (p.width - bw) >> 1 : 0;
        const y = w.style & SS.CENTERIMAGE ? (p.height - bh) >> 1 : 0;
        bitBlt(surf, st, x + p.dc.orgX, y + p.dc.orgY, bw, bh, b.surface, 0, 0, { kind: 'null' }, ROP.SRCCOPY);
      }
      endCtlPaint(p);
      return 0;
    }
    const font = controlFont(g, s.font);
    const t = w.style & SS.NOPREFIX ? w.title : stripPrefix(w.title);
    const lines = type === SS.LEFTNOWORDWRAP ? t.split(/\r\n|\r|\n/) : wrap(font, t, p.width);
    const color = w.style & WS.DISABLED ? g.sysColor(COLOR.GRAYTEXT) : textColor;
    let y = w.style & SS.CENTERIMAGE ? (p.height - font.height * lines.length) >> 1 : 0;
    // The mnemonic is underlined (CE 5: the crop's "&Date:"); found in the wrapped lines by its position in the text.
    let at = w.style & SS.NOPREFIX ? -1 : mnemonicIndex(w.title);
    let from = 0;
    for (const l of lines) {
      const lw = font.measure(l).width;
      const x = type === SS.CENTER ? (p.width - lw) >> 1 : type === SS.RIGHT ? p.width - lw : 0;
      text(p, font, x, y, l, color);
      const k = at >= 0 ? t.indexOf(l, from) : -1;
      if (k >= 0 && at >= k && at < k + l.length) {
        underline(p, font, x, y, l, at - k, color);
        at = -1;
      }
      if (k >= 0) from = k + l.length;
      y += font.height;
    }
    endCtlPaint(p);
    return 0;
  });
}
