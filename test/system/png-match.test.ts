/**
 * The toMatchPng matcher (`wmemu/testing`, system/png-match.ts), used the way users use it: extended
 * into vitest's expect. Pass; fail with `.actual.png` and `.diff.png` written next to the golden (the
 * diff red where pixels differ, a dimmed copy elsewhere); the allowances and the region; a missing
 * golden; update mode by WMEMU_UPDATE_GOLDEN=1 and by vitest -u (the snapshot state's 'all'). Last, a
 * real use: a deterministic run's screenshot written as golden and matched by a second run.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toMatchPng, decodePng, encodePng, updateMode, type PngMatchers, type RgbaImage } from '../../emulator/testing.js';
import { start } from '../../emulator/system/session.js';

expect.extend({ toMatchPng });
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends PngMatchers<T> {}
}

const dir = mkdtempSync(join(tmpdir(), 'wmemu-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 20x10 image: left half blue, right half white. */
function image(): RgbaImage {
  const data = new Uint8Array(20 * 10 * 4);
  for (let i = 0; i < 200; i++) data.set(i % 20 < 10 ? [0, 0, 255, 255] : [255, 255, 255, 255], i * 4);
  return { width: 20, height: 10, data };
}
const px = (img: RgbaImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('toMatchPng', () => {
  const golden = join(dir, 'g.png');
  const side = { actual: join(dir, 'g.actual.png'), diff: join(dir, 'g.diff.png') };
  writeFileSync(golden, encodePng(image()));

  it('passes on 0 differing pixels (PNG bytes or an image), removes stale sidecar files', () => {
    writeFileSync(side.actual, 'stale');
    writeFileSync(side.diff, 'stale');
    expect(encodePng(image())).toMatchPng(golden);
    expect(image()).toMatchPng(golden);
    expect([existsSync(side.actual), existsSync(side.diff)]).toEqual([false, false]);
  });

  it('fails with the count, and writes .actual.png and .diff.png (red over a dimmed copy)', () => {
    const changed = image();
    for (const [x, y] of [
      [1, 1],
      [15, 2],
      [15, 3],
    ])
      changed.data.set([0, 255, 0, 255], (y! * 20 + x!) * 4);
    expect(() => expect(changed).toMatchPng(golden)).toThrow(`3 of 200 pixels (1.500%) differ from ${golden}; see ${side.actual} and ${side.diff}`);
    expect(decodePng(readFileSync(side.actual))).toEqual(changed);
    const diff = decodePng(readFileSync(side.diff));
    expect(px(diff, 1, 1)).toEqual([255, 0, 0, 255]);
    expect(px(diff, 15, 3)).toEqual([255, 0, 0, 255]);
    expect(px(diff, 0, 0)).toEqual([192, 192, 255, 255]); // blue, dimmed: 255 - (255 - 0) / 4
    expect(px(diff, 19, 9)).toEqual([255, 255, 255, 255]);
    // Allowances: pixels, ratio; both given must both hold.
    expect(changed).toMatchPng(golden, { maxDiffPixels: 3 });
    expect(changed).toMatchPng(golden, { maxDiffRatio: 0.015 });
    expect(() => expect(changed).toMatchPng(golden, { maxDiffPixels: 2 })).toThrow('(allowed: 2 pixels)');
    expect(() => expect(changed).toMatchPng(golden, { maxDiffPixels: 5, maxDiffRatio: 0.01 })).toThrow('(allowed: 5 pixels, ratio 0.01)');
    expect(changed).not.toMatchPng(golden);
    expect(() => expect(image()).not.toMatchPng(golden)).toThrow('expected the image to differ');
    // A region compares that rectangle only (the golden holds it).
    const left = join(dir, 'left.png');
    writeFileSync(left, encodePng({ width: 10, height: 10, data: new Uint8Array(400).map((_, i) => (i % 4 === 2 || i % 4 === 3 ? 255 : 0)) }));
    expect(image()).toMatchPng(left, { region: { x: 0, y: 0, width: 10, height: 10 } });
    expect(() => expect(changed).toMatchPng(left, { region: { x: 0, y: 0, width: 10, height: 10 } })).toThrow('1 of 100 pixels');
    expect(() => expect(image()).toMatchPng(left, { region: { x: 15, y: 0, width: 10, height: 10 } })).toThrow(
      'region 15,0 10x10 is not inside the 20x10 image',
    );
    expect(() => expect(image()).toMatchPng(golden, { maxDifPixels: 1 } as never)).toThrow("unknown option 'maxDifPixels'");
  });

  it('a size mismatch and a missing golden fail, with .actual.png written', () => {
    const small: RgbaImage = { width: 4, height: 4, data: new Uint8Array(64).fill(255) };
    expect(() => expect(small).toMatchPng(golden)).toThrow(`the image is 4x4, the golden ${golden} is 20x10; see ${side.actual}`);
    expect(existsSync(side.diff)).toBe(false);
    const none = join(dir, 'sub', 'new.png');
    expect(() => expect(small).toMatchPng(none)).toThrow(`no golden ${none} (wrote ${join(dir, 'sub', 'new.actual.png')}; run with WMEMU_UPDATE_GOLDEN=1`);
    expect(existsSync(none)).toBe(false);
  });

  it('update mode writes the golden: WMEMU_UPDATE_GOLDEN=1, or vitest -u', () => {
    const g = join(dir, 'upd.png');
    const old = process.env.WMEMU_UPDATE_GOLDEN;
    process.env.WMEMU_UPDATE_GOLDEN = '1';
    try {
      expect(image()).toMatchPng(g);
    } finally {
      if (old === undefined) delete process.env.WMEMU_UPDATE_GOLDEN;
      else process.env.WMEMU_UPDATE_GOLDEN = old;
    }
    expect(decodePng(readFileSync(g))).toEqual(image());
    expect(updateMode()).toBe(false);
    // vitest -u: the matcher context's snapshot state says 'all' (as vitest 4 and jest give it).
    const other: RgbaImage = { width: 2, height: 2, data: new Uint8Array(16).fill(7) };
    expect(toMatchPng.call({ snapshotState: { snapshotUpdateState: 'all' } }, other, g).pass).toBe(true);
    expect(decodePng(readFileSync(g)).width).toBe(2);
    expect(toMatchPng.call({ snapshotState: { snapshotUpdateState: 'new' } }, image(), g).pass).toBe(false);
    expect(updateMode({ snapshotState: { _updateSnapshot: 'all' } })).toBe(true);
  });

  it('a deterministic run matches the golden another run wrote', async () => {
    const rom = join(__dirname, '..', '..', 'roms', 'bin', 'cards.exe');
    const profile = join(__dirname, '..', '..', 'profiles', 'ce5-800x480.json');
    const g = join(dir, 'cards.png');
    for (const update of [true, false]) {
      const emu = await start(rom, { profile, deterministic: true, args: ['loop'], timeoutMs: 60_000 });
      try {
        const main = await emu.display.window({ title: 'Cards' }).waitFor({ timeout: 30_000 });
        const r = main!.rect;
        const shot = emu.display.screenshot();
        const res = toMatchPng.call({ snapshotState: { snapshotUpdateState: update ? 'all' : 'none' } }, shot, g, {
          region: { x: r.x, y: r.y, width: r.width, height: r.height },
        });
        expect(res.pass, res.message()).toBe(true);
      } finally {
        await emu.kill();
      }
    }
    expect(decodePng(readFileSync(g)).width).toBeGreaterThan(100);
  });
});
