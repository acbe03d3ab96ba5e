/**
 * The programmatic API for regression tests: start a CE executable, watch and drive it, await its exit.
 *
 *   import { start } from 'wmemu';
 *
 *   const emu = await start('roms/bin/echosrv.exe', { args: ['0'], network: 'loopback', timeoutMs: 20_000 });
 *   const sock = await emu.connect();            // waits until the guest listens, connects to it
 *   sock.write('ping');
 *   ...
 *   const r = await emu.exited;                  // { status, exitCode, stdout, stderr, debug, ... }
 *
 * Outgoing connections of the guest can be sent to an in-process server instead:
 *
 *   const emu = await start('app.exe', { redirect: { '10.0.0.5:80': `127.0.0.1:${server.port}` } });
 *
 * Everything `wmemu run` can do is an option here: profile, cpu, args, deviceRoot, registry seed,
 * hosts map, network policy, limits, trace, pcap, deterministic.
 */
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { connect as netConnect, type Socket } from 'node:net';
import { Machine, EXIT_CODES, type MachineOptions, type RunResult } from '../core/machine.js';
import { createMachine, standardRegistry } from './dll-set.js';
import { checkTraceFilter } from '../core/api/trace.js';
import { PeFormatError } from '../core/pe/pe-file.js';
import { LoadError } from '../core/loader/loader.js';
import type { TraceOptions, TraceRecord } from '../core/api/trace.js';
import { OptionError, describeValue } from './schema.js';
import { PcapWriter, TrafficCapture, endpointFromSockaddr, formatEndpoint } from './capture/pcap.js';
import { redirectFromMap } from '../core/net/redirect.js';
import type { ListenEvent } from '../core/events.js';
import { resolveOptions, type StartOptions, type EffectiveOptions } from './options.js';
import { winsockStateIfAny } from '../../winsock-shim/state.js';
import { attachGdbStub } from './gdb/stub.js';
import { displayHandle, type DisplayHandle } from './display.js';
import { installFail, installHook, HookError, type FailHandle, type FailOptions, type HookHandle, type HookHandler } from './hooks.js';
import type { ViewServer } from './view/server.js';

export type { StartOptions, EffectiveOptions };

/** The result of a run plus everything it printed. */
export interface CapturedRun extends RunResult {
  stdout: string;
  stderr: string;
  debug: string[];
}

/** start() could not load the executable (missing file, not a CE ARM PE, ...). */
export class StartError extends Error {
  constructor(readonly result: CapturedRun) {
    super(result.message ?? 'cannot load the executable');
  }
}

type OutputEvent = 'stdout' | 'stderr' | 'debug';

/** Machines running in this process; one 'beforeExit' listener serves them all. */
const running = new Set<Machine>();
const onBeforeExit = () => {
  for (const m of [...running]) m.reportDeadlock();
};
function watchDeadlock(m: Machine, on: boolean): void {
  if (on) {
    if (running.size === 0) process.on('beforeExit', onBeforeExit);
    running.add(m);
  } else if (running.delete(m) && running.size === 0) process.off('beforeExit', onBeforeExit);
}

/** A running emulated process. */
export class Emulation {
  /**
   * Resolves once the guest process has ended (exit, crash, limit, kill) and the child processes it
   * left running were ended (or, with `waitForChildren`, waited for): their last output is in the
   * result (dlls/coredll/processes.ts).
   */
  readonly exited: Promise<CapturedRun>;
  /** Debug-channel lines so far (NKDbgPrintfW, OutputDebugStringW). */
  readonly debug: string[] = [];
  /** API trace records so far (when the `trace` option is on): objects, as the JSON lines hold them. */
  readonly trace: TraceRecord[] = [];
  /** The gdb stub's TCP port (with the `gdb` option): `target remote :PORT` (system/gdb/stub.ts). */
  gdbPort: number | undefined;
  /** The live view (with the `view` option): `url` to open in a browser; `end()` resolves once it has closed. */
  view: ViewServer | undefined;
  private readonly out: Buffer[] = [];
  private readonly err: Buffer[] = [];
  private readonly listeners: { [K in OutputEvent | 'exit']: Set<(x: any) => void> } = {
    stdout: new Set(),
    stderr: new Set(),
    debug: new Set(),
    exit: new Set(),
  };
  private result: CapturedRun | undefined;
  /** @internal false: stdout/stderr are only passed on (the CLI), not kept. */
  keepOutput = true;

  private begin!: (run: Promise<RunResult>) => void;

