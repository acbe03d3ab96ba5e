/**
 * Typed per-machine state: each DLL or family that keeps state for a machine defines one slot,
 *
 *   const heapsSlot = defineSlot('heaps', (m) => ({ heaps: new Map(), ... }));
 *   heapsSlot.of(cx.machine)   // created by `init` on first use, then the same object
 *   heapsSlot.peek(machine)    // undefined until something created it
 *
 * in place of a string-keyed map read through casts. The value lives as long as its machine (a
 * WeakMap keyed by the machine); `init` runs at most once per machine (again only if it threw).
 */
import type { Machine } from './machine.js';

export interface Slot<T> {
  /** For messages and debugging. */
  readonly name: string;
  /** The machine's value, created by the slot's init on first use. */
  of(m: Machine): T;
  /** The machine's value if it was created, else undefined (nothing is created). */
  peek(m: Machine): T | undefined;
}

/** A slot's value is never undefined (undefined means "not created yet"). */
export function defineSlot<T extends object | number | string | boolean | bigint>(name: string, init: (m: Machine) => T): Slot<T> {
  const values = new WeakMap<Machine, T>();
  return {
    name,
    of(m) {
      const had = values.get(m);
      if (had !== undefined) return had;
      const v = init(m);
      values.set(m, v);
      return v;
    },
    peek(m) {
      return values.get(m);
    },
  };
}
