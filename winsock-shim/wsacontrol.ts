/**
 * WSAControl (ws2.dll ordinal 11): CE's private control entry into the TCP/IP stack and AFD,
 * WSAControl(Protocol, Action, lpvInBuffer, lpcbInBuffer, lpvOutBuffer, lpcbOutBuffer), undocumented.
 * The action codes are those of CE's shared-source wscntl.h ("private include file for the WsControl
 * API in the Windows Sockets implementation"): 0 WSCNTL_TCPIP_QUERY_INFO, 1 _SET_INFO, 2 _ICMP_ECHO,
 * 3 _TCPIP_TEST, 4 WSCNTL_AFD_INFO, 5 _GATHER_RAND, 6 WSCNTL_AFD_FLUSH_RESOLVER_CACHE,
 * 7 _QUERY_RESOLVER_CACHE. The corpus calls it for 6: ce6/ce7 ipconfig.exe /flushdns passes
 * (-1, 6, NULL, NULL, NULL, NULL) and reports the result (0 = flushed).
 *
 * wmemu keeps no resolver cache (every lookup goes to the host resolver, resolve.ts), so flushing has
 * nothing to drop: 0. The other actions' buffers are private TDI/AFD structures with no reference;
 * they stop the run naming the action instead of inventing an answer.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../emulator/core/api/declare.js';

const WSCNTL_AFD_FLUSH_RESOLVER_CACHE = 6;
const ACTIONS = [
  'TCPIP_QUERY_INFO',
  'TCPIP_SET_INFO',
  'TCPIP_ICMP_ECHO',
  'TCPIP_TEST',
  'AFD_INFO',
  'AFD_GATHER_RAND',
  'AFD_FLUSH_RESOLVER_CACHE',
  'AFD_QUERY_RESOLVER_CACHE',
];

export const wsacontrol: ApiDef[] = [
  fn(
    'WSAControl(hex Protocol, u32 dwAction, ptr lpvInBuffer, ptr lpcbInBuffer, ptr lpvOutBuffer, ptr lpcbOutBuffer): i32',
    (_cx, protocol: number, action: number) => {
      if (action === WSCNTL_AFD_FLUSH_RESOLVER_CACHE) return 0; // no cache kept: nothing to flush
      const name = ACTIONS[action] ? `WSCNTL_${ACTIONS[action]}` : `an unknown action ${action}`;
      throw new UnimplementedFeature(`${name} (protocol 0x${(protocol >>> 0).toString(16)}): a private TCP/IP stack or AFD structure`);
    },
  ),
];
