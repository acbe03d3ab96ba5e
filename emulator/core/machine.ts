/**
 * A Machine is one emulated Windows CE process: the CPU, guest memory, loaded modules, threads, the
 * emulated DLLs, and the host-side channels (stdout, stderr, debug output, trace).
 *
 *   const m = new Machine({ args: ['alpha'] });
 *   m.loadExecutable(bytes, 'hello.exe');
 *   const result = await m.run();   // { exitCode, status, message?, report? }
 */
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { Unicorn, DEFAULT_CPU, CPU_MODELS } from './unicorn/unicorn.js';
import { ARM_REG } from './unicorn/constants.js';
import { GuestMemory, GuestFault, PROT_RW, USER_LIMIT } from './memory/guest-memory.js';
import { AddressSpace, OutOfGuestMemory } from './memory/address-space.js';
import { runBudgetIn, type RunBudget } from './memory/run-budget.js';
import { GuestHeap } from './memory/heap.js';
import { printable } from './pe/pe-file.js';
import { formatCallStack, walkCallStack } from './kernel/callstack.js';
import { Dispatcher, describeTarget, TRAP_BASE, TRAP_SIZE, type UnimplementedImport } from './api/dispatcher.js';
import type { ApiDecl, FaultPolicy } from './api/declare.js';
import { DllRegistry, type DllSpec } from './api/registry.js';
import { Tracer, type TraceOptions } from './api/trace.js';
import { Scheduler } from './kernel/scheduler.js';
import { GuestThread, TLS_SLOTS } from './kernel/thread.js';
import { HandleTable, nextHandleBase } from './kernel/handles.js';
import { KData } from './kernel/kdata.js';
import { backtrace, formatRegisters, hex8, readAllRegs, type ModuleInfo } from './kernel/report.js';
import { faultingInstruction } from './kernel/fault-pc.js';
import {
  sehOf,
  exceptionName,
  EXCEPTION_ACCESS_VIOLATION,
  EXCEPTION_BREAKPOINT,
  EXCEPTION_ILLEGAL_INSTRUCTION,
  EXCEPTION_INT_DIVIDE_BY_ZERO,
} from './kernel/seh.js';
import { UC_ERR_NAMES } from './unicorn/constants.js';
import { installKernelTraps } from './api/kernel-traps.js';
import { loadImage, type LoadedModule } from './loader/loader.js';
import { Libraries, onThreadReturn, startupEntry } from './loader/libraries.js';
import { Clock, SeededRandom, type ClockOptions } from './kernel/clock.js';
import { MachineEvents, runIdleOf } from './events.js';
import type { TrafficSink } from './net/address.js';
import type { ConnectRedirect } from './net/redirect.js';

/** The major OS versions a device can have (MachineOptions.osVersion). */
export const OS_VERSIONS = [5, 6, 7] as const;
export type OsVersion = (typeof OS_VERSIONS)[number];

