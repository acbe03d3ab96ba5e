/**
 * A gdb stub: gdb (Debian's gdb-multiarch) debugs the guest over the remote serial protocol on a TCP
 * port, loopback by default, as with `qemu-arm -g PORT`:
 *
 *   wmemu run --gdb 1234 app.exe            gdb-multiarch -ex 'target remote :1234'
 *   const emu = await start('app.exe', { gdb: { port: 0 } }); emu.gdbPort
 *
 * The guest halts before its first instruction until gdb says `continue`. What gdb gets: registers
 * (r0-r12, sp, lr, pc, cpsr: the org.gnu.gdb.arm.core feature; the CPSR T bit tells gdb ARM from
 * Thumb), memory, software breakpoints (Z0/Z1: a unicorn code hook on the address stops the CPU
 * before the instruction, no guest code is patched), single-step (one instruction of one thread),
 * continue, Ctrl-C, the thread list (qfThreadInfo, qXfer:threads) and the module list
 * (qXfer:libraries: the EXE by its host path and each DLL at its code address, for `info
 * sharedlibrary` and symbol loading from files gdb can read). All-stop: a halt stops every thread.
 * Reference: the GDB manual, "Remote Protocol" and "Target Descriptions".
 *
 * Limits: M writes data, but code already translated by unicorn keeps running its old bytes (use
 * breakpoints, not patched code); while a breakpoint is set, unicorn 2.0.1 can lose guest stores
 * around stops (unicorn.ts hookCode), 2.1 does not; no watchpoints (Z2-Z4 are refused).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Machine } from '../../core/machine.js';
import type { RunResult } from '../../core/run-result.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { ARM_REG } from '../../core/unicorn/constants.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { RspReader, frame, hexLe32, parseHexLe32, xferChunk } from './rsp.js';

export interface GdbOptions {
  /** TCP port (0: any free port; the chosen one is GdbStub.port). */
  port: number;
  /** Listening address: loopback unless said otherwise (the stub gives full control of the guest). */
  host?: string;
}

/** gdb register numbers (target.xml) and unicorn's registers. */
const GDB_REGS: [number, number][] = [
  ...Array.from({ length: 13 }, (_, i) => [i, ARM_REG.R0 + i] as [number, number]),
  [13, ARM_REG.SP],
  [14, ARM_REG.LR],
  [15, ARM_REG.PC],
  [25, ARM_REG.CPSR],
];

const TARGET_XML = `<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>arm</architecture>
  <feature name="org.gnu.gdb.arm.core">
${GDB_REGS.map(([n]) => {
  const name = n < 13 ? `r${n}` : ({ 13: 'sp', 14: 'lr', 15: 'pc', 25: 'cpsr' } as Record<number, string>)[n]!;
  const type = n === 13 ? ' type="data_ptr"' : n === 15 ? ' type="code_ptr"' : '';
  return `    <reg name="${name}" bitsize="32" regnum="${n}"${type}/>`;
}).join('\n')}
  </feature>
</target>
`;

const SIGINT = 2;
const SIGTRAP = 5;
const SIGSEGV = 11;

interface Stop {
  thread: GuestThread | undefined;
  signal: number;
}

type State = 'halted' | 'running' | 'stepping';

export class GdbStub {
  private readonly server: Server;
  private socket: Socket | undefined;
  private readonly reader = new RspReader();
  private state: State = 'halted';
  /** Why the guest is halted (or will halt at the next slice boundary). */
  private stop: Stop;
  private haltRequested = false;
  private release: (() => void) | undefined;
  private halted: Promise<void> | undefined;
  /** gdb waits for a stop reply (after c, s, vCont). */
  private awaitingStop = false;
  private stepThread: GuestThread | undefined;
  /** Hg: the thread whose registers g/p/G/P/m/M see. */
  private regThread: GuestThread | undefined;
  private readonly breakpoints = new Map<number, number>();
  private result: RunResult | undefined;
  private noAck = false;
  /** The listening port (after listen()). */
  port = 0;

  constructor(
    private readonly machine: Machine,
    private readonly options: GdbOptions,
    /** The executable's host path (its library entry, so gdb can read it). */
    private readonly exePath?: string,
  ) {
    const s = machine.scheduler;
    this.stop = { thread: undefined, signal: SIGTRAP };
    s.debugGate = (t) => this.gate(t);
    // The stop is reported at once: the stepped thread may now wait, with no slice to follow.
    s.onStepped = (t) => void this.halt({ thread: t, signal: SIGTRAP });
    this.halted = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    s.debugRelease = () => this.resolveHalt();
    machine.onRunEnd(async (r) => {
      this.ended(r);
      return undefined;
    });
    this.server = createServer((sock) => this.accept(sock));
  }

