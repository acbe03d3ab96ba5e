/**
 * The driver-backed coredll families as a device without their drivers (nodrivers.exe): waveform
 * audio and mixer (audio.ts: no wave driver) and TAPI (tapi.ts: TAPI with no line device). The ROM's
 * expected values are the documented results for those situations, cited in the two families.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'nodrivers.exe');

describe('a device without audio and TAPI drivers (nodrivers.exe)', () => {
  it('passes every self-check', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(27);
    expect(r.stdout).toContain('nodrivers: 0 failures');
    expect(r.exitCode).toBe(0);
  });
});