export interface MachineOptions {
  /**
   * The emulated DLLs the process binds its imports against (their manifests). The system layer
   * passes the standard set (system/dll-set.ts); child processes inherit their parent's.
   */
  dlls?: readonly DllSpec[];
  /** unicorn CPU model (default cortex-a8). */
  cpu?: string;
  /**
   * The device's major OS version: 5 (CE 5.x: Windows Mobile 6.5 is CE 5.2, the default), 6 (CE 6) or
   * 7 (CE 7 / Embedded Compact 7). It picks coredll's export names (ordinals renamed between versions)
   * and what GetVersionExW reports.
   */
  osVersion?: OsVersion;
  /** Guest command-line arguments (after the program name). */
  args?: string[];
  /**
   * Guest stdout/stderr bytes (console output of printf & co). Default: discarded. Only a result of
   * exactly `false` means something (the sink is full, see outputDrain); other results are ignored,
   * so `(d) => chunks.push(d)` is a valid sink.
   */
  stdout?: (data: Uint8Array) => unknown;
  stderr?: (data: Uint8Array) => unknown;
  /**
   * Backpressure of the host's output sink (a pipe with a slow reader): when stdout/stderr return
   * false the sink is full; the machine calls outputDrain once with a `resume` function the host calls
   * when it has room again. Until then every guest thread that makes an API call parks after it (the
   * call has completed: its output is queued), so guest output never outruns the reader and host
   * memory stays bounded. Without outputDrain, false is ignored.
   */
  outputDrain?: (resume: () => void) => void;
  /** Debug channel: NKDbgPrintfW, OutputDebugStringW. */
  debug?: (line: string) => void;
  trace?: TraceOptions;
  /** Cap on guest memory in bytes (default 256 MiB). */
  memoryLimit?: number;
  /** Device folder the executable appears in (GetModuleFileNameW). */
  deviceDir?: string;
  /** Wall-clock budget for the run in milliseconds; reaching it ends the run with status 'limit'. */
  timeoutMs?: number;
  /** Maximum number of live guest threads (default 256). */
  maxThreads?: number;
  /** Maximum number of open kernel handles (default 10,000). */
  maxHandles?: number;
  /** Maximum number of processes of the run, parent included (default 32, CE 5's limit; run-budget.ts). */
  maxProcesses?: number;
  /**
   * Network policy of the Winsock shim: 'host' (default) uses the host's network as is; 'loopback'
   * lets the guest reach only loopback addresses (connect: WSAENETUNREACH, sendto: WSAEHOSTUNREACH;
   * binds to the unspecified address bind loopback, winsock-shim/policy.ts); 'none' is a device
   * whose network subsystem has failed (WSAENETDOWN). Switch it at run time with
   * `setNetworkPolicy` from winsock-shim/state.ts.
   */
  network?: 'host' | 'loopback' | 'none';
  /**
   * Allow/deny rules for the guest's connect, bind and sendto ("allow 127.0.0.1:8000-9000",
   * "deny 10.0.0.0/8", "deny connect@[2001:db8::/32]:443"): first match wins; a denied operation
   * fails with WSAEACCES and is logged (winsock-shim/policy.ts has the syntax and the defaults).
   */
  networkRules?: string[];
  /** TCP keep-alive timing applied when the guest sets SO_KEEPALIVE (CE registry KeepAliveTime & co). */
  tcpKeepAlive?: { timeMs: number; intervalMs: number; probes: number };
  /**
   * Hosts map of the Winsock resolver (gethostbyname, getaddrinfo, ...): name → address (IPv4 or
   * IPv6 text; several separated by commas), consulted before the host resolver, so a CE app's
   * hard-coded device names can point at test peers. Names are case-insensitive.
   */
  hosts?: Record<string, string>;
  /**
   * Host folders searched for real ARM DLLs (LoadLibraryW, static imports) and for executables
   * started with CreateProcessW, before `<deviceRoot>/Windows` and the executable's own folder.
   */
  dllSearchPath?: string[];
  /**
   * How MessageBoxW is answered: printed to stderr and the debug channel with this answer (default 'ok'),
   * or 'dialog': a real modal dialog a person or an input script answers (coredll/msgbox.ts).
   */
  messageBoxAnswer?: 'ok' | 'cancel' | 'yes' | 'no' | 'dialog';
  // ---- CI-regression options (issue 7) ----
  /**
   * Deterministic run: virtual clock (fixed start, fixed tick rate, instruction-counted time
   * slices), seeded random. Two runs with the same inputs produce the same trace (kernel/clock.ts).
   */
  deterministic?: boolean;
  /** Clock details: start instant and UTC offset of local time (see ClockOptions). */
  clock?: ClockOptions;
  /** Seed of the machine's random generator (default: fixed in deterministic runs, else random). */
  randomSeed?: number;
  /** Traffic capture (`--pcap`): the Winsock shim reports every byte sent and received to it. */
  capture?: TrafficSink;
  /** Rewrites the destination of the guest's outgoing connections (net/redirect.ts). */
  redirect?: ConnectRedirect;
  /**
   * Host folder that is the device's file system root (`\My Documents\a.txt` → `<root>/My Documents/a.txt`);
   * the standard folders are created in it. Default: a fresh temporary folder per run, removed on close.
   */
  deviceRoot?: string;
  /** The guest console's input (stdin, fgetws & co): a stream (the CLI passes process.stdin) or fixed text. */
  stdin?: import('node:stream').Readable | string | Uint8Array;
  /** REGEDIT4 `.reg` file the registry starts from (default: a small built-in CE registry). */
  registryFile?: string;
  /** Write the registry back to `registryFile` (REGEDIT4) when the machine closes. */
  registryPersist?: boolean;
  /**
   * When the process exits normally, wait for the child processes it started (CreateProcessW) that
   * are still running, as a CE device would let them run on; bounded by `timeoutMs`. Default: they
   * are ended through TerminateProcess's exit sequence (their DLLs get DLL_PROCESS_DETACH) as soon
   * as the process ends (dlls/coredll/processes.ts).
   */
  waitForChildren?: boolean;
  /** The device screen (from the profile): framebuffer size and depth. Default 240x320, 16 bpp. */
  screen?: { width: number; height: number; dpi?: number; bitsPerPixel?: number };
  /**
   * State shared by every process of the run (the window manager and the screen are one per device):
   * CreateProcessW hands the parent's map to the child. Created by the first machine when omitted.
   */
  runState?: Map<string, unknown>;
}