  /** @internal use start() */
  /** The run's screen and window tree (system/display.ts): screenshot(), windows(), idle(). */
  get display(): DisplayHandle {
    return displayHandle(this.machine);
  }

  constructor(
    readonly machine: Machine,
    cleanup: () => void,
  ) {
    const run = new Promise<RunResult>((resolve, reject) => {
      this.begin = (p) => p.then(resolve, reject);
    });
    this.exited = run.then((r) => {
      cleanup();
      this.result = { ...r, stdout: this.stdout, stderr: this.stderr, debug: this.debug };
      for (const l of this.listeners.exit) l(this.result);
      return this.result;
    });
  }

  /** @internal */
  run(): void {
    // Node's event loop running dry while guest threads are parked is a deadlock (nothing can wake
    // them): the same verdict as the CLI's, so `exited` always settles, in CommonJS and ESM scripts.
    watchDeadlock(this.machine, true);
    this.begin(
      this.machine.run().finally(() => {
        watchDeadlock(this.machine, false);
        this.machine.dispatcher.tracer?.finish();
      }),
    );
  }

  /** Guest stdout so far (UTF-8). */
  get stdout(): string {
    return Buffer.concat(this.out).toString('utf8');
  }
  /** Guest stderr so far (UTF-8). */
  get stderr(): string {
    return Buffer.concat(this.err).toString('utf8');
  }
  /** True once the process has ended. */
  get done(): boolean {
    return this.result !== undefined;
  }

  /** Live output: 'stdout' / 'stderr' get text chunks, 'debug' lines, 'exit' the result. */
  on(event: 'stdout' | 'stderr' | 'debug', listener: (text: string) => void): this;
  on(event: 'exit', listener: (result: CapturedRun) => void): this;
  on(event: 'listen', listener: (e: ListenEvent) => void): this;
  on(event: OutputEvent | 'exit' | 'listen', listener: (x: any) => void): this {
    if (event === 'listen') this.machine.events.on('listen', listener);
    else this.listeners[event].add(listener);
    return this;
  }
  off(event: OutputEvent | 'exit' | 'listen', listener: (x: any) => void): this {
    if (event === 'listen') this.machine.events.off('listen', listener);
    else this.listeners[event].delete(listener);
    return this;
  }

  /** @internal */
  pushOutput(which: 'stdout' | 'stderr', d: Uint8Array): void {
    if (this.keepOutput) (which === 'stdout' ? this.out : this.err).push(Buffer.from(d));
    if (this.listeners[which].size) {
      const text = Buffer.from(d).toString('utf8');
      for (const l of this.listeners[which]) l(text);
    }
  }
  /** @internal */
  pushDebug(line: string): void {
    this.debug.push(line);
    for (const l of this.listeners.debug) l(line);
  }

  /**
   * Resolves with the output so far once stdout (or the debug channel, with `channel: 'debug'`)
   * matches; rejects when the process ends first or after `timeoutMs` (default 10 s).
   */
  waitForOutput(match: string | RegExp, opts: { channel?: OutputEvent; timeoutMs?: number } = {}): Promise<string> {
    const channel = opts.channel ?? 'stdout';
    const text = () => (channel === 'stdout' ? this.stdout : channel === 'stderr' ? this.stderr : this.debug.join('\n'));
    const test = () => (typeof match === 'string' ? text().includes(match) : match.test(text()));
    return this.waitFor(() => (test() ? text() : undefined), channel, opts.timeoutMs ?? 10_000, `output matching ${String(match)} on ${channel}`);
  }

  /**
   * Resolves when the guest listens on a socket (on `port` if given; port 0 = any), with the real
   * host port, also when the guest listened before this call.
   */
  waitForListen(port?: number, opts: { timeoutMs?: number } = {}): Promise<ListenEvent> {
    const pick = () => this.listening().find((e) => !port || e.port === port);
    return this.waitFor(pick, 'listen', opts.timeoutMs ?? 10_000, `the guest to listen${port ? ` on port ${port}` : ''}`);
  }

  /** The guest's listening sockets right now. */
  listening(): ListenEvent[] {
    const st = winsockStateIfAny(this.machine);
    if (!st) return [];
    const out: ListenEvent[] = [];
    const buf = Buffer.alloc(32);
    for (const s of st.sockets.values()) {
      if (!s.listening || s.closed) continue;
      const n = s.host.getsockname(buf, 0, 28);
      const e = n > 0 ? endpointFromSockaddr(buf, 0, n) : undefined;
      if (!e) continue;
      const v6 = e.address.length === 16;
      out.push({
        port: e.port,
        family: v6 ? 6 : 4,
        address: formatEndpoint(e)
          .replace(/:\d+$/, '')
          .replace(/^\[|\]$/g, ''),
        socket: s.handle,
      });
    }
    return out;
  }

