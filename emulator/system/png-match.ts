/**
 * Golden-image comparison for GUI tests: `expect(emu.display.screenshot()).toMatchPng('golden/main.png')`
 * (the matcher is exported as `wmemu/testing`, emulator/testing.ts).
 *
 * - Pixels are compared exactly (8-bit R, G, B and alpha); 0 differing pixels pass by default.
 *   `maxDiffPixels` and `maxDiffRatio` (0..1 of the compared pixels) allow some; with both, both must hold.
 * - `region: { x, y, width, height }` compares that rectangle of the screenshot only; the golden then
 *   holds just that rectangle (update mode writes it so).
 * - On failure `<name>.actual.png` (what was received, the region's crop with `region`) and
 *   `<name>.diff.png` (differing pixels red over a dimmed copy of the received image) are written next to
 *   the golden `<name>.png`; on success stale ones are removed.
 * - Update mode (`WMEMU_UPDATE_GOLDEN=1` in the environment, or `vitest -u`) writes the golden and passes.
 *   A missing golden fails (with the .actual.png written) outside update mode: a golden is reviewed, never
 *   created silently on a CI machine.
 *
 * PNG encoding and decoding are the product's own (display/png.ts): no new dependency.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodePng, encodePng, type RgbaImage } from '../display/png.js';

export interface PngMatchOptions {
  /** Differing pixels allowed (default 0). */
  maxDiffPixels?: number;
  /** Differing pixels allowed as a fraction of the pixels compared, 0..1 (default 0). */
  maxDiffRatio?: number;
  /** Compare only this rectangle of the received image (the golden is that rectangle). */
  region?: { x: number; y: number; width: number; height: number };
}

export interface PngComparison {
  /** Pixels that differ (every pixel when the sizes differ). */
  diffPixels: number;
  /** Pixels compared. */
  total: number;
  sameSize: boolean;
  /** Differing pixels red over a dimmed copy of the received image (undefined when the sizes differ). */
  diff?: RgbaImage;
}

/** An image from PNG bytes or an RgbaImage; `what` names it in errors. */
export function toImage(v: unknown, what: string): RgbaImage {
  if (v instanceof Uint8Array) return decodePng(v);
  const i = v as RgbaImage;
  if (
    i &&
    typeof i === 'object' &&
    Number.isInteger(i.width) &&
    Number.isInteger(i.height) &&
    i.data instanceof Uint8Array &&
    i.data.length === i.width * i.height * 4
  )
    return i;
  throw new TypeError(`${what}: expected PNG bytes (a Buffer) or an RGBA image { width, height, data }`);
}

/** The rectangle `r` of `img` (it must lie inside). */
export function crop(img: RgbaImage, r: NonNullable<PngMatchOptions['region']>): RgbaImage {
  const ok = [r.x, r.y, r.width, r.height].every(Number.isInteger) && r.x >= 0 && r.y >= 0 && r.width > 0 && r.height > 0;
  if (!ok || r.x + r.width > img.width || r.y + r.height > img.height)
    throw new RangeError(`region ${r.x},${r.y} ${r.width}x${r.height} is not inside the ${img.width}x${img.height} image`);
  const data = new Uint8Array(r.width * r.height * 4);
  for (let y = 0; y < r.height; y++)
    data.set(img.data.subarray(((r.y + y) * img.width + r.x) * 4, ((r.y + y) * img.width + r.x + r.width) * 4), y * r.width * 4);
  return { width: r.width, height: r.height, data };
}

/** Pixel-exact comparison of two images, with the diff image. */
export function comparePng(actual: RgbaImage, golden: RgbaImage): PngComparison {
  const total = actual.width * actual.height;
  if (actual.width !== golden.width || actual.height !== golden.height)
    return { diffPixels: Math.max(total, golden.width * golden.height), total, sameSize: false };
  const a = actual.data;
  const g = golden.data;
  const out = new Uint8Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== g[i] || a[i + 1] !== g[i + 1] || a[i + 2] !== g[i + 2] || a[i + 3] !== g[i + 3]) {
      n++;
      out[i] = 255;
      out[i + 1] = 0;
      out[i + 2] = 0;
    } else {
      // Dimmed: a quarter of the contrast, towards white.
      out[i] = 255 - ((255 - a[i]!) >> 2);
      out[i + 1] = 255 - ((255 - a[i + 1]!) >> 2);
      out[i + 2] = 255 - ((255 - a[i + 2]!) >> 2);
    }
    out[i + 3] = 255;
  }
  return { diffPixels: n, total, sameSize: true, diff: { width: actual.width, height: actual.height, data: out } };
}

/** `x/name.png` -> `x/name.actual.png`, `x/name.diff.png`. */
export function sidecars(golden: string): { actual: string; diff: string } {
  const base = golden.replace(/\.png$/i, '');
  return { actual: `${base}.actual.png`, diff: `${base}.diff.png` };
}

export interface PngMatchResult {
  pass: boolean;
  message: string;
  comparison?: PngComparison;
}

