/**
 * coredll ExtractResource(lpszFile, lpszName, lpszType): a copy of one resource of a module file that
 * need not be loaded. Undocumented; it is what the CE 6 oleaut32.dll's LoadTypeLib calls to take the
 * "TYPELIB" resource out of a DLL or EXE (ExtractResource(path, MAKEINTRESOURCE(n), L"TYPELIB"), then
 * n = 1). Behaviour from the CE 6 coredll's own (corpus ce6 coredll.dll ordinal 573, disassembled):
 * the file is loaded as a data file (LoadLibraryEx, flag 2 = LOAD_LIBRARY_AS_DATAFILE: no DllMain),
 * the resource found by type and name, LocalAlloc(LMEM_FIXED, size) receives a copy of its bytes,
 * the module is freed again, and the copy is returned (the caller LocalFrees it). Every failure
 * returns NULL with ERROR_RESOURCE_NAME_NOT_FOUND (1814): the file cannot be loaded, the resource is
 * not there or is empty, or the copy cannot be allocated (the inner ERROR_NOT_ENOUGH_MEMORY is
 * overwritten by the outer function).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { Libraries } from '../../core/loader/libraries.js';
import type { ResId } from '../../core/pe/resources.js';
import { ERROR } from '../../core/win32-errors.js';

const resId = (cx: ApiContext, p: number): ResId => (p >>> 0 < 0x1_0000 ? p : cx.mem.wstr(p, 260));

function extract(cx: ApiContext, pFile: number, pName: number, pType: number): number {
  const m = cx.machine;
  const fail = () => cx.fail(0, ERROR.RESOURCE_NAME_NOT_FOUND);
  if (!pFile || !pName || !pType) return fail();
  const file = cx.mem.wstr(pFile, 260);
  const base = file.replace(/^.*[\\/]/, '').toLowerCase();
  const libs = Libraries.of(m);
  // The program itself is mapped already (LoadLibraryEx of its own name gives its module).
  const main = m.main && m.main.name.toLowerCase() === base ? m.main : undefined;
  const r = main ? undefined : libs.load(file);
  if (!main && (!r || !r.ok)) return fail();
  const mod = main ?? (r!.ok ? r!.rec.mod : undefined)!;
  try {
    const leaf = mod.resources.find(resId(cx, pType), resId(cx, pName));
    if (!leaf || !leaf.size) return fail();
    const p = m.processHeap.alloc(leaf.size);
    if (!p) return fail();
    cx.mem.copyWithin(p, (mod.base + leaf.dataRva) >>> 0, leaf.size);
    return p;
  } finally {
    // FreeLibrary of a data-file load: no DllMain; a module mapped only for this goes away.
    if (r?.ok) for (const g of libs.release(r.rec)) if (!g.attached) libs.unmap(g);
  }
}

export const extractres: ApiDef[] = [fn('ExtractResource(ptr lpszFile, ptr lpszName, ptr lpszType): ptr', extract)];
