/**
 * Image lists (issue 14; on CE they are coredll's): imagelist.exe draws its images in every mode into
 * a memory bitmap and reads the pixels back against the documented ROPs (references in
 * emulator/dlls/coredll/imagelist.ts: the Image Lists pages and Wine's comctl32); then SHLoadDIBitmap
 * on a 2 bpp .2bp file the ROM writes, a missing file and a non-bitmap (emulator/dlls/coredll/dibfile.ts),
 * ImageList_DrawIndirect, DrawEdge (emulator/dlls/coredll/drawedge.ts) and GetClipRgn (cliprgn.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'imagelist.exe');

describe('image lists', () => {
  it('imagelist.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(67);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