export { EXIT_CODES, type RunStatus, type RunResult } from './run-result.js';
import { EXIT_CODES, type RunResult, type RunStatus } from './run-result.js';

export class Machine {
  readonly uc: Unicorn;
  readonly mem: GuestMemory;
  readonly space: AddressSpace;
  readonly handles: HandleTable;
  readonly scheduler: Scheduler;
  readonly dispatcher: Dispatcher;
  readonly dlls: DllRegistry;
  readonly kdata: KData;
  readonly processId: number;
  readonly processHeap: GuestHeap;
  readonly modules: LoadedModule[] = [];
  /** The device clock (real or virtual time) behind GetTickCount, GetSystemTime, Sleep, time-outs. */
  readonly clock: Clock;
  /** Random numbers the emulator hands out (seeded: fixed in deterministic runs). */
  readonly random: SeededRandom;
  /** Host-side notifications about the guest (e.g. 'listen' when it listens on a socket). */
  readonly events = new MachineEvents();
  /** The traffic capture, or undefined (the shim checks this one field: zero cost when off). */
  readonly capture: TrafficSink | undefined;
  /** State of the whole run, shared with child processes (MachineOptions.runState). */
  readonly runState: Map<string, unknown>;
  /** The run-wide memory budget and process count (run-budget.ts), shared with child processes. */
  readonly budget: RunBudget;
  main: LoadedModule | undefined;
  mainThread: GuestThread | undefined;
  /** Guest pointer to the command line (arguments only, as CE passes it). */
  commandLine = 0;
  /** Create the primary thread suspended (CreateProcessW with CREATE_SUSPENDED): ResumeThread starts it. */
  startSuspended = false;
  readonly args: string[];
  private result: RunResult | undefined;
  private readonly exitTrap: number;
  private readonly allRegs: ReturnType<Unicorn['batch']>;
  private faultInfo: { type: number; address: number; size: number } | undefined;

  constructor(readonly options: MachineOptions = {}) {
    this.uc = new Unicorn(options.cpu ?? DEFAULT_CPU);
    this.dlls = new DllRegistry(options.osVersion ?? 5);
    this.clock = new Clock({ deterministic: options.deterministic, ...options.clock });
    this.random = new SeededRandom(options.randomSeed ?? (this.clock.deterministic ? 0x574d3635 : (Math.random() * 2 ** 32) >>> 0));
    this.capture = options.capture;
    this.runState = options.runState ?? new Map();
    this.handles = new HandleTable(nextHandleBase(this.runState), 4, options.maxHandles ?? 10_000);
    this.mem = new GuestMemory(this.uc);
    this.budget = runBudgetIn(this.runState, options.memoryLimit, options.maxProcesses);
    this.space = new AddressSpace(this.mem, options.memoryLimit, this.budget);
    this.args = options.args ?? [];
    this.allRegs = this.uc.batch([ARM_REG.R0]);
    this.scheduler = new Scheduler(
      this.uc,
      {
        activate: (t) => this.kdata.activate(t),
        deliver: (t, r0) => this.dispatcher.deliver(t, r0),
        sliceEnded: (t) => this.dispatcher.sliceEnded(t),
        restoreFrame: (t) => this.dispatcher.restoreFrame(t),
        cpuError: (t, code) => this.onCpuError(t, code),
        idlePoint: () => {
          this.events.emit('idle');
          const run = runIdleOf(this.runState);
          run.emit('idle');
          const y = run.yieldAtIdle;
          run.yieldAtIdle = false;
          return y;
        },
        get finished() {
          return self.result !== undefined;
        },
      },
      this.clock,
    );
    const self = this;
    this.dispatcher = new Dispatcher(this.uc, this.mem, this);
    if (options.trace) this.dispatcher.tracer = new Tracer(options.trace);
    this.processId = this.handles.add({ type: 'process' });
    this.kdata = new KData(this.mem, this.processId);
    this.processHeap = new GuestHeap(this.mem, this.space, 'process heap');
    this.exitTrap = this.dispatcher.trapFor({
      dll: 'wmemu',
      name: 'ThreadReturn',
      internal: (cx) => onThreadReturn(cx), // DLL_THREAD_DETACH / process exit with DLL_PROCESS_DETACH first
    });
    // Enable VFP/NEON (CPACR cp10/cp11 full access, FPEXC.EN): MSVC and LLVM code uses d-registers.
    if (CPU_MODELS[this.uc.cpu]?.thumb2) {
      this.uc.cpRegWrite(15, 1, 0, 0, 2, 0x00f0_0000); // CPACR
      this.uc.regWrite(ARM_REG.FPEXC, 0x4000_0000);
    }
    this.scheduler.baseContext = this.uc.contextAlloc();
    this.uc.contextSave(this.scheduler.baseContext);
    this.uc.hookMemInvalid((type, address, size) => {
      this.faultInfo = { type, address, size };
      return false;
    });
    for (const d of options.dlls ?? []) this.dlls.add(d);
    installKernelTraps(this);
  }