  /** Starts listening; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as { port: number }).port;
        resolve(this.port);
      });
    });
  }

  close(): void {
    this.socket?.destroy();
    this.server.close();
  }

  // ------------------------------------------------------------------ the scheduler side

  private gate(t: GuestThread): Promise<void> | undefined {
    if (this.machine.finished) return undefined;
    if (this.state === 'halted') return this.halted;
    if (this.state === 'stepping') {
      if (t === this.stepThread) {
        this.machine.scheduler.stepOnce = t;
        return undefined;
      }
      // The stepping thread cannot run now (it waits): the step ends where it is.
      return this.halt({ thread: this.stepThread, signal: SIGTRAP });
    }
    if (this.haltRequested) return this.halt({ thread: t, signal: SIGINT });
    return undefined;
  }

  private halt(stop: Stop): Promise<void> {
    this.state = 'halted';
    this.stop = stop;
    this.haltRequested = false;
    this.stepThread = undefined;
    this.regThread = stop.thread;
    this.halted = new Promise<void>((resolve) => {
      this.release = resolve;
    });
    if (this.awaitingStop) {
      this.awaitingStop = false;
      this.send(this.stopReply());
    }
    return this.halted;
  }

  private resolveHalt(): void {
    const r = this.release;
    this.release = undefined;
    r?.();
  }

  private resume(step: GuestThread | undefined): void {
    const s = this.machine.scheduler;
    this.awaitingStop = true;
    if (step) {
      if (step.state !== 'ready' || !s.preferNext(step)) {
        // A thread that waits (or has exited) cannot step: report it stopped where it is.
        this.awaitingStop = false;
        this.stop = { thread: step, signal: SIGTRAP };
        this.send(this.stopReply());
        return;
      }
      this.state = 'stepping';
      this.stepThread = step;
    } else {
      this.state = 'running';
      const first = this.stop.thread;
      if (first) s.preferNext(first);
    }
    this.halted = undefined;
    this.resolveHalt();
  }

  private ended(r: RunResult): void {
    this.result = r;
    if (this.awaitingStop) {
      this.awaitingStop = false;
      this.send(this.exitReply());
    }
  }

  private exitReply(): string {
    const r = this.result!;
    if (r.status === 'crashed') return `X${SIGSEGV.toString(16).padStart(2, '0')}`;
    return `W${(r.exitCode & 0xff).toString(16).padStart(2, '0')}`;
  }

  private stopReply(): string {
    if (this.result) return this.exitReply();
    const t = this.stop.thread ?? this.anyThread();
    return `T${this.stop.signal.toString(16).padStart(2, '0')}${t ? `thread:${t.id.toString(16)};` : ''}`;
  }

  // ------------------------------------------------------------------ the connection

  private accept(sock: Socket): void {
    if (this.socket) {
      sock.destroy(); // one debugger at a time
      return;
    }
    this.socket = sock;
    this.noAck = false;
    sock.setNoDelay(true);
    sock.on('data', (d) => {
      const { events, acks } = this.reader.push(d);
      if (acks && !this.noAck) sock.write(acks);
      for (const e of events) {
        if (e.kind === 'interrupt') this.interrupt();
        else this.handle(e.data);
      }
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      this.socket = undefined;
      this.detach();
    });
  }

  private send(data: string): void {
    this.socket?.write(frame(data));
  }

  private interrupt(): void {
    if (this.state === 'halted' || this.result) return;
    this.haltRequested = true;
    // No thread can run (all wait for I/O or timers): the gate is not asked, halt now.
    if (this.machine.scheduler.idle) this.halt({ thread: this.anyThread(), signal: SIGINT });
  }

  /** gdb went away: the guest runs on without breakpoints. */
  private detach(): void {
    for (const hh of this.breakpoints.values()) this.machine.uc.hookDel(hh);
    this.breakpoints.clear();
    this.awaitingStop = false;
    if (this.state === 'halted' && !this.result) {
      this.state = 'running';
      this.halted = undefined;
      this.resolveHalt();
    }
  }

  private threads(): GuestThread[] {
    return [...this.machine.scheduler.threads].filter((t) => t.state !== 'exited');
  }

  private anyThread(): GuestThread | undefined {
    const all = this.threads();
    return all.find((t) => t.isMain) ?? all[0];
  }

