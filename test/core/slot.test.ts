import { describe, expect, it } from 'vitest';
import { defineSlot } from '../../emulator/core/slot.js';
import type { Machine } from '../../emulator/core/machine.js';

// The slot only keys on the machine object; plain objects stand in for two machines.
const machineA = {} as Machine;
const machineB = {} as Machine;

describe('defineSlot', () => {
  it('creates the value on first use, once per machine, and peek creates nothing', () => {
    const made: Machine[] = [];
    const slot = defineSlot('test-counter', (m) => {
      made.push(m);
      return { n: made.length };
    });
    expect(slot.name).toBe('test-counter');
    expect(slot.peek(machineA)).toBeUndefined();
    expect(made).toEqual([]);
    const a = slot.of(machineA);
    expect(slot.of(machineA)).toBe(a);
    expect(slot.peek(machineA)).toBe(a);
    const b = slot.of(machineB);
    expect(b).not.toBe(a);
    expect(made).toEqual([machineA, machineB]);
  });

  it('retries init after it threw (nothing is stored)', () => {
    let fail = true;
    const slot = defineSlot('test-flaky', () => {
      if (fail) throw new Error('init failed');
      return 7;
    });
    expect(() => slot.of(machineA)).toThrow('init failed');
    expect(slot.peek(machineA)).toBeUndefined();
    fail = false;
    expect(slot.of(machineA)).toBe(7);
  });
});
