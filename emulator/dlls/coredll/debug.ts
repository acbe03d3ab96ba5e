/**
 * coredll debug output: NKDbgPrintfW and OutputDebugStringW go to the debug channel (shown with
 * --debug-output), never to the guest's stdout.
 *
 * RegisterDbgZones(hMod, lpdbgparam) (CE 5/6 docs, "Setting Initial Debug Zones"): a module registers
 * its DBGPARAM (lpszName WCHAR[32], rglpszZones WCHAR[16][32], ulZoneMask at offset 1088); the initial
 * zone mask comes from the device registry, HKLM\DebugZones, a REG_DWORD named after lpszName, which
 * is written to ulZoneMask. Without such a value the module's own mask stays. TRUE; a NULL DBGPARAM:
 * FALSE, ERROR_INVALID_PARAMETER. (No debugger is attached to change zones later.)
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { format } from './printf.js';
import { registryOf } from './registry.js';

const ZONE_MASK_OFFSET = 64 + 16 * 64;

export const debug: ApiDef[] = [
  fn('NKDbgPrintfW(wstr lpszFmt, ...): void', (cx, f: number) => {
    cx.machine.debugOutput(format(cx, f, true, 'crt', cx.varargs()).replace(/\r?\n$/, ''));
  }),
  fn('OutputDebugStringW(wstr lpOutputString): void', (cx, s: number) => {
    if (s) cx.machine.debugOutput(cx.mem.wstr(s).replace(/\r?\n$/, ''));
  }),
  fn('RegisterDbgZones(handle hMod, ptr lpdbgparam): bool', (cx, _mod: number, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = cx.mem.wstr(p, 32);
    const v = name ? registryOf(cx.machine).byFullPath('HKEY_LOCAL_MACHINE\\DebugZones', false)?.value(name) : undefined;
    if (v && v.type === REG.DWORD && v.data.length >= 4) cx.mem.setU32(p + ZONE_MASK_OFFSET, v.data.readUInt32LE(0));
    return 1;
  }),
];
