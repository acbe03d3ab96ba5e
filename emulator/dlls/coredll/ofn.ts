/**
 * coredll GetOpenFileNameW / GetSaveFileNameW: on CE 6 these are thunks into the shell. The device's
 * coredll loads ceshell.dll (once), takes its export SHGetOpenFileName and calls
 * SHGetOpenFileName(lpofn, fSave) with fSave 0 for Open and 1 for Save As; the dialog, the OPENFILENAME
 * handling and CommDlgExtendedError are the shell's. Read from the CE 6 coredll.dll of the corpus
 * (GetOpenFileNameW / GetSaveFileNameW: LoadLibrary(L"ceshell.dll"), GetProcAddress(L"SHGetOpenFileName"),
 * the result returned as is, FALSE when the shell or its export is missing). wmemu does the same with the
 * image's ceshell.dll; without one the call is FALSE, as on a device built without the shell.
 */
import { fn, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { getProcAddressOf, loadLibraryNamed } from './modules.js';

function viaShell(cx: ApiContext, ofn: number, save: number): number | typeof CALLED {
  return loadLibraryNamed(cx, 'ceshell.dll', 0, (h) => {
    const proc = h ? getProcAddressOf(cx, h, { name: 'SHGetOpenFileName' }) : undefined;
    if (!proc) return 0;
    return cx.callGuest(proc, [ofn, save], (r0) => r0);
  });
}

export const ofn: ApiDef[] = [
  fn('GetOpenFileNameW(ptr lpofn): bool', (cx, p: number) => viaShell(cx, p, 0)),
  fn('GetSaveFileNameW(ptr lpofn): bool', (cx, p: number) => viaShell(cx, p, 1)),
];