/** Compares `received` with the golden file (writing or removing the sidecar files); `update` writes the golden. */
export function matchPng(received: unknown, golden: string, opts: PngMatchOptions = {}, update = false): PngMatchResult {
  if (typeof golden !== 'string' || !golden) throw new TypeError('toMatchPng: expected the golden PNG file name');
  checkOptions(opts);
  let img = toImage(received, 'toMatchPng');
  if (opts.region) img = crop(img, opts.region);
  const side = sidecars(golden);
  const clean = () => {
    for (const f of [side.actual, side.diff]) rmSync(f, { force: true });
  };
  if (update) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, encodePng(img));
    clean();
    return { pass: true, message: `wrote the golden ${golden}` };
  }
  if (!existsSync(golden)) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(side.actual, encodePng(img));
    rmSync(side.diff, { force: true });
    return { pass: false, message: `no golden ${golden} (wrote ${side.actual}; run with WMEMU_UPDATE_GOLDEN=1 or vitest -u to make it the golden)` };
  }
  const want = decodePng(readFileSync(golden));
  const c = comparePng(img, want);
  const maxPixels = opts.maxDiffPixels ?? 0;
  const maxRatio = opts.maxDiffRatio ?? 0;
  const pass =
    c.sameSize &&
    (opts.maxDiffPixels === undefined && opts.maxDiffRatio === undefined
      ? c.diffPixels === 0
      : (opts.maxDiffPixels === undefined || c.diffPixels <= maxPixels) && (opts.maxDiffRatio === undefined || c.diffPixels <= maxRatio * c.total));
  if (pass) {
    clean();
    return { pass, message: `${c.diffPixels} of ${c.total} pixels differ from ${golden}`, comparison: c };
  }
  writeFileSync(side.actual, encodePng(img));
  if (c.diff) writeFileSync(side.diff, encodePng(c.diff));
  else rmSync(side.diff, { force: true });
  const why = c.sameSize
    ? `${c.diffPixels} of ${c.total} pixels (${((100 * c.diffPixels) / c.total).toFixed(3)}%) differ from ${golden}` +
      (opts.maxDiffPixels !== undefined || opts.maxDiffRatio !== undefined
        ? ` (allowed: ${[opts.maxDiffPixels !== undefined && `${maxPixels} pixels`, opts.maxDiffRatio !== undefined && `ratio ${maxRatio}`].filter(Boolean).join(', ')})`
        : '') +
      `; see ${side.actual} and ${side.diff}`
    : `the image is ${img.width}x${img.height}, the golden ${golden} is ${want.width}x${want.height}; see ${side.actual}`;
  return { pass, message: why, comparison: c };
}

function checkOptions(o: PngMatchOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('toMatchPng: options must be an object { maxDiffPixels, maxDiffRatio, region }');
  for (const k of Object.keys(o)) if (!['maxDiffPixels', 'maxDiffRatio', 'region'].includes(k)) throw new TypeError(`toMatchPng: unknown option '${k}'`);
  if (o.maxDiffPixels !== undefined && !(Number.isInteger(o.maxDiffPixels) && o.maxDiffPixels >= 0))
    throw new TypeError(`toMatchPng: maxDiffPixels must be a whole number >= 0, got ${String(o.maxDiffPixels)}`);
  if (o.maxDiffRatio !== undefined && !(typeof o.maxDiffRatio === 'number' && o.maxDiffRatio >= 0 && o.maxDiffRatio <= 1))
    throw new TypeError(`toMatchPng: maxDiffRatio must be a number from 0 to 1, got ${String(o.maxDiffRatio)}`);
}

/** The part of a vitest/jest matcher context toMatchPng reads. */
interface MatcherContext {
  isNot?: boolean;
  /** vitest 4's SnapshotState has `snapshotUpdateState`, jest's (and older vitest's) `_updateSnapshot`. */
  snapshotState?: unknown;
}

/** Update mode: WMEMU_UPDATE_GOLDEN=1, or vitest -u / jest -u (the snapshot state's update mode 'all'). */
export function updateMode(ctx?: MatcherContext): boolean {
  const env = process.env.WMEMU_UPDATE_GOLDEN;
  if (env !== undefined && env !== '' && env !== '0') return true;
  const s = ctx?.snapshotState as { snapshotUpdateState?: string; _updateSnapshot?: string } | null | undefined;
  return (s?.snapshotUpdateState ?? s?._updateSnapshot) === 'all';
}

/**
 * The matcher: `expect.extend({ toMatchPng })` (vitest or jest), then
 * `expect(emu.display.screenshot()).toMatchPng('test/golden/main.png', { region, maxDiffPixels })`.
 */
export function toMatchPng(
  this: MatcherContext | undefined,
  received: unknown,
  golden: string,
  options: PngMatchOptions = {},
): { pass: boolean; message: () => string } {
  const r = matchPng(received, golden, options, this?.isNot ? false : updateMode(this));
  return { pass: r.pass, message: () => (this?.isNot && r.pass ? `expected the image to differ from ${golden}, but ${r.message}` : r.message) };
}
