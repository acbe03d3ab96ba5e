/**
 * USER/GDI calls several corpus binaries import (issues 12 and 14): usermisc.exe checks RoundRect pixel
 * by pixel against the rounded-rectangle rule, GetWindowTextWDirect against a window procedure that
 * answers WM_GETTEXT itself, ScrollWindowEx (bits, update region, clip, children), mouse_event and
 * PostKeybdMessage through the messages its window procedure receives, CreateIconIndirect and
 * ImageList_GetIcon drawn through image lists, image list dragging read back from the screen,
 * DrawFrameControl's push button against DrawEdge.
 * References in the headers of emulator/dlls/coredll/{roundrect,windirect,scrollwnd,inject,iconindirect,imagedrag,drawframe}.ts.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'usermisc.exe');

describe('USER/GDI miscellany', () => {
  it('usermisc.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(57);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