  private thread(id: string): GuestThread | undefined {
    if (id === '0' || id === '-1' || id === '') return this.regThread ?? this.stop.thread ?? this.anyThread();
    const n = parseInt(id, 16);
    return this.threads().find((t) => t.id === n);
  }

  /** The thread whose registers the next g/p/G/P use, with its registers in the CPU. */
  private cpuThread(): GuestThread | undefined {
    const t = this.regThread && this.regThread.state !== 'exited' ? this.regThread : (this.stop.thread ?? this.anyThread());
    if (t) this.machine.scheduler.bringToCpu(t);
    return t;
  }

  private handle(p: string): void {
    try {
      const reply = this.reply(p);
      if (reply !== undefined) this.send(reply);
    } catch (e) {
      this.send(`E${(e as Error).message.includes('fault') ? '0e' : '01'}`);
    }
  }

  /** The reply to a packet; undefined: none now (c, s: the stop reply comes when the guest halts). */
  private reply(p: string): string | undefined {
    const uc = this.machine.uc;
    if (this.result && /^[cCsSgGpPmMvZz]/.test(p) && !p.startsWith('vCont?') && !p.startsWith('vMustReplyEmpty')) return this.exitReply();
    switch (p[0]) {
      case '?':
        return this.stopReply();
      case 'g': {
        if (!this.cpuThread()) return 'E01';
        return GDB_REGS.map(([, r]) => hexLe32(uc.regRead(r))).join('');
      }
      case 'G': {
        if (!this.cpuThread()) return 'E01';
        GDB_REGS.forEach(([, r], i) => {
          const hex = p.slice(1 + i * 8, 9 + i * 8);
          if (hex.length === 8 && !hex.includes('x')) uc.regWrite(r, parseHexLe32(hex));
        });
        return 'OK';
      }
      case 'p': {
        const n = parseInt(p.slice(1), 16);
        const reg = GDB_REGS.find(([g]) => g === n);
        if (!reg || !this.cpuThread()) return 'E01';
        return hexLe32(uc.regRead(reg[1]));
      }
      case 'P': {
        const [n, v] = p.slice(1).split('=') as [string, string];
        const reg = GDB_REGS.find(([g]) => g === parseInt(n, 16));
        if (!reg || !this.cpuThread()) return 'E01';
        uc.regWrite(reg[1], parseHexLe32(v));
        return 'OK';
      }
      case 'm': {
        const [a, l] = p.slice(1).split(',') as [string, string];
        const addr = parseInt(a, 16);
        const len = Math.min(parseInt(l, 16), 0x4000);
        try {
          return this.machine.mem.bytes(addr >>> 0, len).toString('hex');
        } catch {
          // Partly readable: what can be read (gdb then asks for the rest and gets the error).
          let out = '';
          for (let i = 0; i < len; i++) {
            try {
              out += this.machine.mem.bytes((addr + i) >>> 0, 1).toString('hex');
            } catch {
              break;
            }
          }
          return out || 'E0e';
        }
      }
      case 'M': {
        const [head, data] = p.slice(1).split(':') as [string, string];
        const [a] = head.split(',') as [string];
        try {
          this.machine.mem.write(parseInt(a, 16) >>> 0, Buffer.from(data, 'hex'));
          return 'OK';
        } catch {
          return 'E0e';
        }
      }
      case 'Z':
      case 'z': {
        const [type, a] = p.slice(1).split(',') as [string, string];
        if (type !== '0' && type !== '1') return ''; // watchpoints: not supported
        const addr = parseInt(a, 16) & ~1;
        if (p[0] === 'Z') this.insertBreakpoint(addr);
        else this.removeBreakpoint(addr);
        return 'OK';
      }
      case 'c':
      case 'C':
        this.resume(undefined);
        return undefined;
      case 's':
      case 'S':
        this.resume(this.thread('0'));
        return undefined;
      case 'H': {
        const t = this.thread(p.slice(2));
        if (p[1] === 'g') this.regThread = t ?? this.regThread;
        return 'OK';
      }
      case 'T':
        return this.thread(p.slice(1)) ? 'OK' : 'E01';
      case 'k':
        this.machine.abort('interrupted', EXIT_CODES.interrupted, 'killed by the debugger (gdb)');
        return undefined;
      case 'D':
        this.send('OK');
        this.detach();
        return undefined;
      case 'v':
        return this.vPacket(p);
      case 'q':
      case 'Q':
        return this.query(p);
      default:
        return '';
    }
  }

