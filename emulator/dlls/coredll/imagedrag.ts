/**
 * coredll image list dragging (CE exports the comctl32 image list from coredll; imagelist.ts has the
 * lists): ImageList_BeginDrag, DragEnter, DragMove, DragLeave, DragShowNolock, EndDrag, GetDragImage,
 * SetDragCursorImage. References: the CE 5/6 image list pages and Wine's comctl32 imagelist.c (its
 * InternalDrag state, ImageList_Merge and the order of the checks), whose behaviour is followed.
 *
 * - One drag at a time per machine. BeginDrag(himlTrack, iTrack, dxHotspot, dyHotspot) copies image
 *   iTrack into a new one-image mask list (the drag list, a real handle GetDragImage returns) and ends a
 *   drag already in progress; a bad list or index: FALSE.
 * - DragEnter(hwndLock, x, y) shows the image with its hot spot at (x, y), coordinates relative to the
 *   window's upper-left corner (its window rectangle, not the client area; NULL: the screen). DragMove
 *   moves it, DragShowNolock shows/hides it, DragLeave hides it. Each fails (FALSE) without a drag.
 * - The image is drawn straight on the screen transparently (mask 1 = screen shows through) and the
 *   pixels under it are saved and put back when it is hidden or moved, as comctl32 keeps the
 *   background in a bitmap. Windows also locks the window's updates meanwhile (LockWindowUpdate); this
 *   window manager has no such lock, so a window that repaints under the image draws over it until the
 *   next move.
 * - SetDragCursorImage(himlDrag, iDrag, dx, dy): the drag list becomes ImageList_Merge of the original
 *   drag image and that image at offset (dx, dy) from its origin (Wine: the names say hot spot, the
 *   values are an offset); the merged size grows to hold both, the first image shifted right/down
 *   when the offset is negative. The hot spot stays the drag image's.
 * - EndDrag hides the image and frees the drag lists; GetDragImage(ppt, pptHotspot) gives the last
 *   DragEnter/DragMove position and the hot spot (each pointer optional) and the drag list, NULL
 *   without a drag.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';
import { create, destroyList, list, type ImageList } from './imagelist.js';

const ILC_MASK = 0x0001;
const ILC_COLOR32 = 0x0020;

interface Drag {
  /** The list drawn (the merged one after SetDragCursorImage). */
  himl: number;
  /** The drag image without a cursor image. */
  noCursor: number;
  hotX: number;
  hotY: number;
  x: number;
  y: number;
  hwnd: number;
  shown?: { left: number; top: number; w: number; h: number; saved: number[] };
}

const dragSlot = defineSlot('imagedrag', () => ({ drag: undefined as Drag | undefined }));

/** A one-image mask list holding cx x cy pixels of image/mask. */
function newList(cx: ApiContext, w: number, h: number, image: Uint32Array, mask: Uint8Array): number {
  const hl = create(cx, w, h, ILC_MASK | ILC_COLOR32, 1);
  const l = list(cx, hl)!;
  l.images.push(image);
  l.masks.push(mask);
  return hl;
}

function hide(g: Gwes, d: Drag): void {
  const s = d.shown;
  if (!s) return;
  const surf = g.display.surface;
  let k = 0;
  for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) surf.set(s.left + x, s.top + y, s.saved[k++]!);
  d.shown = undefined;
  g.display.changed({ left: s.left, top: s.top, right: s.left + s.w, bottom: s.top + s.h });
}

function show(cx: ApiContext, g: Gwes, d: Drag): void {
  if (d.shown) return;
  const l = list(cx, d.himl);
  if (!l || !l.images.length) return;
  const w = g.window(d.hwnd);
  const ox = (w ? w.rect.left : 0) + d.x - d.hotX;
  const oy = (w ? w.rect.top : 0) + d.y - d.hotY;
  const surf = g.display.surface;
  const left = Math.max(ox, 0);
  const top = Math.max(oy, 0);
  const right = Math.min(ox + l.cx, surf.width);
  const bottom = Math.min(oy + l.cy, surf.height);
  const sw = Math.max(right - left, 0);
  const sh = Math.max(bottom - top, 0);
  const saved: number[] = [];
  const img = l.images[0]!;
  const mask = l.masks[0];
  for (let y = top; y < bottom; y++)
    for (let x = left; x < right; x++) {
      saved.push(surf.get(x, y));
      const i = (y - oy) * l.cx + (x - ox);
      if (!mask?.[i]) surf.set(x, y, surf.pixelOf(img[i]!));
    }
  d.shown = { left, top, w: sw, h: sh, saved };
  g.display.changed({ left, top, right: left + sw, bottom: top + sh });
}

function endDrag(cx: ApiContext, g: Gwes): void {
  const st = dragSlot.of(cx.machine);
  const d = st.drag;
  if (!d) return;
  hide(g, d);
  if (d.himl !== d.noCursor) destroyList(cx, d.himl);
  destroyList(cx, d.noCursor);
  st.drag = undefined;
}

