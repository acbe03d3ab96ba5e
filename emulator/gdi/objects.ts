/**
 * The GDI object table of a run: DCs, bitmaps, brushes, pens, fonts, regions, palettes, and the stock
 * objects. Handles are small numbers in their own range (0x0080_0000 + 4n; stock objects
 * 0x00f0_0000 + index, never deleted), so they never collide with kernel handles or window handles.
 *
 * A DC keeps what CE's GDI keeps (MM_TEXT only: one logical unit = one device pixel): the surface it
 * draws on (the screen for window DCs, a selected bitmap for memory DCs), the DC origin (where the
 * DC's device (0,0) is on the surface: a window DC's client or window corner, following the window),
 * the viewport and window origins (SetViewportOrgEx / SetWindowOrgEx: device = logical - window
 * origin + viewport origin, the MM_TEXT mapping of the Win32 / CE 6 "Coordinate Spaces" pages), the
 * visible region (screen DCs: the window's visible area; in surface coordinates), the application's
 * clip region (device coordinates, as SelectClipRgn's region is), the selected objects, colours,
 * background mode, ROP2, the current position, text alignment, and SaveDC's stack.
 */
import type { Brush } from './draw.js';
import type { Region } from './region.js';
import { intersectRegion, offset, rect } from './region.js';
import type { ColorRef, Surface } from './surface.js';
import { SYSTEM_LOGFONT, type LogFont } from './text.js';

export const STOCK_BASE = 0x00f0_0000;
const FIRST_HANDLE = 0x0080_0000;

export interface BrushObj {
  type: 'brush';
  brush: Brush;
  /** LOGBRUSH lbStyle / lbColor / lbHatch for GetObjectW. */
  style: number;
  color: ColorRef;
  hatch: number;
  /** A system colour brush (GetSysColorBrush): colour follows the index. */
  sysIndex?: number;
}
export interface PenObj {
  type: 'pen';
  style: number;
  width: number;
  color: ColorRef;
}
export interface FontObj {
  type: 'font';
  log: LogFont;
}
export interface BitmapObj {
  type: 'bitmap';
  surface: Surface;
  /** Guest address of the bits (DIB sections and CreateBitmap copies live in guest memory). */
  bitsAddr?: number;
  dib: boolean;
  /** A DIB section's header fields GetObject gives back in DIBSECTION.dsBmih (the rest come from the surface). */
  dibHeader?: { compression: number; xPelsPerMeter: number; yPelsPerMeter: number; masks: [number, number, number] };
  /** The DC it is selected into (a bitmap is selected into at most one DC). */
  selectedIn?: number;
}
export interface RegionObj {
  type: 'region';
  rgn: Region;
}
export interface PaletteObj {
  type: 'palette';
  entries: ColorRef[];
}

export interface DcState {
  pen: number;
  brush: number;
  font: number;
  bitmap: number;
  palette: number;
  textColor: ColorRef;
  bkColor: ColorRef;
  bkMode: number;
  rop2: number;
  /** SetStretchBltMode: BLACKONWHITE (1, the default), WHITEONBLACK (2), COLORONCOLOR (3). */
  stretchMode: number;
  curX: number;
  curY: number;
  textAlign: number;
  /** SetBrushOrgEx, in device coordinates. */
  brushOrgX: number;
  brushOrgY: number;
  /** SetViewportOrgEx (device coordinates) and SetWindowOrgEx (logical coordinates); SaveDC keeps them. */
  vpOrgX: number;
  vpOrgY: number;
  winOrgX: number;
  winOrgY: number;
  /** Application clip region in device coordinates (relative to the DC origin), undefined = none. */
  clip: Region | undefined;
}

