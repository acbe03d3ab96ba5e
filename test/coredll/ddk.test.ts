/**
 * The driver-support coredll family (ddk.exe): interrupts on a device whose OAL routes no IRQ
 * (interrupts.ts), the DDKReg_* registry helpers (ddkreg.ts), physical memory (physmem.ts), the
 * resource manager (resmgr.ts), system power (syspower.ts), relfsd without KITL (relfsd.ts) and the
 * device manager loading a real driver, ddkdrv.dll (devmgr.ts). The expected values are in the ROM,
 * each from the CE documentation cited in its family; here: the run, what the driver printed, the
 * power transitions that stop the run, and real driver DLLs of the CE 6 image loaded through
 * ActivateDeviceEx with the image's registry (skipped when the corpus is absent).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'ddk.exe');
const CE6 = join(ROOT, '..', 'shared', 'corpus', 'ce6');
const haveCorpus = existsSync(join(CE6, 'fs', 'Windows', 'Backlight.dll')) && existsSync(join(CE6, 'registry'));

describe('driver support (ddk.exe)', () => {
  it('passes every self-check, error paths included', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(118);
    expect(r.stdout).toContain('ddk: 0 failures');
    expect(r.exitCode).toBe(0);
    // The driver's own view: its Init got the active key and lpvParam, the REGINI value and its
    // I/O window from the driver key; the failing driver's Init ran and returned 0.
    expect(lines.filter((l) => l.startsWith('ddkdrv: '))).toEqual([
      'ddkdrv: Init(Drivers\\Active\\01, 00001234)',
      'ddkdrv: active key Extra=42',
      'ddkdrv: io window 400+10',
      'ddkdrv: Deinit(its context)',
      'ddkdrv: Init(Drivers\\Active\\02, 00000000)',
      'ddkdrv: failing Init',
    ]);
  });

  it('a transition out of the on state stops the run, naming it', async () => {
    const s = await runExecutable(rom, { args: ['suspend'] });
    expect(s.status).toBe('unimplemented');
    expect(s.message).toContain('SetSystemPowerState: entering the system power state (POWER_STATE_SUSPEND) is not implemented');
    expect(s.stdout).not.toContain('survived');
    const p = await runExecutable(rom, { args: ['poweroff'] });
    expect(p.status).toBe('unimplemented');
    expect(p.message).toContain('PowerOffSystem: suspending the device is not implemented');
    expect(p.stdout).not.toContain('survived');
  });
});

describe.skipIf(!haveCorpus)('CE 6 drivers through ActivateDeviceEx (corpus ce6)', () => {
  let dir = '';
  let reg = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wmemu-ddk-'));
    reg = join(dir, 'device.reg');
    writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const activate = (key: string) =>
    runExecutable(rom, {
      args: ['activate', `Drivers\\BuiltIn\\${key}`],
      deviceRoot: dir,
      dllSearchPath: [join(CE6, 'fs', 'Windows')],
      registryFile: reg,
      osVersion: 6,
      timeoutMs: 20_000,
    });

  // Each driver's Init runs against the device's registry configuration; none stops at an
  // unimplemented import. What each does without its hardware is its own: the backlight, smart
  // card, Ethernet manager and NDIS power drivers touch no registers and load; the S3C2410 audio
  // driver gets no SYSINTR for its IRQ (IOCTL_HAL_REQUEST_SYSINTR fails) and the serial-DMA driver
  // cannot open its DMA6: channel device (the DMA drivers are not loaded), so both Inits return 0
  // (ERROR_OPEN_FAILED); EMS.dll's DllMain refuses to load (ERROR_DLL_INIT_FAILED).
  it.each([
    ['Backlight', 'loaded'],
    ['SmartCard', 'loaded'],
    ['Ethman', 'loaded'],
    ['NdisPower', 'loaded'],
    ['Audio', 'failed, error 110'],
    ['SERDMA', 'failed, error 110'],
    ['EMS', 'failed, error 1114'],
  ])('%s', async (key, line) => {
    const r = await activate(key);
    expect(r.status).not.toBe('unimplemented');
    expect(r.message ?? '').not.toMatch(/unimplemented|not implemented/);
    expect(r.stdout.split('\n')).toContain(`activate Drivers\\BuiltIn\\${key}: ${line}`);
  });
});