  /**
   * Connects a host TCP socket to the guest: waits until it listens (on `port`, or on any port),
   * then connects to it on loopback. Resolves once connected.
   */
  async connect(port?: number, opts: { timeoutMs?: number } = {}): Promise<Socket> {
    const l = await this.waitForListen(port, opts);
    const any = l.address === '0.0.0.0' || l.address === '::';
    const host = any ? (l.family === 6 ? '::1' : '127.0.0.1') : l.address;
    return new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host, port: l.port }, () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
  }

  /**
   * Observes or replaces an emulated export (emulator/core/api/hooks.ts): `name` is `'WS2.dll!send'`,
   * `'WS2.dll!#19'` or a bare `'send'`; an unknown name throws a HookError now. Installed right after
   * `await start()`, a hook sees every call (the guest starts on the next event-loop turn).
   */
  hook(name: string, handler: HookHandler): HookHandle {
    return installHook(this.machine, name, handler);
  }

  /**
   * Makes calls of an export fail (system/hooks.ts): `emu.fail('send', { error: 'WSAECONNRESET', after: 3 })`
   * — the first 3 calls succeed, the next ones return the export's failure value with that last error.
   */
  fail(name: string, options: FailOptions): FailHandle {
    if (typeof options !== 'object' || options === null)
      throw new HookError(`fail '${name}': expected { error, after?, times?, when? }, got ${describeValue(options)}`);
    return installFail(this.machine, { ...options, name });
  }

  /** Calls failed by fault injection so far (the `fail` option, emu.fail). */
  get faultsInjected(): number {
    return this.machine.dispatcher.faultsInjected;
  }

  /** Ends the process now (status 'interrupted', exit code 130) and resolves with the result. */
  kill(reason = 'killed by the host'): Promise<CapturedRun> {
    this.machine.abort('interrupted', EXIT_CODES.interrupted, reason);
    return this.exited;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.done) await this.kill();
  }

  private waitFor<T>(probe: () => T | undefined, on: OutputEvent | 'listen', timeoutMs: number, what: string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) {
          finish();
          resolve(v);
        }
      };
      const onExit = (r: CapturedRun) => {
        // Output may have arrived with the exit.
        const v = probe();
        finish();
        if (v !== undefined) resolve(v);
        else reject(new Error(`the guest ended (${r.status}, exit code ${r.exitCode}) before ${what}${r.message ? `: ${r.message}` : ''}`));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.off(on, check);
        this.off('exit', onExit);
      };
      this.on(on as 'stdout', check);
      this.on('exit', onExit);
      if (this.result) onExit(this.result);
    });
  }
}

function loadFailure(message: string): CapturedRun {
  return { exitCode: EXIT_CODES.load, status: 'load-error', message, stdout: '', stderr: '', debug: [] };
}

/**
 * Loads a CE executable and starts running it. Rejects with StartError when it cannot be loaded
 * (or with a ProfileError / RedirectError for bad options); everything after that — exit, crash,
 * limits — ends up in `exited`.
 */
export async function start(exePath: string, options: StartOptions = {}): Promise<Emulation> {
  if (typeof exePath !== 'string') throw new OptionError(`exePath: expected a file path, got ${describeValue(exePath)}`);
  return launch(exePath, resolveOptions(undefined, {}, options));
}

