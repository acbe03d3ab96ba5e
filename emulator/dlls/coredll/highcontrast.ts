/**
 * SystemParametersInfoW SPI_GETHIGHCONTRAST (0x42) and SPI_SETHIGHCONTRAST (0x43), called from the
 * SystemParametersInfoW switch in sysmetrics.ts. State: one per run's GWES (every process sees it).
 *
 * Reference: CE 6's coredll.dll and gwes.dll from the corpus, disassembled with llvm-objdump. coredll's
 * SystemParametersInfoW waits for the window manager's API set and calls GWES's USER API set entry 228,
 * whose switch sends 0x42 and 0x43 to two functions of (uiParam, pvParam). HIGHCONTRAST on CE is
 * { UINT cbSize; DWORD dwFlags; LPWSTR lpszDefaultScheme } (12 bytes).
 *
 * SPI_GETHIGHCONTRAST: pvParam not NULL, pvParam->cbSize == 12 and uiParam == cbSize, and
 * lpszDefaultScheme a caller buffer of 40 bytes (20 WCHARs) it can write, else ERROR_INVALID_PARAMETER,
 * FALSE. Then dwFlags = the current flags | HCF_AVAILABLE (0x2) | HCF_HOTKEYAVAILABLE (0x40), and the
 * scheme name is copied: "High Contrast White" (scheme 1), "High Contrast Black" (scheme 2), or the empty
 * string while none was ever chosen (both GWES globals start at 0: a device answers dwFlags 0x42, "").
 *
 * SPI_SETHIGHCONTRAST: the same pvParam / cbSize / uiParam / 40-byte buffer checks, then the scheme name
 * must be exactly (wcscmp) one of the two names above, else ERROR_INVALID_PARAMETER, FALSE. The flags
 * become pvParam->dwFlags. With HCF_HIGHCONTRASTON (0x1) set GWES saves the 29 system colours and loads the
 * scheme's (and plays a sound with HCF_HOTKEYSOUND); turning it off puts the saved colours back. Loading
 * a scheme's colours is not implemented here: setting HCF_HIGHCONTRASTON stops the run naming itself;
 * turning it off, choosing a scheme and storing the other flags work. TRUE.
 */
import { UnimplementedFeature } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';

export const SPI_GETHIGHCONTRAST = 0x42;
export const SPI_SETHIGHCONTRAST = 0x43;

const HCF = { HIGHCONTRASTON: 0x1, AVAILABLE: 0x2, HOTKEYAVAILABLE: 0x40 } as const;
const SIZEOF_HIGHCONTRAST = 12;
/** The caller buffer GWES opens for lpszDefaultScheme (bytes). */
const SCHEME_BUFFER = 40;
/** CE 6's scheme names, by GWES's scheme number (1, 2); 0 is none. */
const SCHEMES = ['', 'High Contrast White', 'High Contrast Black'] as const;

interface HighContrast {
  flags: number;
  scheme: number;
}
const states = new WeakMap<Gwes, HighContrast>();
function state(g: Gwes): HighContrast {
  let s = states.get(g);
  if (!s) states.set(g, (s = { flags: 0, scheme: 0 }));
  return s;
}

/** SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST: BOOL, with CE 6 GWES's checks (module comment). */
export function highContrast(cx: ApiContext, action: number, uiParam: number, pv: number): number {
  if (!pv || !cx.mem.isUserRange(pv, SIZEOF_HIGHCONTRAST, 'write')) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const cb = cx.mem.u32(pv);
  if (cb !== SIZEOF_HIGHCONTRAST || uiParam !== cb) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const name = cx.mem.u32(pv + 8);
  if (!name || !cx.mem.isUserRange(name, SCHEME_BUFFER, action === SPI_GETHIGHCONTRAST ? 'write' : 'read')) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const s = state(gwesOf(cx.machine));
  if (action === SPI_GETHIGHCONTRAST) {
    cx.mem.setU32(pv + 4, (s.flags | HCF.AVAILABLE | HCF.HOTKEYAVAILABLE) >>> 0);
    cx.mem.writeWstr(name, SCHEMES[s.scheme] ?? '');
    return 1;
  }
  const scheme = SCHEMES.indexOf(cx.mem.wstr(name, SCHEME_BUFFER / 2) as (typeof SCHEMES)[number]);
  if (scheme < 1) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const flags = cx.mem.u32(pv + 4);
  if (flags & HCF.HIGHCONTRASTON) throw new UnimplementedFeature('SPI_SETHIGHCONTRAST with HCF_HIGHCONTRASTON (loading the high-contrast colour scheme)');
  s.scheme = scheme;
  s.flags = flags;
  return 1;
}
