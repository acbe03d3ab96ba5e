/**
 * The printf engine (format.ts) applied to guest memory: the format string and %s arguments are
 * read from the guest; a bad pointer becomes a guest access violation.
 */
import type { ApiContext, VarArgReader } from '../../core/api/context.js';
import { GuestFault } from '../../core/memory/guest-memory.js';
import { formatCe, FormatFault, type FormatFlavor, type GuestStrings } from './format.js';

function guestStrings(cx: ApiContext): GuestStrings {
  return {
    wide: (p, max) => (cx.mem.isUserRange(p, 2) ? safe(() => cx.mem.wstr(p, max)) : null),
    narrow: (p, max) => (cx.mem.isUserRange(p, 1) ? safe(() => cx.mem.str(p, max)) : null),
  };
}

function safe(f: () => string): string | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof GuestFault) return null;
    throw e;
  }
}

/** Formats with guest varargs; a bad %s pointer becomes a guest access violation. */
export function format(cx: ApiContext, fmtPtr: number, wide: boolean, flavor: FormatFlavor, va: VarArgReader, limit?: number): string {
  const fmt = wide ? cx.mem.wstr(fmtPtr) : cx.mem.str(fmtPtr);
  try {
    return formatCe(fmt, wide, flavor, va, guestStrings(cx), limit === undefined ? undefined : { limit });
  } catch (e) {
    if (e instanceof FormatFault) throw new GuestFault(e.address, 1, 'read');
    throw e;
  }
}

/**
 * Formats without a length limit, handing the output to `write` in pieces as it is produced (console
 * printf: any amount of output, never one giant host string); returns the number of characters.
 */
export function formatStreamed(cx: ApiContext, fmtPtr: number, wide: boolean, va: VarArgReader, write: (chunk: string) => void): number {
  const fmt = wide ? cx.mem.wstr(fmtPtr) : cx.mem.str(fmtPtr);
  let count = 0;
  const sink = (chunk: string) => {
    count += chunk.length;
    write(chunk);
  };
  try {
    formatCe(fmt, wide, 'crt', va, guestStrings(cx), { limit: Infinity, sink });
  } catch (e) {
    if (e instanceof FormatFault) throw new GuestFault(e.address, 1, 'read');
    throw e;
  }
  return count;
}