  // ---------------------------------------------------------------- loading
  /**
   * Loads the executable and the real DLLs it imports; throws PeFormatError / LoadError with a
   * one-line message on bad input. `hostPath` (the file on the host) makes its folder the last place
   * DLLs are searched for.
   */
  loadExecutable(bytes: Uint8Array, fileName: string, hostPath?: string): LoadedModule {
    const name = basename(fileName);
    const dir = this.options.deviceDir ?? '\\Program Files';
    const libs = Libraries.of(this);
    if (hostPath) libs.exeHostDir = dirname(resolvePath(hostPath));
    const mod = loadImage(this, bytes, name, `${dir.replace(/\\$/, '')}\\${name}`, true, (dll) => libs.importResolver(dll, libs.exeDeps, libs.pendingAttach));
    this.main = mod;
    return mod;
  }

  // ---------------------------------------------------------------- threads
  /** Creates a guest thread that starts at `entry` (bit 0 = Thumb) with up to 4 register arguments. */
  /** Creates a guest thread, or returns undefined when the thread, handle or memory limit is reached. */
  createThread(entry: number, args: number[], stackSize: number, isMain = false, suspended = false): GuestThread | undefined {
    const live = [...this.scheduler.threads].filter((x) => x.state !== 'exited').length;
    if (live >= (this.options.maxThreads ?? 256)) return undefined;
    try {
      return this.newThread(entry, args, stackSize, isMain, suspended);
    } catch (e) {
      if (e instanceof OutOfGuestMemory) return undefined;
      throw e;
    }
  }

  private newThread(entry: number, args: number[], stackSize: number, isMain: boolean, suspended: boolean): GuestThread {
    const size = Math.max(0x1_0000, Math.ceil(stackSize / 0x1000) * 0x1000);
    // Reserve a guard page below the stack, left unmapped so overflows fault.
    const base = this.space.reserve(size + 0x1000, 'thread stack');
    this.space.commit(base + 0x1000, size, PROT_RW);
    const tls = this.processHeap.alloc(TLS_SLOTS * 4, true);
    const id = this.handles.add({ type: 'thread' });
    if (!id) {
      this.space.release(base);
      throw new OutOfGuestMemory('handle limit reached');
    }
    const t = new GuestThread(id, base + 0x1000, size, tls, isMain);
    t.createdUtcMicros = this.clock.nowUtcMicros();
    this.handles.replace(id, t);
    if (suspended) t.suspendCount = 1;
    const uc = this.uc;
    // The new thread's registers are set when it first runs (Scheduler.runSlice), outside any hook:
    // this may run inside an import trap, where the calling thread's registers must stay untouched.
    t.context = uc.contextAlloc();
    t.initRegs = [(entry & 1 ? 0x20 : 0) | 0x10, args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0, base + 0x1000 + size - 16, this.exitTrap, entry];
    this.scheduler.add(t);
    return t;
  }

  exitThread(t: GuestThread, code: number): void {
    this.scheduler.exitThread(t, code);
    // On Windows CE the process ends when its primary thread exits.
    if (t.isMain) this.exitProcess(code);
  }

  exitProcess(code: number): void {
    if (this.result) return;
    this.result = { exitCode: code & 0xff, guestExitCode: code >>> 0, status: 'exited' };
    this.scheduler.stopAll();
  }

