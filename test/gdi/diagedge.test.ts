/**
 * DrawEdge with BF_DIAGONAL (issue 14): the rule of CE 6's gwes.dll (disassembled; written down in the
 * header of emulator/dlls/coredll/drawedge.ts), its colours too. diagedge.exe draws each case into a memory bitmap and
 * prints it one letter a pixel (D 3DDKSHADOW, S BTNSHADOW, H BTNHIGHLIGHT, L 3DLIGHT, F BTNFACE, '.'
 * untouched); the expected pictures below are worked out by hand from the rule:
 * - a W x H rectangle's line is a staircase of 1 x (H / W) steps (H >= W) or (W / H) x 1 steps; "\" for
 *   BF_DIAGONAL_ENDTOPLEFT / ENDBOTTOMRIGHT, else "/"; the bottom/right colour when BF_BOTTOM is set;
 * - each pass (outer, then inner) shrinks the rectangle by one step (BF_TOP: left += step width, else
 *   right -= it; BF_RIGHT: top += step height, else bottom -= it), which BF_ADJUST writes back;
 * - BF_MIDDLE fills one side of the staircase over what is left.
 * Then ce6 pegterm.exe (corpus; skipped without it), which stopped at DrawEdge with BF_DIAGONAL, reaches
 * its message loop with its session dialog up.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'diagedge.exe');

/** name -> [picture rows, "ret err left top right bottom"] */
function parse(stdout: string): Map<string, [string[], string]> {
  const out = new Map<string, [string[], string]>();
  const lines = stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^grid (\S+) (\d+) (\d+)$/.exec(lines[i]!);
    if (!m) continue;
    const rows = lines.slice(i + 1, i + 1 + Number(m[3]));
    const res = lines[i + 1 + Number(m[3])]!;
    expect(res.startsWith(`result ${m[1]} `)).toBe(true);
    out.set(m[1]!, [rows, res.slice(`result ${m[1]} `.length)]);
  }
  return out;
}

