/**
 * File handles on loaded stream drivers (devfile.ts, devmgr.ts): devio.exe opens devdrv.dll's
 * devices by name and drives them through ReadFile/WriteFile/SetFilePointer/DeviceIoControl/
 * CloseHandle, with the error paths of CE 6's device manager. The ROM checks the results; here: the
 * run, and the order in which the driver's entry points ran (each prints a line), which is what the
 * device manager decides: PreClose before Close, only the last reference closes, PreDeinit at
 * DeactivateDevice with a handle open and Deinit after the last Close, Deinit at once without
 * PreDeinit, no Init for a refused entry-point set. The ROM also checks GetRomFileInfo and
 * GetPartitionInfo (romstore.ts). Then real CE 6 drivers opened the same way (skipped when the
 * corpus is absent).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'devio.exe');
const CE6 = join(ROOT, '..', 'shared', 'corpus', 'ce6');
const haveCorpus = existsSync(join(CE6, 'fs', 'Windows', 'Backlight.dll')) && existsSync(join(CE6, 'registry'));

describe('stream driver handles (devio.exe)', () => {
  it('opens, reads, writes, seeks, controls and closes devices, error paths included', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(61);
    expect(r.stdout).toContain('devio: 0 failures');
    expect(r.exitCode).toBe(0);
    expect(lines.filter((l) => l.startsWith('devdrv: ') || (l.startsWith('devio: ') && !l.includes('failures')))).toEqual([
      'devdrv: DIO_Init(Drivers\\Active\\01)',
      'devdrv: DIO_Open(its context, c0000000, 1)',
      'devdrv: DIO_Write(open 1, 11)',
      'devdrv: DIO_Seek(open 1, 6, 0)',
      'devdrv: DIO_Read(open 1, 16)',
      'devdrv: DIO_Read(open 1, 16)',
      'devdrv: DIO_Seek(open 1, -3, 2)',
      'devdrv: DIO_Seek(open 1, -20, 1)',
      'devdrv: DIO_Open(its context, 80000000, 1)',
      'devdrv: DIO_Read(open 2, 5)',
      'devdrv: DIO_Open(its context, 00000000, 1)',
      'devdrv: DIO_Seek(open 3, 2, 0)',
      'devdrv: DIO_PreClose(open 3)',
      'devdrv: DIO_Close(open 3)',
      'devdrv: DIO_IOControl(open 1, 00220004)',
      'devdrv: DIO_IOControl(open 1, 00229999)',
      'devdrv: DIO_IOControl(open 1, 00220010)',
      'devdrv: DIO_IOControl(open 1, 00220010)',
      'devdrv: DIO_IOControl(open 1, 00220008)',
      'devdrv: DIO_Read(open 1, 4)',
      'devdrv: DIO_IOControl(open 1, 00220008)',
      'devdrv: DIO_Write(open 1, 3)',
      'devdrv: DIO_IOControl(open 1, 0022000c)',
      'devdrv: DIO_Open(its context, 80000000, 1)',
      'devdrv: DIO_IOControl(open 1, 0022000c)',
      'devdrv: DIO_Open(its context, 80000000, 1)',
      'devio: closing the first of two references',
      'devdrv: DIO_Read(open 2, 1)',
      'devio: closing the last reference',
      'devdrv: DIO_PreClose(open 2)',
      'devdrv: DIO_Close(open 2)',
      'devdrv: DIO_Open(its context, 80000000, 1)',
      'devio: closing through DuplicateHandle(DUPLICATE_CLOSE_SOURCE, no target)',
      'devdrv: DIO_PreClose(open 4)',
      'devdrv: DIO_Close(open 4)',
      'devio: deactivating with a handle open',
      'devdrv: DIO_PreDeinit(its context)',
      'devio: closing the last handle',
      'devdrv: DIO_Close(open 1)',
      'devdrv: DIO_Deinit(its context)',
      'devdrv: DIN_Init',
      'devdrv: DIN_Open',
      'devdrv: DIN_Write(3)',
      'devio: deactivating DIN with a handle open',
      'devdrv: DIN_Deinit',
      'devdrv: DIN_Close(5151)',
    ]);
  });
});

describe.skipIf(!haveCorpus)('CE 6 drivers opened by name (corpus ce6)', () => {
  let dir = '';
  let reg = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wmemu-devio-'));
    reg = join(dir, 'device.reg');
    writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // ActivateDeviceEx with the device's registry, CreateFileW of the name, IOCTL_POWER_CAPABILITIES,
  // CloseHandle, DeactivateDevice: each driver's own XXX_Open/XXX_IOControl/XXX_Close run. The
  // backlight driver is power-managed and answers with its POWER_CAPABILITIES (D0 and D4); the
  // others answer the IOCTL their own way.
  it.each([
    ['Backlight', 'BKL1:', 'ioctl POWER_CAPABILITIES: ok, 48 bytes, DeviceDx 11'],
    ['SmartCard', 'SCA1:', undefined],
    ['Ethman', 'ETM1:', undefined],
    ['NdisPower', 'NPW1:', undefined],
  ])('%s as %s', async (key, name, ioctl) => {
    const r = await runExecutable(rom, {
      args: ['drive', `Drivers\\BuiltIn\\${key}`, name],
      deviceRoot: dir,
      dllSearchPath: [join(CE6, 'fs', 'Windows')],
      registryFile: reg,
      osVersion: 6,
      timeoutMs: 20_000,
    });
    expect(r.message ?? '').not.toMatch(/unimplemented|not implemented/);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`open ${name}: opened`);
    expect(lines).toContain(`close ${name}: closed`);
    expect(lines).toContain('deactivate: done');
    if (ioctl) expect(lines).toContain(ioctl);
    expect(r.exitCode).toBe(0);
  });
});
