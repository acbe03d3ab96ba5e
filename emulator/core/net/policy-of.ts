/**
 * The run's network policy as the non-Winsock parts of the emulator see it (iphlpapi): the policy
 * the Winsock shim holds when it has state (setNetworkPolicy switches it at run time), else the
 * machine option, else 'host'.
 */
import type { Machine } from '../machine.js';

export type NetworkPolicyName = 'host' | 'loopback' | 'none';

export function networkPolicyOf(m: Machine): NetworkPolicyName {
  const ws = m.state.get('winsock') as { network?: NetworkPolicyName } | undefined;
  return ws?.network ?? m.options.network ?? 'host';
}