export interface DcObj extends DcState {
  type: 'dc';
  /** The window the DC belongs to (0 for memory DCs and the screen DC). */
  hwnd: number;
  /** Draws on the framebuffer (window/screen DC) or on the selected bitmap (memory DC). */
  kind: 'screen' | 'memory';
  /** The DC origin: where device (0,0) is on the surface (a window DC's origin follows the window). */
  devX: number;
  devY: number;
  /** Where logical (0,0) is on the surface: devX + vpOrgX - winOrgX (MM_TEXT). Every drawing call maps through it. */
  readonly orgX: number;
  readonly orgY: number;
  /** Visible region in surface coordinates (screen DCs), recomputed by the window manager. */
  vis: () => Region;
  saved: DcState[];
  /** GetDC/BeginPaint DCs are released with ReleaseDC/EndPaint; memory DCs are deleted. */
  owned: boolean;
  /** The machine (process) that created it: guest memory for DIB bits. */
  owner: unknown;
}

export type GdiObject = BrushObj | PenObj | FontObj | BitmapObj | RegionObj | PaletteObj | DcObj;

/** Stock object indexes (GetStockObject). */
export const STOCK = {
  WHITE_BRUSH: 0,
  LTGRAY_BRUSH: 1,
  GRAY_BRUSH: 2,
  DKGRAY_BRUSH: 3,
  BLACK_BRUSH: 4,
  NULL_BRUSH: 5,
  WHITE_PEN: 6,
  BLACK_PEN: 7,
  NULL_PEN: 8,
  SYSTEM_FONT: 13,
  DEFAULT_PALETTE: 15,
  DEFAULT_GUI_FONT: 17,
} as const;

/**
 * DEFAULT_PALETTE: the 20 static colours (R, G, B) of the Win32 default palette (the first and last ten
 * system palette entries; Wine's gdi32 palette.c has the same table). DIB_PAL_COLORS indexes it while a DC
 * has no other palette.
 */
const DEFAULT_PALETTE: [number, number, number][] = [
  [0x00, 0x00, 0x00],
  [0x80, 0x00, 0x00],
  [0x00, 0x80, 0x00],
  [0x80, 0x80, 0x00],
  [0x00, 0x00, 0x80],
  [0x80, 0x00, 0x80],
  [0x00, 0x80, 0x80],
  [0xc0, 0xc0, 0xc0],
  [0xc0, 0xdc, 0xc0],
  [0xa6, 0xca, 0xf0],
  [0xff, 0xfb, 0xf0],
  [0xa0, 0xa0, 0xa4],
  [0x80, 0x80, 0x80],
  [0xff, 0x00, 0x00],
  [0x00, 0xff, 0x00],
  [0xff, 0xff, 0x00],
  [0x00, 0x00, 0xff],
  [0xff, 0x00, 0xff],
  [0x00, 0xff, 0xff],
  [0xff, 0xff, 0xff],
];

function solid(color: ColorRef): BrushObj {
  return { type: 'brush', brush: { kind: 'solid', color }, style: 0, color, hatch: 0 };
}

function makeStock(): (GdiObject | undefined)[] {
  const s: (GdiObject | undefined)[] = [];
  s[0] = solid(0xffffff);
  s[1] = solid(0xc0c0c0);
  s[2] = solid(0x808080);
  s[3] = solid(0x404040);
  s[4] = solid(0x000000);
  s[5] = { type: 'brush', brush: { kind: 'null' }, style: 1, color: 0, hatch: 0 };
  s[6] = { type: 'pen', style: 0, width: 1, color: 0xffffff };
  s[7] = { type: 'pen', style: 0, width: 1, color: 0 };
  s[8] = { type: 'pen', style: 5, width: 1, color: 0 };
  s[13] = { type: 'font', log: SYSTEM_LOGFONT };
  s[15] = { type: 'palette', entries: DEFAULT_PALETTE.map(([r, g, b]) => r | (g << 8) | (b << 16)) };
  s[17] = { type: 'font', log: SYSTEM_LOGFONT };
  return s;
}

