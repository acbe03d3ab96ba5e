/**
 * Helpers of the card tests (solitaire.test.ts, cards.test.ts): a PE file's mapped image and resources,
 * a 1/4/8 bpp DIB decoded to the colours the RGB565 screen shows, and an exact search of bitmaps in a
 * screenshot (0 differing pixels).
 */
import { readFileSync } from 'node:fs';
import { decodePng } from '../../emulator/display/png.js';
import { mapImage, parsePe } from '../../emulator/core/pe/pe-file.js';
import { parseResources } from '../../emulator/core/pe/resources.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';

export interface Image {
  w: number;
  h: number;
  px: Uint32Array;
}

export function mapped(file: string) {
  const bytes = readFileSync(file);
  const pe = parsePe(bytes);
  const img = mapImage(pe, bytes);
  return { img, dir: parseResources(img, pe.resources) };
}

/** 0xRRGGBB as the screen shows a colour: 5/6/5 bits, expanded by bit replication. */
export function screenColour(r: number, g: number, b: number): number {
  const [r5, g6, b5] = [r >> 3, g >> 2, b >> 3];
  return (((r5 << 3) | (r5 >> 2)) << 16) | (((g6 << 2) | (g6 >> 4)) << 8) | ((b5 << 3) | (b5 >> 2));
}

/** A BITMAPINFOHEADER DIB of 1/4/8 bpp with a colour table, bottom-up (what pegcards.dll holds). */
export function decodeDib(d: Uint8Array): Image {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const hs = v.getUint32(0, true);
  const w = v.getInt32(4, true);
  const h = v.getInt32(8, true);
  const bpp = v.getUint16(14, true);
  if (![1, 4, 8].includes(bpp) || v.getUint32(16, true) !== 0 || h <= 0) throw new Error(`unexpected DIB: ${bpp} bpp`);
  const n = v.getUint32(32, true) || 1 << bpp;
  const pal = Array.from({ length: n }, (_, i) => screenColour(d[hs + 4 * i + 2]!, d[hs + 4 * i + 1]!, d[hs + 4 * i]!));
  const stride = Math.ceil((w * bpp) / 32) * 4;
  const bits = hs + 4 * n;
  const px = new Uint32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = bits + (h - 1 - y) * stride;
    for (let x = 0; x < w; x++) {
      const bit = x * bpp;
      const i = (d[row + (bit >> 3)]! >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
      px[y * w + x] = pal[i]!;
    }
  }
  return { w, h, px };
}

export function screen(png: Buffer): Image {
  const s = decodePng(png);
  const px = new Uint32Array(s.width * s.height);
  for (let i = 0; i < px.length; i++) px[i] = (s.data[4 * i]! << 16) | (s.data[4 * i + 1]! << 8) | s.data[4 * i + 2]!;
  return { w: s.width, h: s.height, px };
}

/** Every place where `b` appears in `s` with 0 differing pixels. */
export function findExact(s: Image, b: Image): { x: number; y: number }[] {
  const found: { x: number; y: number }[] = [];
  const first = b.px[0]!;
  for (let y = 0; y + b.h <= s.h; y++) {
    for (let x = 0; x + b.w <= s.w; x++) {
      if (s.px[y * s.w + x] !== first) continue;
      let same = true;
      for (let j = 0; j < b.h && same; j++) {
        const so = (y + j) * s.w + x;
        const bo = j * b.w;
        for (let i = 0; i < b.w; i++) {
          if (s.px[so + i] !== b.px[bo + i]) {
            same = false;
            break;
          }
        }
      }
      if (same) found.push({ x, y });
    }
  }
  return found;
}

/** The card faces (bitmaps 1-52 of pegcards.dll) fully visible on the screen: [bitmap id, x, y]. */
export function facesOnScreen(faces: Map<number, Image>, png: Buffer): [number, number, number][] {
  const s = screen(png);
  const out: [number, number, number][] = [];
  for (const [id, b] of faces) for (const p of findExact(s, b)) out.push([id, p.x, p.y]);
  return out.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
}

export function find(tree: WindowInfo[], pred: (w: WindowInfo) => boolean): WindowInfo | undefined {
  for (const w of tree) {
    if (pred(w)) return w;
    const c = find(w.children, pred);
    if (c) return c;
  }
  return undefined;
}
