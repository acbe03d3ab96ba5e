/**
 * coredll debug output: NKDbgPrintfW and OutputDebugStringW go to the debug channel (shown with
 * --debug-output), never to the guest's stdout.
 */
import { fn, stub, type ApiDef } from '../../core/api/declare.js';
import { format } from './printf.js';

export const debug: ApiDef[] = [
  fn('NKDbgPrintfW(wstr lpszFmt, ...): void', (cx, f: number) => {
    cx.machine.debugOutput(format(cx, f, true, 'crt', cx.varargs()).replace(/\r?\n$/, ''));
  }),
  fn('OutputDebugStringW(wstr lpOutputString): void', (cx, s: number) => {
    if (s) cx.machine.debugOutput(cx.mem.wstr(s).replace(/\r?\n$/, ''));
  }),
  stub('RegisterDbgZones(handle hMod, ptr lpdbgzone): bool', 1, 'debug zones are accepted and ignored'),
];
