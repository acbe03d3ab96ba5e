/**
 * iphlpapi ICMP echo: IcmpCreateFile, IcmpCloseHandle, IcmpSendEcho, IcmpSendEcho2, Icmp6CreateFile,
 * Icmp6SendEcho2 — real echo requests from the host (core/net/icmp.ts), so ping and tracert show
 * real replies, round-trip times and TTLs.
 *
 * Following the IcmpSendEcho documentation (icmpapi.h / ipexport.h): the reply buffer must hold an
 * ICMP_ECHO_REPLY (28 bytes) plus the request data plus 8 bytes, else ERROR_INSUFFICIENT_BUFFER; the
 * function returns the number of replies (1) with the reply's Status (IP_SUCCESS, or
 * IP_TTL_EXPIRED_TRANSIT / IP_DEST_*_UNREACHABLE with the router's address), or 0 with the last error
 * IP_REQ_TIMED_OUT when nothing came back in time. The request's TTL and TOS come from
 * IP_OPTION_INFORMATION (default TTL 128, as Windows). The run's network policy applies: under
 * 'loopback' a destination outside 127.0.0.0/8 is IP_DEST_HOST_UNREACHABLE at once (no packet leaves),
 * under 'none' every request is IP_GENERAL_FAILURE. A host that allows no ICMP socket at all (no
 * ping group, no CAP_NET_RAW) makes IcmpCreateFile fail with ERROR_ACCESS_DENIED.
 *
 * IcmpSendEcho2 with an event: the request completes in the background, the event is set, and the
 * call returns 0 with ERROR_IO_PENDING (IcmpParseReplies then reads the buffer: the reply count is
 * what the synchronous form returns). An APC routine is not supported (CE has no user APCs): it is
 * ERROR_NOT_SUPPORTED. IPv6 (Icmp6CreateFile): the emulated stack is IPv4 only, so it fails with
 * ERROR_NOT_SUPPORTED, as on a CE image built without IPv6.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import { IcmpSocket, IP_STATUS, type EchoResult } from '../../core/net/icmp.js';
import { networkPolicyOf } from '../../core/net/policy-of.js';
import { ERROR } from '../../core/win32-errors.js';

const INVALID_HANDLE_VALUE = 0xffff_ffff;
const ECHO_REPLY_SIZE = 28;
const DEFAULT_TTL = 128;

class IcmpHandle implements KernelObject {
  readonly type = 'icmp';
  constructor(readonly socket: IcmpSocket) {}
  destroy(): void {
    this.socket.close();
  }
}

/** Writes the ICMP_ECHO_REPLY (and the echoed data after it) at `buf`. */
function writeReply(cx: ApiContext, buf: number, r: EchoResult, maxData: number): void {
  const data = r.data.subarray(0, maxData);
  cx.mem.fill(buf, ECHO_REPLY_SIZE, 0);
  cx.mem.setU32(buf, r.from);
  cx.mem.setU32(buf + 4, r.status);
  cx.mem.setU32(buf + 8, r.rttMs);
  cx.mem.setU16(buf + 12, data.length);
  cx.mem.setU32(buf + 16, buf + ECHO_REPLY_SIZE);
  cx.mem.setU8(buf + 20, r.ttl);
  cx.mem.setU8(buf + 21, r.tos);
  if (data.length) cx.mem.write(buf + ECHO_REPLY_SIZE, data);
}

interface EchoArgs {
  h: number;
  event: number;
  apc: number;
  dest: number;
  data: number;
  size: number;
  options: number;
  reply: number;
  replySize: number;
  timeout: number;
}