  /** Ends the run with an emulator verdict (limit reached, interrupted, ...). */
  abort(status: RunStatus, exitCode: number, message: string, report?: string): void {
    if (this.result) return;
    this.result = { exitCode, status, message, report };
    this.scheduler.stopAll();
  }

  get finished(): boolean {
    return this.result !== undefined;
  }

  // ---------------------------------------------------------------- running
  async run(): Promise<RunResult> {
    if (!this.main) throw new Error('no executable loaded');
    if (!this.mainThread) {
      // A stack reserve or command line the guest memory cannot hold ends the run cleanly (CE's
      // CreateProcess fails with ERROR_NOT_ENOUGH_MEMORY): a verdict, not an exception.
      try {
        const cmd = this.args.map(quoteArg).join(' ');
        this.commandLine = this.processHeap.alloc(2 * cmd.length + 2);
        if (!this.commandLine) throw new OutOfGuestMemory('guest memory limit reached allocating the command line');
        this.mem.writeWstr(this.commandLine, cmd);
        // CE calls the entry point like WinMain: (hInstance, hPrevInstance, lpCmdLine, nShowCmd).
        const entry = startupEntry(this, this.main.entry, Libraries.of(this).pendingAttach);
        this.mainThread = this.newThread(entry, [this.main.base, 0, this.commandLine, 5], this.main.stackSize, true, this.startSuspended);
      } catch (e) {
        if (!(e instanceof OutOfGuestMemory)) throw e;
        this.abort('limit', EXIT_CODES.limit, `cannot start the main thread: ${e.message}`);
        return this.result!;
      }
    }
    const timeout = this.options.timeoutMs;
    const deadline = timeout ? Date.now() + timeout : undefined;
    const timer = timeout
      ? setTimeout(() => this.abort('limit', EXIT_CODES.limit, `time limit of ${timeout / 1000} s reached`, this.describeThreads()), timeout)
      : undefined;
    try {
      await this.scheduler.run();
    } catch (e) {
      this.abort('internal-error', EXIT_CODES.internal, `internal emulator error: ${(e as Error).message}`, (e as Error).stack);
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (!this.result) {
      this.result = { exitCode: EXIT_CODES.deadlock, status: 'deadlock', message: 'all guest threads have exited without ending the process' };
    }
    // What must happen before the run's end is final: child processes still running are ended or
    // waited for (dlls/coredll/processes.ts). A hook may replace the result (e.g. a time limit).
    for (const hook of this.runEndHooks.splice(0)) {
      try {
        this.result = (await hook(this.result, deadline)) ?? this.result;
      } catch (e) {
        this.result = {
          exitCode: EXIT_CODES.internal,
          status: 'internal-error',
          message: `internal emulator error: ${(e as Error).message}`,
          report: (e as Error).stack,
        };
      }
    }
    return this.result;
  }

  private readonly runEndHooks: ((result: RunResult, deadline: number | undefined) => Promise<RunResult | undefined>)[] = [];
  /**
   * Registers work run() awaits after the process has ended and before it returns: `deadline` is the
   * Date.now() value at which the run's time limit expires (undefined: no limit); a returned result
   * replaces the run's.
   */
  onRunEnd(hook: (result: RunResult, deadline: number | undefined) => Promise<RunResult | undefined>): void {
    this.runEndHooks.push(hook);
  }

  private readonly deadlockHooks: (() => void)[] = [];
  /** Registers a listener for reportDeadlock (child processes: they are stuck too). */
  onDeadlock(hook: () => void): void {
    this.deadlockHooks.push(hook);
  }

  /**
   * Called when Node has nothing left to do but guest threads are still parked: a deadlock. Every
   * machine of the run is stuck then, so the listeners (child processes) hear it too, also after this
   * process has ended (while its run waits for them).
   */
  reportDeadlock(): void {
    this.abort('deadlock', EXIT_CODES.deadlock, 'deadlock: every guest thread is blocked and nothing can wake them', this.describeThreads());
    for (const h of [...this.deadlockHooks]) h();
  }

  private readonly shutdownHooks: (() => void)[] = [];
  /** Registers cleanup to run when the machine closes (host sockets, files, registry flush). */
  onShutdown(hook: () => void): void {
    this.shutdownHooks.push(hook);
  }

  /** What failed while closing (e.g. --registry-persist could not write): the CLI reports these. */
  readonly closeErrors: string[] = [];

  /** Releases host resources: runs shutdown hooks (last registered first), then frees the CPU. */
  close(): void {
    for (const h of this.shutdownHooks.splice(0).reverse()) {
      try {
        h();
      } catch (e) {
        this.closeErrors.push((e as Error).message);
        this.options.debug?.(`shutdown hook failed: ${(e as Error).message}`);
      }
    }
    this.uc.close();
    this.space.releaseBudget();
    this.mem.release();
  }

  // ---------------------------------------------------------------- output channels
  writeStdout(data: Uint8Array): void {
    if (this.options.stdout?.(data) === false) this.outputFull();
  }
  writeStderr(data: Uint8Array): void {
    if (this.options.stderr?.(data) === false) this.outputFull();
  }

  /** Threads parked until the host's output sink drains; undefined while it has room. */
  private outputWaiters: (() => void)[] | undefined;
  /** True while the host's output sink is full (the dispatcher parks callers: see outputDrain). */
  get outputBlocked(): boolean {
    return this.outputWaiters !== undefined;
  }
  private outputFull(): void {
    const drain = this.options.outputDrain;
    if (!drain || this.outputWaiters) return;
    const waiters: (() => void)[] = [];
    this.outputWaiters = waiters;
    drain(() => {
      if (this.outputWaiters === waiters) this.outputWaiters = undefined;
      for (const w of waiters.splice(0)) w();
    });
  }
  /** Runs `resume` once the host's output sink has room (at once when it has). */
  whenOutputDrained(resume: () => void): void {
    if (this.outputWaiters) this.outputWaiters.push(resume);
    else resume();
  }
  debugOutput(line: string): void {
    this.options.debug?.(line);
  }

  // ---------------------------------------------------------------- faults and reports
  faultPolicy(dll: string): FaultPolicy {
    return this.dlls.get(dll)?.spec.fault ?? { kind: 'crash' };
  }

  symbolize(address: number): string {
    address >>>= 0;
    const t = this.dispatcher.targetAt(address);
    if (t) return describeTarget(t);
    if (address >= TRAP_BASE && address < TRAP_BASE + TRAP_SIZE) return 'trap page';
    for (const m of this.modules) {
      if (address >= m.base && address < m.base + m.size) {
        return `${m.name}+0x${(address - m.base).toString(16)}${m.symbolAt ? m.symbolAt(address) : ''}`;
      }
    }
    if (address >= USER_LIMIT) return 'kernel space';
    return this.space.find(address)?.tag ?? 'unmapped';
  }

  private moduleInfos(): ModuleInfo[] {
    return this.modules.map((m) => ({ name: m.name, base: m.base, size: m.size, code: m.code }));
  }

  /**
   * The live threads (what each waits for) and, for the first few, where they are: their guest call
   * stacks, cut short so that the stop message stays within the last lines a corpus run keeps.
   */
  private describeThreads(): string {
    const lines = this.scheduler.describe();
    const live = [...this.scheduler.threads].filter((t) => t.state !== 'exited');
    const out: string[] = [];
    lines.forEach((line, i) => {
      out.push(line);
      const t = live[i];
      if (!t || i >= 4) return;
      try {
        const regs = this.scheduler.registersOf(t);
        if (regs) out.push(...formatCallStack(this, walkCallStack(this, t, regs, undefined, 8)).map((f) => '  ' + f));
      } catch {
        // a thread whose stack cannot be read: its state line is enough
      }
    });
    return out.join('\n');
  }

  private report(t: GuestThread, regs: number[], header: string[]): string {
    const sym = { symbolize: (a: number) => this.symbolize(a), modules: this.moduleInfos() };
    const frames = backtrace(this.mem, regs, sym, t.stackBase + t.stackSize);
    // The guest call stack, unwound with .pdata as exception dispatch does it (kernel/callstack.ts),
    // after the stack scan (code without .pdata; the corpus classifier reads its first frame).
    let calls: string[] = [];
    try {
      // A stop inside an emulated export (unimplemented import, an uncaught RaiseException, a fault in
      // an API) starts at the export's stub, the frame a device shows for the kernel, then its caller.
      const cpu = readAllRegs(this.uc);
      const stub = this.scheduler.current === t ? this.dispatcher.targetAt(cpu[15]!) : undefined;
      const inApi = stub !== undefined && stub.dll !== 'wmemu';
      calls = formatCallStack(this, walkCallStack(this, t, inApi ? cpu : regs, undefined, 32));
    } catch (e) {
      calls = [`(not available: ${(e as Error).message})`];
    }
    return [
      ...header,
      `thread 0x${t.id.toString(16)} registers:`,
      formatRegisters(regs),
      'backtrace:',
      ...frames.map((f) => '  ' + f),
      'call stack (unwound with .pdata):',
      ...calls.map((f) => '  ' + f),
    ].join('\n');
  }

  private onCpuError(t: GuestThread, code: number): void {
    const regs = readAllRegs(this.uc);
    const f = this.faultInfo;
    this.faultInfo = undefined;
    let message: string;
    const notes: string[] = [];
    if (f) {
      const kind = ['read', 'write', 'execute', 'write', 'read', 'execute'][f.type - 19] ?? 'access';
      const why = f.type >= 22 ? 'protected' : 'unmapped';
      // unicorn 2.0 reports the start of the translation block as PC of a data abort: find the instruction.
      const exact = faultingInstruction(this.mem, regs, f);
      if (exact !== undefined) regs[15] = exact;
      message = `guest access violation: ${kind} of ${why} address ${hex8(f.address)} (${this.symbolize(f.address)}) ${exact !== undefined ? 'at' : 'near'} PC ${hex8(regs[15]!)} (${this.symbolize(regs[15]!)})`;
      if (exact === undefined && f.type !== 21 && f.type !== 24) {
        notes.push('note: unicorn 2.0 reports the start of the faulting basic block as PC for data aborts');
      }
    } else if (code === 10 && isDebugBreak(this.mem, regs[15]!, regs[16]!)) {
      message = `guest breakpoint (DebugBreak, the CE break instruction 0xE6000010) at PC ${hex8(regs[15]!)} (${this.symbolize(regs[15]!)})`;
    } else if (code === 10) {
      message = `guest executed an invalid instruction at PC ${hex8(regs[15]!)} (${this.symbolize(regs[15]!)})`;
    } else {
      message = `guest CPU stopped: ${UC_ERR_NAMES[code] ?? code} at PC ${hex8(regs[15]!)} (${this.symbolize(regs[15]!)})`;
    }
    const fatal = () => {
      if (info) notes.push(`unhandled exception ${hex8(info.code)} (${exceptionName(info.code)}) at ${hex8(regs[15]!)} (${this.symbolize(regs[15]!)})`);
      this.abort('crashed', EXIT_CODES.crashed, message, this.report(t, regs, notes));
      this.scheduler.exitThread(t, EXCEPTION_ACCESS_VIOLATION);
    };
    // A guest access violation goes to the guest's exception handlers first (SEH, kernel/seh.ts).
    // So does an undefined instruction (udf #249, Thumb 0xDEF9, is LLVM's inline divide-by-zero check).
    const write = f && (f.type === 20 || f.type === 22) ? 1 : 0;
    const pc = regs[15]!;
    const udfDiv0 = !f && code === 10 && regs[16]! & 0x20 && this.mem.isUserRange(pc, 2) && this.mem.u16(pc) === 0xdef9;
    const info = f
      ? { code: EXCEPTION_ACCESS_VIOLATION, address: pc, params: [write, f.address >>> 0] }
      : code === 10
        ? {
            code: udfDiv0 ? EXCEPTION_INT_DIVIDE_BY_ZERO : isDebugBreak(this.mem, pc, regs[16]!) ? EXCEPTION_BREAKPOINT : EXCEPTION_ILLEGAL_INSTRUCTION,
            address: pc,
          }
        : undefined;
    if (info && sehOf(this).raise(t, info, regs, fatal)) {
      if (!this.finished) this.scheduler.makeReady(t);
      return;
    }
    fatal();
  }

  /** A CPU exception other than an import trap (undefined instruction, bkpt, a guest svc). */
  cpuException(t: GuestThread, intno: number, pc: number): void {
    const regs = readAllRegs(this.uc);
    const debugBreak = intno === 1 && isDebugBreak(this.mem, pc, regs[16]!);
    const what = debugBreak
      ? 'breakpoint (DebugBreak, the CE break instruction 0xE6000010)'
      : intno === 1
        ? 'undefined instruction'
        : intno === 7
          ? 'breakpoint (bkpt)'
          : intno === 2
            ? 'svc outside the trap page'
            : `CPU exception ${intno}`;
    const fatal = () => this.abort('crashed', EXIT_CODES.crashed, `guest ${what} at PC ${hex8(pc)} (${this.symbolize(pc)})`, this.report(t, regs, []));
    if (intno === 1 || intno === 7) {
      // udf #249 (Thumb 0xDEF9, __brkdiv0) is LLVM's inline divide-by-zero check.
      const thumb = (regs[16]! & 0x20) !== 0;
      const divZero = thumb && this.mem.isUserRange(pc, 2) && this.mem.u16(pc) === 0xdef9;
      const code = intno === 7 || debugBreak ? EXCEPTION_BREAKPOINT : divZero ? EXCEPTION_INT_DIVIDE_BY_ZERO : EXCEPTION_ILLEGAL_INSTRUCTION;
      regs[15] = pc;
      if (sehOf(this).raise(t, { code, address: pc }, regs, fatal)) return;
    }
    fatal();
  }

  /** An exception raised by the guest (RaiseException, the division helpers) that no handler took. */
  /** `detail`: what the raiser knows of the exception (a C++ throw: the thrown type), after the code. */
  fatalUnhandledException(t: GuestThread, code: number, flags: number, lr: number, detail?: string): void {
    const regs = readAllRegs(this.uc);
    regs[15] = lr & ~1;
    const at = `${hex8(lr & ~1)} (${this.symbolize(lr & ~1)})`;
    this.abort(
      'crashed',
      EXIT_CODES.crashed,
      `guest unhandled exception ${hex8(code)} (${exceptionName(code)}${flags & 1 ? ', noncontinuable' : ''}${detail ? `, ${detail}` : ''}) raised at ${at}`,
      this.report(t, regs, []),
    );
  }

  fatalUnimplemented(t: GuestThread, e: UnimplementedImport): void {
    const regs = readAllRegs(this.uc);
    regs[15] = e.callSite;
    // An import of a DLL that was not found (bound lazily: loader/libraries.ts) says so, with the folders searched.
    const libs = Libraries.of(this);
    const dll = e.target.dll;
    const missing = [...libs.missing].some((d) => d.toLowerCase() === dll.toLowerCase());
    // Names from the image and host folders are escaped: the report stays one line.
    const searched = [...new Set(libs.searchPath())].map(printable).join(', ') || 'no folders';
    const why = missing ? `: ${printable(dll)} was not found (searched: ${searched})` : '';
    this.abort('unimplemented', EXIT_CODES.unimplemented, e.message + why, this.report(t, regs, []));
  }

  fatalGuestFaultInApi(t: GuestThread, decl: ApiDecl, e: GuestFault, lr: number): void {
    const regs = readAllRegs(this.uc);
    regs[15] = lr & ~1;
    this.abort(
      'crashed',
      EXIT_CODES.crashed,
      `guest access violation in ${decl.dll}!${decl.name}: ${e.access} of ${e.length} byte(s) at ${hex8(e.address)} (called from ${hex8(lr & ~1)} ${this.symbolize(lr & ~1)})`,
      this.report(t, regs, []),
    );
  }

  fatalDivideByZero(t: GuestThread, lr: number): void {
    const regs = readAllRegs(this.uc);
    regs[15] = lr & ~1;
    this.abort(
      'crashed',
      EXIT_CODES.crashed,
      `guest integer divide by zero (called from ${hex8(lr & ~1)} ${this.symbolize(lr & ~1)})`,
      this.report(t, regs, []),
    );
  }

  fatalInternal(t: GuestThread, decl: ApiDecl, e: unknown): void {
    const regs = readAllRegs(this.uc);
    this.abort(
      'internal-error',
      EXIT_CODES.internal,
      `internal emulator error in ${decl.dll}!${decl.name}: ${(e as Error)?.message ?? String(e)}`,
      this.report(t, regs, [(e as Error)?.stack ?? '']),
    );
  }
}

/**
 * CE's break instruction: DebugBreak() on ARM is the undefined instruction 0xE6000010 (the CE
 * kernel's breakpoint, armtrap.s), raised to the program as EXCEPTION_BREAKPOINT; Thumb code uses
 * 0xDEFE. Anything else undefined is an illegal instruction.
 */
function isDebugBreak(mem: GuestMemory, pc: number, cpsr: number): boolean {
  const thumb = (cpsr & 0x20) !== 0;
  if (thumb) return mem.isUserRange(pc, 2) && mem.u16(pc) === 0xdefe;
  return mem.isUserRange(pc, 4) && mem.u32(pc) === 0xe6000010;
}

function quoteArg(a: string): string {
  return /[\s"]/.test(a) || a === '' ? `"${a.replace(/"/g, '\\"')}"` : a;
}