  private vPacket(p: string): string | undefined {
    if (p === 'vCont?') return 'vCont;c;C;s;S';
    if (p.startsWith('vCont;')) {
      // All-stop: the first action decides; `s:tid` steps that thread alone.
      const [action, tid] = p.slice(6).split(';')[0]!.split(':') as [string, string | undefined];
      if (action[0] === 's' || action[0] === 'S') this.resume(this.thread(tid ?? '0'));
      else this.resume(undefined);
      return undefined;
    }
    if (p.startsWith('vKill')) {
      this.machine.abort('interrupted', EXIT_CODES.interrupted, 'killed by the debugger (gdb)');
      return 'OK';
    }
    return '';
  }

  private query(p: string): string | undefined {
    if (p.startsWith('qSupported')) return 'PacketSize=4000;qXfer:features:read+;qXfer:threads:read+;qXfer:libraries:read+;QStartNoAckMode+;vContSupported+';
    if (p === 'QStartNoAckMode') {
      this.send('OK');
      this.noAck = true;
      return undefined;
    }
    if (p === 'qAttached') return '1';
    if (p === 'qC') {
      const t = this.stop.thread ?? this.anyThread();
      return t ? `QC${t.id.toString(16)}` : '';
    }
    if (p === 'qfThreadInfo')
      return (
        'm' +
        this.threads()
          .map((t) => t.id.toString(16))
          .join(',')
      );
    if (p === 'qsThreadInfo') return 'l';
    if (p.startsWith('qThreadExtraInfo,')) {
      const t = this.thread(p.slice('qThreadExtraInfo,'.length));
      return Buffer.from(t ? `${t.isMain ? 'main, ' : ''}${t.state}${t.waitReason ? `: ${t.waitReason}` : ''}` : 'gone').toString('hex');
    }
    if (p === 'qSymbol::') return 'OK';
    const xfer = /^qXfer:(features|threads|libraries):read:([^:]*):([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(p);
    if (xfer) {
      const [, obj, annex, off, len] = xfer as unknown as [string, string, string, string, string];
      let doc: string | undefined;
      if (obj === 'features') doc = annex === 'target.xml' ? TARGET_XML : undefined;
      else if (obj === 'threads') doc = this.threadsXml();
      else doc = this.librariesXml();
      if (doc === undefined) return 'E00';
      return xferChunk(doc, parseInt(off, 16), parseInt(len, 16));
    }
    return '';
  }

  private threadsXml(): string {
    const rows = this.threads().map(
      (t) => `  <thread id="${t.id.toString(16)}" name="${t.isMain ? 'main' : `thread ${t.id.toString(16)}`}">${t.state}</thread>`,
    );
    return `<?xml version="1.0"?>\n<threads>\n${rows.join('\n')}\n</threads>\n`;
  }

  /** The EXE (by its host path when known) and the loaded DLLs, each at its first code address. */
  private librariesXml(): string {
    const mods = this.machine.modules;
    const rows = mods.map((m) => {
      const name = m === this.machine.main && this.exePath ? this.exePath : m.name;
      const text = m.code[0]?.[0] ?? m.base;
      return `  <library name="${xmlEscape(name)}"><segment address="0x${text.toString(16)}"/></library>`;
    });
    return `<?xml version="1.0"?>\n<library-list>\n${rows.join('\n')}\n</library-list>\n`;
  }

  private insertBreakpoint(addr: number): void {
    if (this.breakpoints.has(addr)) return;
    const uc = this.machine.uc;
    const hh = uc.hookCode(
      (address) => {
        if (address !== addr || this.machine.finished) return;
        // Before the instruction: the CPU stops with PC on it; the thread is halted with the others.
        void this.halt({ thread: this.machine.scheduler.current, signal: SIGTRAP });
        uc.emuStop();
      },
      addr,
      addr,
    );
    this.breakpoints.set(addr, hh);
    // Code translated before the hook existed would not call it.
    uc.removeTbCache(addr, addr + 4);
  }

  private removeBreakpoint(addr: number): void {
    const hh = this.breakpoints.get(addr);
    if (hh === undefined) return;
    this.breakpoints.delete(addr);
    this.machine.uc.hookDel(hh);
  }
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** Attaches a gdb stub to a machine that has not started running; resolves once it listens. */
export async function attachGdbStub(machine: Machine, options: GdbOptions, exePath?: string): Promise<GdbStub> {
  const stub = new GdbStub(machine, options, exePath);
  await stub.listen();
  machine.onShutdown(() => stub.close());
  return stub;
}