describe('DrawEdge BF_DIAGONAL', () => {
  it('draws the staircases, fills and adjusts as CE 6 does', async () => {
    const r = await runExecutable(rom);
    expect(r.exitCode).toBe(0);
    const got = parse(r.stdout);
    // EDGE_RAISED, ENDBOTTOMRIGHT: outer 3DDKSHADOW "\" over 8x8 (rect -> 0,1,7,8), inner BTNSHADOW "\"
    // over 7x7 from (0,1) (rect -> 0,2,6,8).
    expect(got.get('raised-endbottomright')).toEqual([
      ['D.......', 'SD......', '.SD.....', '..SD....', '...SD...', '....SD..', '.....SD.', '......SD'],
      '1 0 0 2 6 8',
    ]);
    // EDGE_SUNKEN, ENDTOPRIGHT over 8x4: 2x1 steps "/"; outer BTNSHADOW from (0,3) (rect -> 2,1,8,4), inner
    // 3DDKSHADOW from (2,3) (rect -> 4,2,8,4); the middle: each row from the step to the right edge.
    expect(got.get('sunken-endtopright-middle')).toEqual([['......SS', '....SSDD', '..SSDDFF', 'SSDDFFFF'], '1 0 4 2 8 4']);
    // EDGE_RAISED, ENDTOPLEFT over 3x9: 1x3 steps "\"; outer the stock white (rect -> 1,0,3,6; white is also
    // BTNHIGHLIGHT here), inner BTNHIGHLIGHT (rect -> 2,0,3,3); the middle (BF_LEFT): the column from the top to the
    // step's bottom. No BF_ADJUST.
    expect(got.get('raised-endtopleft-tall')).toEqual([['HHF', 'HHF', 'HHF', '.HH', '.HH', '.HH', '..H', '..H', '..H'], '1 0 0 0 3 9']);
    // EDGE_ETCHED (sunken outer, raised inner), ENDBOTTOMLEFT, BF_SOFT, in (1,1,7,5): 6/4 -> 1x1 steps "/",
    // bottom colours BTNHIGHLIGHT then BTNSHADOW, each stopping at the rectangle's top.
    expect(got.get('etched-endbottomleft-soft')).toEqual([['........', '...SH...', '..SH....', '.SH.....', '.H......', '........'], '1 0 1 1 5 3']);
    // BF_DIAGONAL alone, BF_FLAT: "/", outer BTNSHADOW, inner BTNFACE; right and bottom shrink.
    expect(got.get('flat-diagonal')).toEqual([['..FS', '.FS.', 'FS..', 'S...'], '1 0 0 0 2 2']);
    // An empty rectangle: nothing drawn or adjusted, TRUE.
    expect(got.get('empty')).toEqual([Array(10).fill('......'), '1 0 5 5 5 9']);
    // Raised and sunken outer bits together: ERROR_INVALID_PARAMETER (87) before drawing; inner ones: after
    // the outer pass drew, and the rectangle is not written back.
    expect(got.get('bad-outer')).toEqual([['....', '....', '....', '....'], '0 87 0 0 4 4']);
    expect(got.get('bad-inner')).toEqual([['D...', '.D..', '..D.', '...D'], '0 87 0 0 4 4']);
  });

  it('takes some top/left colours from stock brushes, the rest from the system colours (SetSysColors moves only those)', async () => {
    const r = await runExecutable(rom);
    const got = parse(r.stdout);
    // With COLOR_WINDOW, WINDOWFRAME, BTNSHADOW, BTNHIGHLIGHT, 3DDKSHADOW, 3DLIGHT moved to other colours: w/g/k are the
    // stock WHITE/GRAY/BLACK brushes (CE 6's gwes.dll), capitals the system colours. The right line owns both right
    // corners, the bottom one the bottom-left corner, the left one the top-left corner.
    // EDGE_RAISED: outer white / 3DDKSHADOW, inner BTNHIGHLIGHT / BTNSHADOW; BF_SOFT: outer gray, inner 3DLIGHT.
    expect(got.get('raised-syscolors')).toEqual([['wwwD', 'wHSD', 'wSSD', 'DDDD'], '1 0 0 0 4 4']);
    expect(got.get('raised-soft-syscolors')).toEqual([['gggD', 'gLSD', 'gSSD', 'DDDD'], '1 0 0 0 4 4']);
    // EDGE_SUNKEN: outer gray / BTNHIGHLIGHT, inner black / 3DLIGHT; BF_SOFT: outer black too.
    expect(got.get('sunken-syscolors')).toEqual([['gggH', 'gkLH', 'gLLH', 'HHHH'], '1 0 0 0 4 4']);
    expect(got.get('sunken-soft-syscolors')).toEqual([['kkkH', 'kkLH', 'kLLH', 'HHHH'], '1 0 0 0 4 4']);
    expect(got.size).toBe(12);
  });
});

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const hasPegterm = existsSync(join(CE6, 'registry')) && existsSync(join(CE6, 'fs', 'Windows', 'pegterm.exe'));

describe.skipIf(!hasPegterm)('pegterm.exe /? (corpus ce6)', () => {
  it('draws its diagonal edges and reaches its message loop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-pegterm-'));
    try {
      cpSync(join(CE6, 'fs'), root, { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
      const emu = await start(join(root, 'Windows', 'pegterm.exe'), {
        args: ['/?'],
        deviceRoot: root,
        registryFile: reg,
        deterministic: true,
        timeoutMs: 60_000,
        trace: 'DrawEdge,GetMessageW',
      });
      // Until it waits for its first message (or ends), at most 30 s.
      let done: Awaited<typeof emu.exited> | undefined;
      void emu.exited.then((d) => (done = d));
      for (let i = 0; i < 300 && !done && !emu.trace.some((t) => t.name === 'GetMessageW'); i++) await new Promise((r) => setTimeout(r, 100));
      const diagonal = emu.trace.filter((t) => t.name === 'DrawEdge' && t.ret !== undefined && (Number(t.args?.grfFlags) & 0x10) !== 0);
      expect(diagonal.length).toBeGreaterThan(0);
      expect(diagonal.every((t) => t.ret === true)).toBe(true);
      expect(emu.trace.some((t) => t.name === 'GetMessageW')).toBe(true);
      expect(done?.message ?? '').not.toContain('DrawEdge');
      if (!done) await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
