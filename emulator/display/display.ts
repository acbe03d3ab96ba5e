/**
 * The device screen: one framebuffer per run (shared by every process, as on a device), its size and
 * depth from the device profile, allocated only when a program first needs it (a console program
 * never pays for it). Windows draw straight into it through clipped DCs (gdi/dc.ts).
 *
 * The framebuffer is RGB565 (16 bpp, CE's usual display format); screenshots expand it to 8 bits per
 * channel by bit replication (display/png.ts), as the reference crops are.
 */
import { Surface, type ColorRef } from '../gdi/surface.js';
import { encodePng } from './png.js';

export interface ScreenSpec {
  width: number;
  height: number;
}

export class Display {
  private fb: Surface | undefined;
  /** Called whenever a part of the screen changed (a live view would send it). */
  readonly listeners = new Set<() => void>();
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

  changed(): void {
    for (const l of this.listeners) l();
  }

  /** The whole screen as a PNG file (RGB565 expanded by bit replication). */
  screenshot(): Buffer {
    const s = this.surface.toRgba();
    return encodePng(s);
  }
}
