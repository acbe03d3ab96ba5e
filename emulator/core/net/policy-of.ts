/**
 * The run's network policy as the non-Winsock parts of the emulator see it (iphlpapi): the machine
 * option at start, then whatever the Winsock shim's setNetworkPolicy switched it to (it reports each
 * switch here through noteNetworkPolicy).
 */
import type { Machine } from '../machine.js';
import { defineSlot } from '../slot.js';

export type NetworkPolicyName = 'host' | 'loopback' | 'none';

const policySlot = defineSlot('network-policy', (m: Machine) => ({ policy: (m.options.network ?? 'host') as NetworkPolicyName }));

export function networkPolicyOf(m: Machine): NetworkPolicyName {
  return policySlot.of(m).policy;
}

/** Records a run-time policy switch (winsock-shim/state.ts setNetworkPolicy). */
export function noteNetworkPolicy(m: Machine, policy: NetworkPolicyName): void {
  policySlot.of(m).policy = policy;
}