function sendEcho(cx: ApiContext, a: EchoArgs) {
  const ih = cx.machine.handles.get<IcmpHandle>(a.h, 'icmp');
  if (!ih) return cx.fail(0, ERROR.INVALID_HANDLE);
  if (a.apc) return cx.fail(0, ERROR.NOT_SUPPORTED);
  if (!a.reply || a.replySize < ECHO_REPLY_SIZE + a.size + 8) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  if (a.size && !a.data) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.check(a.reply, a.replySize, 'write');
  const payload = Buffer.from(cx.mem.bytes(a.data, a.size));
  const ttl = a.options ? cx.mem.u8(a.options) || DEFAULT_TTL : DEFAULT_TTL;
  const tos = a.options ? cx.mem.u8(a.options + 1) : 0;
  const maxData = a.replySize - ECHO_REPLY_SIZE - 8;
  const policy = networkPolicyOf(cx.machine);
  const immediate =
    policy === 'none' ? IP_STATUS.GENERAL_FAILURE : policy === 'loopback' && (a.dest & 0xff) !== 127 ? IP_STATUS.DEST_HOST_UNREACHABLE : undefined;
  const outcome = (r: EchoResult): [number, number | undefined] => {
    writeReply(cx, a.reply, r, maxData);
    if (r.status === IP_STATUS.REQ_TIMED_OUT || r.status === IP_STATUS.GENERAL_FAILURE) return [0, r.status];
    return [1, undefined];
  };
  const start = (done: (r: EchoResult) => void) =>
    immediate !== undefined
      ? (queueMicrotask(() => done({ status: immediate, from: a.dest, rttMs: 0, ttl: 0, tos: 0, data: Buffer.alloc(0) })), () => {})
      : ih.socket.echo(a.dest, payload, ttl, tos, a.timeout, done);
  if (a.event) {
    const ev = cx.machine.handles.get<KernelObject & { set(): void }>(a.event, 'event');
    if (!ev) return cx.fail(0, ERROR.INVALID_HANDLE);
    start((r) => {
      outcome(r);
      ev.set();
    });
    return cx.fail(0, ERROR.IO_PENDING);
  }
  cx.thread.waitReason = 'IcmpSendEcho';
  return cx.block((done) =>
    start((r) => {
      const [n, err] = outcome(r);
      done(n, err ?? 0);
    }),
  );
}

export const icmp: ApiDef[] = [
  fn('IcmpCreateFile(): handle', (cx) => {
    const s = IcmpSocket.open();
    if (!s) return cx.fail(INVALID_HANDLE_VALUE, ERROR.ACCESS_DENIED);
    const h = cx.machine.handles.add(new IcmpHandle(s));
    if (!h) {
      s.close();
      return cx.fail(INVALID_HANDLE_VALUE, 8);
    }
    return h;
  }),
  fn('Icmp6CreateFile(): handle', (cx) => cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_SUPPORTED)),
  fn('IcmpCloseHandle(handle IcmpHandle): bool', (cx, h: number) => {
    if (!cx.machine.handles.get(h, 'icmp')) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
  fn(
    'IcmpSendEcho(handle IcmpHandle, u32 DestinationAddress, ptr RequestData, u32 RequestSize, ptr RequestOptions, ptr ReplyBuffer, u32 ReplySize, u32 Timeout): u32',
    { blocking: true },
    (cx, h: number, dest: number, data: number, size: number, options: number, reply: number, replySize: number, timeout: number) =>
      sendEcho(cx, { h, event: 0, apc: 0, dest, data, size: size & 0xffff, options, reply, replySize, timeout }),
  ),
  fn(
    'IcmpSendEcho2(handle IcmpHandle, handle Event, ptr ApcRoutine, ptr ApcContext, u32 DestinationAddress, ptr RequestData, u32 RequestSize, ptr RequestOptions, ptr ReplyBuffer, u32 ReplySize, u32 Timeout): u32',
    { blocking: true },
    (
      cx,
      h: number,
      event: number,
      apc: number,
      _ctx: number,
      dest: number,
      data: number,
      size: number,
      options: number,
      reply: number,
      replySize: number,
      timeout: number,
    ) => sendEcho(cx, { h, event, apc, dest, data, size: size & 0xffff, options, reply, replySize, timeout }),
  ),
  fn(
    'Icmp6SendEcho2(handle IcmpHandle, handle Event, ptr ApcRoutine, ptr ApcContext, ptr SourceAddress, ptr DestinationAddress, ptr RequestData, u32 RequestSize, ptr RequestOptions, ptr ReplyBuffer, u32 ReplySize, u32 Timeout): u32',
    (cx) => cx.fail(0, ERROR.INVALID_HANDLE),
  ),
];
