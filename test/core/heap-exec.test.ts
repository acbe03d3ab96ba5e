/**
 * Heap memory is executable, as on a CE 6 device (emulator/core/memory/heap.ts): ATL window thunks that
 * Microsoft's CE code writes into heap blocks run there. Both kinds of block are checked: a small one
 * (carved from a 1 MiB chunk) and a large one (a mapping of its own). The corpus case (ceplayer.exe running
 * msdxm.dll's thunk) is in docs/compat/ce6.md.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from '../../emulator/system/dll-set.js';
import { PROT_RWX } from '../../emulator/core/memory/guest-memory.js';

describe('guest heap pages', () => {
  it('are readable, writable and executable (small and large blocks)', () => {
    const m = createMachine();
    const small = m.processHeap.alloc(20);
    const large = m.processHeap.alloc(0x80000);
    expect(small).not.toBe(0);
    expect(large).not.toBe(0);
    expect(m.mem.protAt(small)).toBe(PROT_RWX);
    expect(m.mem.protAt(large)).toBe(PROT_RWX);
  });
});
