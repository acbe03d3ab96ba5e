/**
 * coredll SHLoadIndirectString(pszSource, pszOutBuf, cchOutBuf, ppvReserved) (imported by 2 corpus
 * binaries): an "indirect string" resolved to its text. References: the SHLoadIndirectString page
 * (shlwapi.h; CE's coredll exports it as ordinal 1977) and Wine's shlwapi implementation and tests.
 *
 * - "@file,-id": the string resource id of the module file, read as LoadStringW reads it; the file is
 *   loaded as a data file (no DllMain) and let go again, as ExtractResource does (extractres.ts); the
 *   program's own file name gives the program. A ";v2"-style version suffix after the number is
 *   ignored (it only names a cache entry on the desktop). The text is cut to cchOutBuf - 1 characters.
 * - A source not starting with '@' is copied unchanged (pszSource may equal pszOutBuf), S_OK.
 * - "@file,N" with N >= 0 (the N-th string of the binary, a desktop form for MUI files; Wine does not
 *   handle it either) stops the run naming itself. "@{...}" package forms are not CE ones: they fail
 *   as a source without a comma.
 * - Failures return E_FAIL with pszOutBuf emptied, as Wine: no comma, a file that cannot be loaded, a
 *   string id the module does not have. NULL pszSource or pszOutBuf, or cchOutBuf 0: E_INVALIDARG.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { Libraries } from '../../core/loader/libraries.js';
import type { LoadedModule } from '../../core/loader/loader.js';
import { findString } from '../../core/pe/resources.js';

const S_OK = 0;
const E_FAIL = 0x80004005;
const E_INVALIDARG = 0x80070057;

/** The string resource `id` of the module file `file`, or undefined. */
export function moduleString(cx: ApiContext, file: string, id: number): string | undefined {
  const m = cx.machine;
  const base = file.replace(/^.*[\\/]/, '').toLowerCase();
  const libs = Libraries.of(m);
  const main = m.main && m.main.name.toLowerCase() === base ? m.main : undefined;
  const r = main ? undefined : libs.load(file);
  if (!main && (!r || !r.ok)) return undefined;
  const mod: LoadedModule = main ?? (r!.ok ? r!.rec.mod : undefined)!;
  try {
    const s = findString(mod.resources, cx.mem.ram.subarray(mod.base, mod.base + mod.size), id & 0xffff);
    if (!s) return undefined;
    const a = (mod.base + s.rva) >>> 0;
    return Buffer.from(cx.mem.bytes(a, 2 * s.length)).toString('utf16le');
  } finally {
    if (r?.ok) for (const g of libs.release(r.rec)) if (!g.attached) libs.unmap(g);
  }
}

function load(cx: ApiContext, src: number, out: number, cch: number): number {
  if (!src || !out || cch <= 0) return E_INVALIDARG;
  const text = cx.mem.wstr(src, 0x1_0000);
  const put = (s: string) => cx.mem.writeWstr(out, s.slice(0, cch - 1));
  if (!text.startsWith('@')) {
    put(text);
    return S_OK;
  }
  const comma = text.lastIndexOf(',');
  const num = comma > 1 ? /^\s*(-?\d+)/.exec(text.slice(comma + 1)) : null;
  if (!num) {
    put('');
    return E_FAIL;
  }
  const index = Number(num[1]);
  if (index >= 0) throw new UnimplementedFeature(`with a string index (${text}: a non-negative number is an index into the binary, not a resource ID)`);
  const s = moduleString(cx, text.slice(1, comma), -index);
  put(s ?? '');
  return s === undefined ? E_FAIL : S_OK;
}

export const shindirect: ApiDef[] = [
  fn('SHLoadIndirectString(ptr pszSource, ptr pszOutBuf, u32 cchOutBuf, ptr ppvReserved): hex', (cx, s: number, o: number, n: number) => load(cx, s, o, n)),
];