/** @internal start() after the options pipeline (the CLI calls it with its own resolved options). */
export async function launch(
  exePath: string,
  o: EffectiveOptions,
  internal: {
    pcapSink?: (bytes: Uint8Array) => void;
    keepOutput?: boolean;
    beforeRun?: (m: Machine) => Promise<void>;
    /** Backpressure of the CLI's stdout/stderr (MachineOptions.outputDrain; cli/host-output.ts). */
    outputDrain?: (resume: () => void) => void;
  } = {},
): Promise<Emulation> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(exePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StartError(loadFailure(`cannot read ${exePath}: ${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)}`));
  }
  const { trace, pcap, redirect, onStdout, onStderr, onDebug, gdb, hooks, fail, view, ...machineOptions } = o;
  const redirectFn = redirect === undefined ? undefined : typeof redirect === 'function' ? redirect : redirectFromMap(redirect, o.hosts);

  let emu: Emulation | undefined;
  let machine: Machine | undefined;
  const cleanups: (() => void)[] = [];

  // Trace: collected in emu.trace, optionally also to a file / a callback.
  let traceOptions: TraceOptions | undefined;
  if (trace !== undefined && trace !== false) {
    const t = typeof trace === 'object' ? trace : { filter: typeof trace === 'string' ? trace : undefined };
    let fd: number | undefined;
    if (t.filter) {
      try {
        checkTraceFilter(t.filter, standardRegistry());
      } catch (e) {
        throw new OptionError(`trace.filter: ${(e as Error).message}`);
      }
    }
    if (t.file) {
      try {
        fd = openSync(t.file, 'w');
      } catch (e) {
        throw new OptionError(`trace.file: cannot open ${t.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      cleanups.push(() => closeSync(fd!));
    }
    const userWrite = t.write;
    const userRecord = t.record;
    const keep = t.keep !== false;
    traceOptions = {
      filter: t.filter,
      format: t.format,
      decoders: t.decoders,
      data: t.data,
      summary: t.summary,
      record: (r) => {
        if (keep) emu?.trace.push(r);
        userRecord?.(r);
      },
      write: (line) => {
        if (fd !== undefined) writeSync(fd, line + '\n');
        userWrite?.(line);
      },
    };
  }
  let capture: TrafficCapture | undefined;
  if (pcap || internal.pcapSink) {
    let writer: PcapWriter;
    try {
      writer = internal.pcapSink ? new PcapWriter(internal.pcapSink) : PcapWriter.toFile(pcap!);
    } catch (e) {
      for (const c of cleanups) c();
      throw new OptionError(`pcap: cannot open ${pcap}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    capture = new TrafficCapture(writer, () => machine!.clock.nowUtcMicros());
    cleanups.push(() => capture!.close());
  }

  machine = createMachine({
    ...(machineOptions as MachineOptions),
    trace: traceOptions,
    capture,
    redirect: redirectFn,
    stdout: (d) => {
      emu!.pushOutput('stdout', d);
      return onStdout?.(d);
    },
    stderr: (d) => {
      emu!.pushOutput('stderr', d);
      return onStderr?.(d);
    },
    outputDrain: internal.outputDrain,
    debug: (l) => {
      emu!.pushDebug(l);
      onDebug?.(l);
    },
  });
  const m = machine;
  const cleanup = () => {
    m.close();
    for (const c of cleanups.splice(0)) {
      try {
        c();
      } catch {
        /* closing a trace or capture file must not hide the run's result */
      }
    }
  };
  try {
    m.loadExecutable(bytes, basename(exePath), exePath);
  } catch (e) {
    cleanup();
    if (e instanceof PeFormatError || e instanceof LoadError) throw new StartError(loadFailure(e.message));
    throw e;
  }
  try {
    for (const [name, h] of Object.entries(hooks ?? {})) installHook(m, name, h);
    for (const f of fail ?? []) installFail(m, f);
  } catch (e) {
    cleanup();
    if (e instanceof HookError) throw new OptionError(`${e.message}`);
    throw e;
  }
  emu = new Emulation(m, cleanup);
  if (internal.keepOutput === false) emu.keepOutput = false;
  if (gdb) {
    // The guest waits before its first instruction until gdb continues it.
    try {
      emu.gdbPort = (await attachGdbStub(m, gdb, resolve(exePath))).port;
    } catch (e) {
      cleanup();
      throw new StartError(
        loadFailure(`gdb stub: cannot listen on ${gdb.host ?? '127.0.0.1'}:${gdb.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`),
      );
    }
  }
  if (view) {
    try {
      // Loaded on demand: runs without a view never load the HTTP/WebSocket server.
      const { startView } = await import('./view/server.js');
      const v = (emu.view = await startView(m, emu.display, view));
      void emu.exited.then((r) => v.end(r.status === 'exited' ? `exit code ${r.guestExitCode ?? r.exitCode}` : (r.message ?? r.status)));
    } catch (e) {
      cleanup();
      throw new StartError(
        loadFailure(`view: cannot listen on ${view.host ?? '127.0.0.1'}:${view.port ?? 0}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`),
      );
    }
  }
  await internal.beforeRun?.(m);
  // Start on the next event-loop turn: the caller attaches listeners right after `await start()`.
  setImmediate(() => emu!.run());
  return emu;
}
