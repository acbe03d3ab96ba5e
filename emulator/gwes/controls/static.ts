/**
 * The built-in STATIC class: text (SS_LEFT, SS_CENTER, SS_RIGHT word-wrapped; SS_LEFTNOWORDWRAP one
 * line per hard break, clipped), rectangles and frames (SS_BLACKRECT/GRAYRECT/WHITERECT,
 * SS_BLACKFRAME/GRAYFRAME/WHITEFRAME), SS_BITMAP through STM_SETIMAGE, SS_NOPREFIX, SS_CENTERIMAGE
 * (text centred vertically) and SS_NOTIFY (STN_CLICKED in WM_COMMAND on a click). Text statics ask
 * their parent for colours with WM_CTLCOLORSTATIC (default: COLOR_STATICTEXT on COLOR_STATIC, CE's
 * static colours). Following the Win32 static control documentation and Wine's dlls/user32/static.c;
 * the colours of the rectangle styles are CE's: black = COLOR_WINDOWFRAME, gray = COLOR_BTNSHADOW,
 * white = COLOR_WINDOW. SS_ICON (no icon support yet) stops the run naming itself.
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
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
const STM_SETIMAGE = 0x0172;
const STM_GETIMAGE = 0x0173;
const IMAGE_BITMAP = 0;
const STN_CLICKED = 0;
const STN_DBLCLK = 1;

interface StaticState {
  font: number;
  image: number;
}
const states = new WeakMap<Window, StaticState>();
function stateOf(w: Window): StaticState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { font: 0, image: 0 }));
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
      if (type === SS.ICON) throw new UnimplementedFeature('STATIC with SS_ICON');
      return 0;
    case WM_GETDLGCODE:
      return DLGC.STATIC;
    case WM_SETFONT:
      s.font = wp;
      if (lp) g.invalidate(w, undefined, true);
      return 0;
    case WM_GETFONT:
      return s.font;
    case STM_SETIMAGE: {
      if (wp !== IMAGE_BITMAP) throw new UnimplementedFeature(`STM_SETIMAGE image type ${wp}`);
      const old = s.image;
      s.image = lp;
      g.invalidate(w, undefined, true);
      return old;
    }
    case STM_GETIMAGE:
      return wp === IMAGE_BITMAP ? s.image : 0;
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
  if (type !== SS.LEFT && type !== SS.CENTER && type !== SS.RIGHT && type !== SS.LEFTNOWORDWRAP && type !== SS.BITMAP) {
    endCtlPaint(p);
    throw new UnimplementedFeature(`STATIC style 0x${type.toString(16)}`);
  }
  return ctlColor(cx, p, WM_CTLCOLORSTATIC, (hbr, textColor) => {
    fillBrush(p, all, hbr);
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