/** Wine's ImageList_Merge of image i1 of l1 and image i2 of l2 at (dx, dy) from it: one image. */
function merge(cx: ApiContext, l1: ImageList, i1: number, l2: ImageList, i2: number, dx: number, dy: number): number {
  const w = dx > 0 ? Math.max(l1.cx, dx + l2.cx) : dx < 0 ? Math.max(l2.cx, l1.cx - dx) : Math.max(l1.cx, l2.cx);
  const h = dy > 0 ? Math.max(l1.cy, dy + l2.cy) : dy < 0 ? Math.max(l2.cy, l1.cy - dy) : Math.max(l1.cy, l2.cy);
  const [x1, y1] = [dx < 0 ? -dx : 0, dy < 0 ? -dy : 0];
  const [x2, y2] = [dx > 0 ? dx : 0, dy > 0 ? dy : 0];
  const image = new Uint32Array(w * h);
  const mask = new Uint8Array(w * h).fill(1);
  const m1 = (l1.flags & ILC_MASK) !== 0;
  const m2 = (l2.flags & ILC_MASK) !== 0;
  if (i1 >= 0 && i1 < l1.images.length)
    for (let y = 0; y < l1.cy; y++)
      for (let x = 0; x < l1.cx; x++) {
        const s = y * l1.cx + x;
        const t = (y + y1) * w + x + x1;
        image[t] = l1.images[i1]![s]!;
        mask[t] = m1 ? l1.masks[i1]![s]! : 0;
      }
  if (i2 >= 0 && i2 < l2.images.length)
    for (let y = 0; y < l2.cy; y++)
      for (let x = 0; x < l2.cx; x++) {
        const s = y * l2.cx + x;
        const t = (y + y2) * w + x + x2;
        const bg = m2 ? l2.masks[i2]![s]! : 0;
        // Image: SRCAND with the mask, SRCPAINT with the image; mask: SRCAND.
        image[t] = (bg ? image[t]! : 0) | l2.images[i2]![s]!;
        mask[t] = mask[t]! & bg;
      }
  return newList(cx, w, h, image, mask);
}

export const imagedrag: ApiDef[] = [
  fn('ImageList_BeginDrag(handle himlTrack, i32 iTrack, i32 dxHotspot, i32 dyHotspot): bool', (cx, h: number, i: number, hx: number, hy: number) => {
    const l = list(cx, h);
    if (!l || i < 0 || i >= l.images.length) return 0;
    const g = gwesOf(cx.machine);
    endDrag(cx, g);
    const mask = (l.flags & ILC_MASK) !== 0 ? Uint8Array.from(l.masks[i]!) : new Uint8Array(l.cx * l.cy);
    const hl = newList(cx, l.cx, l.cy, Uint32Array.from(l.images[i]!), mask);
    dragSlot.of(cx.machine).drag = { himl: hl, noCursor: hl, hotX: hx, hotY: hy, x: 0, y: 0, hwnd: 0 };
    return 1;
  }),
  fn('ImageList_EndDrag(): void', (cx) => {
    endDrag(cx, gwesOf(cx.machine));
  }),
  fn('ImageList_DragEnter(handle hwndLock, i32 x, i32 y): bool', (cx, hwnd: number, x: number, y: number) => {
    const d = dragSlot.of(cx.machine).drag;
    if (!d) return 0;
    const g = gwesOf(cx.machine);
    hide(g, d);
    Object.assign(d, { hwnd, x, y });
    show(cx, g, d);
    return 1;
  }),
  fn('ImageList_DragMove(i32 x, i32 y): bool', (cx, x: number, y: number) => {
    const d = dragSlot.of(cx.machine).drag;
    if (!d) return 0;
    const g = gwesOf(cx.machine);
    const visible = !!d.shown;
    hide(g, d);
    Object.assign(d, { x, y });
    if (visible) show(cx, g, d);
    return 1;
  }),
  fn('ImageList_DragLeave(handle hwndLock): bool', (cx) => {
    const d = dragSlot.of(cx.machine).drag;
    if (!d) return 0;
    hide(gwesOf(cx.machine), d);
    return 1;
  }),
  fn('ImageList_DragShowNolock(bool fShow): bool', (cx, on: number) => {
    const d = dragSlot.of(cx.machine).drag;
    if (!d) return 0;
    const g = gwesOf(cx.machine);
    if (on) show(cx, g, d);
    else hide(g, d);
    return 1;
  }),
  fn('ImageList_GetDragImage(ptr ppt, ptr pptHotspot): handle', (cx, ppt: number, phot: number) => {
    const d = dragSlot.of(cx.machine).drag;
    if (!d) return 0;
    if (ppt) {
      cx.mem.check(ppt, 8, 'write');
      cx.mem.setU32(ppt, d.x >>> 0);
      cx.mem.setU32(ppt + 4, d.y >>> 0);
    }
    if (phot) {
      cx.mem.check(phot, 8, 'write');
      cx.mem.setU32(phot, d.hotX >>> 0);
      cx.mem.setU32(phot + 4, d.hotY >>> 0);
    }
    return d.himl;
  }),
  fn('ImageList_SetDragCursorImage(handle himlDrag, i32 iDrag, i32 dxHotspot, i32 dyHotspot): bool', (cx, h: number, i: number, dx: number, dy: number) => {
    const d = dragSlot.of(cx.machine).drag;
    const l2 = list(cx, h);
    const l1 = d && list(cx, d.noCursor);
    if (!d || !l1 || !l2) return 0;
    const g = gwesOf(cx.machine);
    const visible = !!d.shown;
    hide(g, d);
    const merged = merge(cx, l1, 0, l2, i, dx, dy);
    if (d.himl !== d.noCursor) destroyList(cx, d.himl);
    d.himl = merged;
    if (visible) show(cx, g, d);
    return 1;
  }),
];
