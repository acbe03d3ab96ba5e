/**
 * coredll debug output: NKDbgPrintfW and OutputDebugStringW go to the debug channel (shown with
 * --debug-output), never to the guest's stdout.
 *
 * RegisterDbgZones(hMod, lpdbgparam) (CE 5/6 docs, "Setting Initial Debug Zones"): a module registers
 * its DBGPARAM (lpszName WCHAR[32], rglpszZones WCHAR[16][32], ulZoneMask at offset 1088); the initial
 * zone mask comes from the device registry, HKLM\DebugZones, a REG_DWORD named after lpszName, which
 * is written to ulZoneMask. Without such a value the module's own mask stays. TRUE; a NULL DBGPARAM:
 * FALSE, ERROR_INVALID_PARAMETER. The kernel remembers the DBGPARAM of the process (hMod NULL) or
 * module (its handle) for SetDbgZone.
 *
 * SetDbgZone(dwProcid, lpvMod, baseptr, zone, lpdbgTgt) (CE 5/6 docs): sets or queries the zones of
 * the process (dwProcid: this process's handle or ID, lpvMod 0) or of a module (lpvMod: its handle,
 * dwProcid 0), not both: zone 0xFFFFFFFF only queries, another value becomes ulZoneMask; lpdbgTgt,
 * when given, receives a copy of the DBGPARAM with the new mask. Both or neither target, or one that
 * never registered zones: FALSE, ERROR_INVALID_PARAMETER. Another process of the run stops the run
 * naming the feature (its memory is another machine's).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { CURRENT_PROCESS_PSEUDO } from '../../core/kernel/handles.js';
import { defineSlot } from '../../core/slot.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { format } from './printf.js';
import { registryOf } from './registry.js';

const ZONE_MASK_OFFSET = 64 + 16 * 64;
const DBGPARAM_SIZE = ZONE_MASK_OFFSET + 4;
/** Registered DBGPARAMs: module handle (0 = the process) -> guest address. */
const zonesSlot = defineSlot('debug-zones', () => new Map<number, number>());

export const debug: ApiDef[] = [
  fn('NKDbgPrintfW(wstr lpszFmt, ...): void', (cx, f: number) => {
    cx.machine.debugOutput(format(cx, f, true, 'crt', cx.varargs()).replace(/\r?\n$/, ''));
  }),
  fn('OutputDebugStringW(wstr lpOutputString): void', (cx, s: number) => {
    if (s) cx.machine.debugOutput(cx.mem.wstr(s).replace(/\r?\n$/, ''));
  }),
  fn('RegisterDbgZones(handle hMod, ptr lpdbgparam): bool', (cx, mod: number, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = cx.mem.wstr(p, 32);
    const v = name ? registryOf(cx.machine).byFullPath('HKEY_LOCAL_MACHINE\\DebugZones', false)?.value(name) : undefined;
    if (v && v.type === REG.DWORD && v.data.length >= 4) cx.mem.setU32(p + ZONE_MASK_OFFSET, v.data.readUInt32LE(0));
    zonesSlot.of(cx.machine).set(mod >>> 0, p);
    return 1;
  }),
  fn(
    'SetDbgZone(u32 dwProcid, ptr lpvMod, ptr baseptr, hex zone, ptr lpdbgTgt): bool',
    (cx, proc: number, mod: number, _b: number, zone: number, tgt: number) => {
      if ((proc === 0) === (mod === 0)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (proc && proc !== CURRENT_PROCESS_PSEUDO && proc >>> 0 !== cx.machine.processId) {
        if (cx.machine.handles.get(proc, 'process')) throw new UnimplementedFeature(`on another process (0x${(proc >>> 0).toString(16)})`);
        return cx.fail(0, ERROR.INVALID_PARAMETER);
      }
      const p = zonesSlot.of(cx.machine).get(proc ? 0 : mod >>> 0);
      if (p === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (zone >>> 0 !== 0xffffffff) cx.mem.setU32(p + ZONE_MASK_OFFSET, zone >>> 0);
      if (tgt) cx.mem.write(tgt, cx.mem.bytes(p, DBGPARAM_SIZE));
      return 1;
    },
  ),
];
