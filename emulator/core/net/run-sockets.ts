/**
 * The run's own sockets as the non-Winsock parts of the emulator see them (iphlpapi's GetTcpTable /
 * GetUdpTable, what netstat lists): the Winsock shim registers a source per machine (it owns the
 * socket table, winsock-shim/state.ts) and iphlpapi reads the rows here, so that neither DLL imports
 * the other. The sources are the run's (Machine.runState): netstat started by a program lists that
 * program's connections, as on a device. A device's netstat lists the device's sockets; the host's other sockets (other programs,
 * the test runner, the emulator's own) are not the device's and are never listed.
 */
import type { Machine } from '../machine.js';

/** One IPv4 socket of the run. Addresses as the in_addr DWORD (network order in memory), ports in host order. */
export interface RunSocketRow {
  proto: 'tcp' | 'udp';
  /** MIB_TCP_STATE as far as the shim knows it (LISTEN 2, SYN_SENT 3, ESTAB 5); 0 for UDP. */
  state: number;
  localAddr: number;
  localPort: number;
  remoteAddr: number;
  remotePort: number;
}

export type RunSocketSource = () => RunSocketRow[];

/** The sources of the whole run: every process of the run is a Machine of its own, sharing Machine.runState. */
function sourcesOf(m: Machine): RunSocketSource[] {
  let l = m.runState.get('run-sockets') as RunSocketSource[] | undefined;
  if (!l) m.runState.set('run-sockets', (l = []));
  return l;
}

/** Registers a source of socket rows for the machine's process (the Winsock shim, once per machine). */
export function registerRunSockets(m: Machine, source: RunSocketSource): void {
  sourcesOf(m).push(source);
}

/** The sockets of every process of the run now (empty when no socket layer was ever used). */
export function runSockets(m: Machine): RunSocketRow[] {
  return sourcesOf(m).flatMap((s) => s());
}
