/**
 * The device screen: one framebuffer per run (shared by every process, as on a device), its size and
 * depth from the device profile, allocated only when a program first needs it (a console program
 * never pays for it). Windows draw straight into it through clipped DCs (gdi/dc.ts).
 *
 * The framebuffer is RGB565 (16 bpp, CE's usual display format); screenshots expand it to 8 bits per
 * channel by bit replication (display/png.ts), as the reference crops are.
 */
import { Surface, type ColorRef, type Rect } from '../gdi/surface.js';
import { encodePng } from './png.js';

export interface ScreenSpec {
  width: number;
  height: number;
}

export class Display {
  private fb: Surface | undefined;
  /** Called whenever a part of the screen changed (the live view, system/view/, sends it). */
  readonly listeners = new Set<() => void>();
  /**
   * Damaged rectangles (screen coordinates) since the last takeDamage(), kept only while someone
   * listens: drawing through a screen DC adds its clip's bounds, the window manager the frames it
   * draws and the parts it exposes. `whole`: a change of unknown extent (the whole screen).
   */
  private damaged: Rect[] = [];
  private whole = false;
  constructor(
    readonly spec: ScreenSpec,
    private readonly background: () => ColorRef,
  ) {}

  get allocated(): boolean {
    return this.fb !== undefined;
  }

  /** The framebuffer (allocated and filled with the desktop colour on first use). */
  get surface(): Surface {
    if (!this.fb) {
      this.fb = new Surface({ width: this.spec.width, height: this.spec.height, bpp: 16 });
      const v = this.fb.pixelOf(this.background());
      for (let i = 0; i < this.fb.bits.length; i += 2) {
        this.fb.bits[i] = v & 0xff;
        this.fb.bits[i + 1] = v >>> 8;
      }
    }
    return this.fb;
  }

  /** A part of the screen changed (`r`, screen coordinates; undefined: somewhere); the listeners are told. */
  changed(r?: Rect): void {
    if (!this.listeners.size) return;
    if (!r) this.whole = true;
    else if (r.right > r.left && r.bottom > r.top && !this.whole) {
      // Bounded: past 32 rectangles the damage is their bounding box.
      if (this.damaged.length >= 32) {
        const b = this.damaged.reduce((a, x) => ({
          left: Math.min(a.left, x.left),
          top: Math.min(a.top, x.top),
          right: Math.max(a.right, x.right),
          bottom: Math.max(a.bottom, x.bottom),
        }));
        this.damaged = [b];
      }
      this.damaged.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    }
    for (const l of this.listeners) l();
  }

  /** The damage since the last call (clipped to the screen), then forgotten. */
  takeDamage(): Rect[] {
    const { width: w, height: h } = this.spec;
    const out = this.whole
      ? [{ left: 0, top: 0, right: w, bottom: h }]
      : this.damaged
          .map((r) => ({ left: Math.max(0, r.left), top: Math.max(0, r.top), right: Math.min(w, r.right), bottom: Math.min(h, r.bottom) }))
          .filter((r) => r.right > r.left && r.bottom > r.top);
    this.damaged = [];
    this.whole = false;
    return out;
  }

  /** The whole screen as a PNG file (RGB565 expanded by bit replication). */
  screenshot(): Buffer {
    const s = this.surface.toRgba();
    return encodePng(s);
  }
}