export class GdiTable {
  private readonly objects = new Map<number, GdiObject>();
  private readonly stock = makeStock();
  private next = FIRST_HANDLE;
  /** Objects alive per type, for leak reports and limits. */
  count(): number {
    return this.objects.size;
  }
  add(o: GdiObject): number {
    const h = this.next;
    this.next += 4;
    this.objects.set(h, o);
    return h;
  }
  get(h: number): GdiObject | undefined {
    h >>>= 0;
    if (h >= STOCK_BASE && h < STOCK_BASE + this.stock.length) return this.stock[h - STOCK_BASE];
    return this.objects.get(h);
  }
  isStock(h: number): boolean {
    h >>>= 0;
    return h >= STOCK_BASE && h < STOCK_BASE + this.stock.length && this.stock[h - STOCK_BASE] !== undefined;
  }
  stockHandle(i: number): number {
    return this.stock[i] ? STOCK_BASE + i : 0;
  }
  delete(h: number): boolean {
    return this.objects.delete(h >>> 0);
  }
  dc(h: number): DcObj | undefined {
    const o = this.get(h);
    return o?.type === 'dc' ? o : undefined;
  }
  newDc(init: Pick<DcObj, 'hwnd' | 'kind' | 'devX' | 'devY' | 'vis' | 'owned' | 'owner'>): number {
    const dc: DcObj = {
      type: 'dc',
      ...init,
      pen: STOCK_BASE + STOCK.BLACK_PEN,
      brush: STOCK_BASE + STOCK.WHITE_BRUSH,
      font: STOCK_BASE + STOCK.SYSTEM_FONT,
      bitmap: 0,
      palette: STOCK_BASE + STOCK.DEFAULT_PALETTE,
      textColor: 0,
      bkColor: 0xffffff,
      bkMode: 2, // OPAQUE
      rop2: 13, // R2_COPYPEN
      stretchMode: 1, // BLACKONWHITE, a new DC's mode (as on desktop Windows and Wine)
      curX: 0,
      curY: 0,
      textAlign: 0,
      brushOrgX: 0,
      brushOrgY: 0,
      vpOrgX: 0,
      vpOrgY: 0,
      winOrgX: 0,
      winOrgY: 0,
      clip: undefined,
      saved: [],
      get orgX(): number {
        return this.devX + this.vpOrgX - this.winOrgX;
      },
      get orgY(): number {
        return this.devY + this.vpOrgY - this.winOrgY;
      },
    };
    return this.add(dc);
  }
}

/** The DC's clip list in surface coordinates: visible region ∩ the application's clip region. */
export function clipOf(dc: DcObj, surface: Surface): Region {
  const full = [rect(0, 0, surface.width, surface.height)];
  let r = dc.kind === 'screen' ? intersectRegion(dc.vis(), full) : full;
  if (dc.clip) r = intersectRegion(r, offset(dc.clip, dc.devX, dc.devY));
  return r;
}

export function saveState(dc: DcObj): DcState {
  const { pen, brush, font, bitmap, palette, textColor, bkColor, bkMode, rop2, stretchMode, curX, curY, textAlign, brushOrgX, brushOrgY, clip } = dc;
  const { vpOrgX, vpOrgY, winOrgX, winOrgY } = dc;
  return {
    pen,
    brush,
    font,
    bitmap,
    palette,
    textColor,
    bkColor,
    bkMode,
    rop2,
    stretchMode,
    curX,
    curY,
    textAlign,
    brushOrgX,
    brushOrgY,
    clip,
    vpOrgX,
    vpOrgY,
    winOrgX,
    winOrgY,
  };
}

/** Logical rectangle / point of a DC to device coordinates (relative to the DC origin): + viewport origin - window origin. */
export function lpToDp(dc: DcObj, x: number, y: number): [number, number] {
  return [x + dc.vpOrgX - dc.winOrgX, y + dc.vpOrgY - dc.winOrgY];
}
