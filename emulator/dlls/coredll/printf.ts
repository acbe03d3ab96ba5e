/**
 * coredll formatted output: the printf family. One engine (format.ts) behind all of them; this file
 * decides where the text goes (guest buffer, console, debug channel) and how it is encoded.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { consoleOut } from './stdio.js';
import { fitToBuffer } from './format.js';
import { format, formatStreamed } from './format-guest.js';

export { format };

/** Console output: narrow text is the device code page (Latin-1 here), wide text goes out as UTF-8. */
export function consoleWrite(cx: ApiContext, text: string, wide: boolean): void {
  consoleOut(cx.machine, 1, Buffer.from(text, wide ? 'utf8' : 'latin1')); // follows SetStdioPathW
}

function store(cx: ApiContext, buf: number, text: string, wide: boolean): number {
  if (wide) cx.mem.writeWstr(buf, text);
  else cx.mem.writeStr(buf, text);
  return text.length;
}

/** _snprintf-style: at most `count` characters, NUL only if room, -1 when truncated. */
function storeN(cx: ApiContext, buf: number, count: number, text: string, wide: boolean): number {
  const fit = fitToBuffer(text, count);
  const unit = wide ? 2 : 1;
  cx.mem.check(buf, Math.min(count, fit.text.length + (fit.terminate ? 1 : 0)) * unit, 'write');
  if (wide) {
    for (let i = 0; i < fit.text.length; i++) cx.mem.setU16(buf + 2 * i, fit.text.charCodeAt(i));
    if (fit.terminate) cx.mem.setU16(buf + 2 * fit.text.length, 0);
  } else {
    cx.mem.ram.write(fit.text, cx.mem.check(buf, fit.text.length, 'write'), 'latin1');
    if (fit.terminate) cx.mem.setU8(buf + fit.text.length, 0);
  }
  return fit.result;
}

export const printf: ApiDef[] = [
  fn('printf(str format, ...): i32', (cx, f: number) => {
    return formatStreamed(cx, f, false, cx.varargs(), (s) => consoleWrite(cx, s, false));
  }),
  fn('wprintf(wstr format, ...): i32', (cx, f: number) => {
    return formatStreamed(cx, f, true, cx.varargs(), (s) => consoleWrite(cx, s, true));
  }),
  fn('vprintf(str format, ptr argptr): i32', (cx, f: number, va: number) => {
    return formatStreamed(cx, f, false, cx.vaList(va), (s) => consoleWrite(cx, s, false));
  }),
  fn('vwprintf(wstr format, ptr argptr): i32', (cx, f: number, va: number) => {
    return formatStreamed(cx, f, true, cx.vaList(va), (s) => consoleWrite(cx, s, true));
  }),
  fn('sprintf(ptr buffer, str format, ...): i32', (cx, b: number, f: number) => store(cx, b, format(cx, f, false, 'crt', cx.varargs()), false)),
  fn('vsprintf(ptr buffer, str format, ptr argptr): i32', (cx, b: number, f: number, va: number) =>
    store(cx, b, format(cx, f, false, 'crt', cx.vaList(va)), false),
  ),
  fn('_snprintf(ptr buffer, u32 count, str format, ...): i32', (cx, b: number, n: number, f: number) =>
    storeN(cx, b, n, format(cx, f, false, 'crt', cx.varargs(), n + 1), false),
  ),
  fn('_vsnprintf(ptr buffer, u32 count, str format, ptr argptr): i32', (cx, b: number, n: number, f: number, va: number) =>
    storeN(cx, b, n, format(cx, f, false, 'crt', cx.vaList(va), n + 1), false),
  ),
  // CE's swprintf is the old Microsoft one without a count argument.
  fn('swprintf(ptr buffer, wstr format, ...): i32', (cx, b: number, f: number) => store(cx, b, format(cx, f, true, 'crt', cx.varargs()), true)),
  fn('vswprintf(ptr buffer, wstr format, ptr argptr): i32', (cx, b: number, f: number, va: number) =>
    store(cx, b, format(cx, f, true, 'crt', cx.vaList(va)), true),
  ),
  fn('_snwprintf(ptr buffer, u32 count, wstr format, ...): i32', (cx, b: number, n: number, f: number) =>
    storeN(cx, b, n, format(cx, f, true, 'crt', cx.varargs(), n + 1), true),
  ),
  fn('_vsnwprintf(ptr buffer, u32 count, wstr format, ptr argptr): i32', (cx, b: number, n: number, f: number, va: number) =>
    storeN(cx, b, n, format(cx, f, true, 'crt', cx.vaList(va), n + 1), true),
  ),
  fn('wsprintfW(ptr buffer, wstr format, ...): i32', (cx, b: number, f: number) => store(cx, b, format(cx, f, true, 'wsprintf', cx.varargs()), true)),
  fn('wvsprintfW(ptr buffer, wstr format, ptr arglist): i32', (cx, b: number, f: number, va: number) =>
    store(cx, b, format(cx, f, true, 'wsprintf', cx.vaList(va)), true),
  ),
];
