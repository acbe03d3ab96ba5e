/**
 * The run's kernel object namespace: named objects that every process of a run sees (CE has one
 * object namespace for the whole device). A CreateProcessW child (processes.ts) gets its parent's
 * map, so a named file mapping or message queue created by one process is opened by the others.
 * Keys are `<kind>:<name>` (names are case-sensitive, as in Win32).
 */
import type { Machine } from '../../core/machine.js';
import { defineSlot } from '../../core/slot.js';

const namespaceSlot = defineSlot('run-namespace', () => ({ names: new Map<string, unknown>() }));

export function runNamespace(m: Machine): Map<string, unknown> {
  return namespaceSlot.of(m).names;
}

/** Makes `child` share `parent`'s namespace (called before the child runs any code). */
export function shareNamespace(parent: Machine, child: Machine): void {
  namespaceSlot.of(child).names = runNamespace(parent);
}
