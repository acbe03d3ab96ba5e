/**
 * `wmemu run`: its options, how they become start() options (the one pipeline of
 * emulator/system/options.ts), and the process conventions of the run (issue 15 items 2, 3, 4, 7):
 *
 * - every bad option or argument: one line on stderr, exit 2 (commander's own errors too);
 * - SIGINT/SIGTERM always end the run: 130/143 (128 + signal); a closed stdout/stderr pipe ends it
 *   with 141 (as SIGPIPE would), never blocks shutdown;
 * - `--result-json <file>`: status, guest exit code (all 32 bits), reason, duration, counts;
 * - `--fail <spec>`: fault injection (emulator/system/hooks.ts), counted in --result-json;
 * - `--ready-file <file>`: written (the port, one line) when the guest first listens on a socket;
 * - `--pcap -`: the capture goes to stdout (the guest's stdout then goes to stderr).
 */
import { HostOutput } from './host-output.js';
import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Machine } from '../emulator/core/machine.js';
import { attachGdbFromCli } from './gdb.js';
import { Command, Option } from 'commander';
import { EXIT_CODES, type RunResult } from '../emulator/core/run-result.js';
import { CPU_MODELS, DEFAULT_CPU } from '../emulator/core/unicorn/unicorn.js';
import { loadRegFileText } from '../emulator/dlls/coredll/registry.js';
import { resolveOptions, type EffectiveOptions, type StartOptions } from '../emulator/system/options.js';
import { OptionError, parseDuration, parseSize } from '../emulator/system/schema.js';
import { launch, StartError, type Emulation } from '../emulator/system/session.js';
import { checkTraceFilter } from '../emulator/core/api/trace.js';
import { standardRegistry } from '../emulator/system/dll-set.js';
import { resolveFail } from '../emulator/system/hooks.js';
import { InputScriptError, parseInputScript, runInputScript, type InputStep } from '../emulator/system/input-script.js';

type Fail = (message: string, code: number) => never;

/** Declares the options of `wmemu run` on `cmd`. */
export function addRunOptions(cmd: Command): Command {
  // --allow and --deny go to one list in command-line order (first match wins).
  const rules: string[] = [];
  const rule = (action: 'allow' | 'deny') => (v: string) => {
    rules.push(`${action} ${v}`);
    return rules;
  };
  const pairs =
    (flag: string, what: string) =>
    (v: string, acc: Record<string, string>): Record<string, string> => {
      const i = v.indexOf('=');
      if (i <= 0 || i === v.length - 1) throw new OptionError(`${flag}: expected ${what}, got '${v}'`);
      return { ...acc, [v.slice(0, i)]: v.slice(i + 1) };
    };
  const repeat = (v: string, acc: string[] = []) => [...acc, v];
  return cmd
    .addOption(new Option('--cpu <model>', `CPU model (default ${DEFAULT_CPU})`).choices(Object.keys(CPU_MODELS)))
    .addOption(
      new Option(
        '--os-version <major>',
        'OS version of the device: 5 (CE 5.x, Windows Mobile 6.5; default), 6 (CE 6), 7 (CE 7): coredll export names, GetVersionExW',
      ).choices(['5', '6', '7']),
    )
    .option('--trace', 'trace emulated API calls (to stderr, or --trace-file); --trace=FILTER is --trace --trace-filter FILTER')
    .option('--trace-filter <names>', 'trace only these: comma-separated DLL or function names, !name excludes (implies --trace)')
    .option('--trace-file <file>', 'write the trace to a file instead of stderr (implies --trace)')
    .addOption(new Option('--trace-format <format>', 'trace line format (default text)').choices(['text', 'json']))
    .option('--trace-data <bytes>', 'show the first N bytes of send/recv/WriteFile/ReadFile buffers in the trace (implies --trace)')
    .option('--trace-summary', 'at the end, print calls, errors and time per API on stderr (like strace -c)')
    .option('--debug-output', 'show the debug channel (NKDbgPrintfW, OutputDebugStringW) on stderr')
    .option('--gdb <port>', 'debug with gdb: a gdb stub on this loopback TCP port; the guest waits for gdb before its first instruction')
    .option('--memory-limit <size>', 'cap on guest memory: 256MiB, 1GiB, or a number of MiB (default 256)')
    .option('--timeout <duration>', 'end the run after this wall-clock time: 500ms, 30s, 1m, or a number of seconds (exit code 122)')
    .option('--wait-children', 'when the program exits, wait for the child processes it started that still run (bounded by --timeout)')
    .option('--root <dir>', 'host folder that is the device file system root (default: a fresh temporary folder)')
    .option('--registry <file>', 'REGEDIT4 .reg file the device registry starts from')
    .option('--registry-persist', 'write the registry back to the --registry file on exit')
    .addOption(
      new Option('--msgbox-answer <answer>', 'how MessageBoxW is answered (printed to stderr; default ok, or dialog with --input: a real dialog)').choices([
        'ok',
        'cancel',
        'yes',
        'no',
        'dialog',
      ]),
    )
    .option('--dll-path <dir>', 'host folder searched for ARM DLLs and CreateProcessW executables (repeatable)', repeat)
    .option('--host <name=addr>', 'resolve a host name to this address in the guest (repeatable)', pairs('--host', 'name=address'))
    .option('--profile <file>', 'device profile (JSON): device root, registry, hosts, CPU, screen, locale, network, limits; options given here win')
    .option('--deterministic', 'reproducible run: virtual clock with a fixed start and tick rate, seeded random, instruction-counted time slices')
    .addOption(
      new Option('--network <policy>', 'network policy: host (default), loopback (only 127/8 and ::1), none (network down)').choices([
        'host',
        'loopback',
        'none',
      ]),
    )
    .addOption(new Option('--net <policy>', 'network policy (same as --network): host, loopback, none').choices(['host', 'loopback', 'none']))
    .option(
      '--allow <rule>',
      'allow connect/bind/sendto to [ops@]addr[/prefix][:port[-port]] (repeatable; first matching --allow/--deny wins; with any --allow, the rest is denied)',
      rule('allow'),
    )
    .option('--deny <rule>', 'deny connect/bind/sendto to [ops@]addr[/prefix][:port[-port]] (WSAEACCES in the guest, logged; repeatable)', rule('deny'))
    .option(
      '--redirect <from=to>',
      "send the guest's connections for from (addr:port, name:port, *:port) to to (addr:port) instead (repeatable)",
      pairs('--redirect', 'from=to'),
    )
    .option('--fail <spec>', 'fault injection: [DLL!]NAME:ERROR[@AFTER[xTIMES]], e.g. send:WSAECONNRESET@3 (the 4th and later sends fail; repeatable)', repeat)
    .option('--pcap <file>', "write the guest's network traffic (every byte sent and received) to a pcap file; - is stdout")
    .option('--result-json <file>', 'write the run result as JSON: status, exitCode, guestExitCode, reason, durationMs, counts')
    .option('--ready-file <file>', 'write the port to this file when the guest first listens on a socket (for shell scripts)')
    .option('--screenshot <file>', 'write the screen as PNG when the run ends')
    .option('--dump-windows <file>', 'write the window tree as JSON when the run ends')
    .option('--view', "show the screen live in a web browser (the page's address, with its token, goes to stderr); --view=PORT picks the port")
    .addOption(new Option('--view-port <port>', 'TCP port of the live view (--view=PORT)').hideHelp())
    .option('--view-host <addr>', 'address the live view listens on (default 127.0.0.1: this host only; another address lets other hosts in)')
    .option(
      '--input <file>',
      'drive the GUI from a script: wait idle, wait window "T", tap X Y, click "T", drag, key NAME, text S, screenshot F, wait exit, exit [CODE], keep running',
    )
    .passThroughOptions();
}

/**
 * `--trace=FILTER` (commander has no optional value that cannot swallow the executable) becomes
 * `--trace --trace-filter FILTER`; only the option part before the executable is rewritten.
 */
export function rewriteTraceArgs(cmd: Command, argv: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--trace=')) {
      out.push('--trace', '--trace-filter', a.slice('--trace='.length));
      continue;
    }
    if (a.startsWith('--view=')) {
      out.push('--view', '--view-port', a.slice('--view='.length));
      continue;
    }
    out.push(a);
    if (a.includes('=')) continue;
    const opt = cmd.options.find((o) => o.long === a || o.short === a);
    if (opt && (opt.required || opt.optional) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return [...out, ...argv.slice(i)];
}

/** The command line's options as start() options (only what the user typed), plus the profile path. */
export function cliLayer(opts: Record<string, any>, args: string[]): { profile?: string; cli: StartOptions } {
  const o: StartOptions = {};
  const wrap = <T>(flag: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new OptionError(`${flag}: ${(e as Error).message}`);
    }
  };
  if (args.length) o.args = args;
  if (opts.cpu !== undefined) o.cpu = opts.cpu;
  if (opts.osVersion !== undefined) o.osVersion = Number(opts.osVersion) as 5 | 6 | 7;
  if (opts.memoryLimit !== undefined) o.memoryLimit = wrap('--memory-limit', () => parseSize(opts.memoryLimit, 'MiB', 1024 * 1024));
  if (opts.timeout !== undefined) o.timeoutMs = wrap('--timeout', () => parseDuration(opts.timeout, 's'));
  if (opts.root !== undefined) o.deviceRoot = opts.root;
  if (opts.registry !== undefined) o.registryFile = opts.registry;
  if (opts.registryPersist) o.registryPersist = true;
  if (opts.host !== undefined) o.hosts = opts.host;
  if (opts.msgboxAnswer !== undefined) o.messageBoxAnswer = opts.msgboxAnswer;
  // An input script drives the GUI: message boxes are real dialogs it can answer (unless an answer is given).
  else if (opts.input !== undefined) o.messageBoxAnswer = 'dialog';
  if (opts.dllPath !== undefined) o.dllSearchPath = opts.dllPath;
  if (opts.waitChildren) o.waitForChildren = true;
  if (opts.deterministic) o.deterministic = true;
  if (opts.network !== undefined) o.network = opts.network;
  if (opts.net !== undefined) o.network = opts.net;
  const rules = (opts.allow ?? opts.deny) as string[] | undefined;
  if (rules?.length) o.networkRules = rules;
  if (opts.redirect !== undefined) o.redirect = opts.redirect;
  if (opts.pcap !== undefined && opts.pcap !== '-') o.pcap = opts.pcap;
  if (opts.fail !== undefined) {
    for (const f of opts.fail as string[]) wrap('--fail', () => resolveFail(standardRegistry(), f));
    o.fail = opts.fail;
  }
  if (opts.view || opts.viewPort !== undefined || opts.viewHost !== undefined) {
    if (opts.viewPort !== undefined && !/^\d{1,5}$/.test(opts.viewPort)) throw new OptionError(`--view: expected a port number, got '${opts.viewPort}'`);
    o.view = {
      ...(opts.viewPort !== undefined && { port: Number(opts.viewPort) }),
      ...(opts.viewHost !== undefined && { host: opts.viewHost }),
    };
  }
  return { ...(opts.profile !== undefined && { profile: opts.profile }), cli: o };
}

/** What `wmemu run <argv>` would run with (the test compares it with start()'s pipeline). */
export function effectiveOptionsOf(argv: string[]): EffectiveOptions {
  const cmd = addRunOptions(
    new Command('run')
      .argument('<exe>')
      .argument('[args...]')
      .exitOverride()
      .configureOutput({ writeErr: () => {} }),
  );
  cmd.parse(rewriteTraceArgs(cmd, argv), { from: 'user' });
  const { profile, cli } = cliLayer(cmd.opts(), cmd.processedArgs[1] as string[]);
  return resolveOptions(profile, cli);
}

/** JSON written by --result-json. */
export interface ResultJson {
  status: RunResult['status'];
  exitCode: number;
  guestExitCode: number | null;
  reason: string | null;
  durationMs: number;
  /** apiErrors: with --trace or --trace-summary only (null otherwise); faultsInjected: calls failed by --fail. */
  counts: { apiCalls: number; apiErrors: number | null; faultsInjected: number; stdoutBytes: number; stderrBytes: number };
}

export function addRunCommand(program: Command, fail: Fail): void {
  const cmd = program
    .command('run')
    .description('run a CE executable; its console output goes to stdout, its exit code becomes ours')
    .argument('<exe>', 'the CE executable (PE, ARM)')
    .argument('[args...]', 'arguments passed to the program (its command line)');
  addRunOptions(cmd);
  cmd.action(async (exe: string, args: string[], opts: Record<string, any>) => {
    const t0 = Date.now();
    const { profile, cli } = cliLayer(opts, args);
    const traceOn = opts.trace || opts.traceFilter !== undefined || opts.traceFile !== undefined || opts.traceData !== undefined;
    let traceData: number | undefined;
    if (opts.traceData !== undefined) {
      if (!/^\d+$/.test(opts.traceData)) throw new OptionError(`--trace-data: expected a number of bytes, got '${opts.traceData}'`);
      traceData = parseInt(opts.traceData, 10);
    }
    if (opts.traceFilter !== undefined) {
      try {
        checkTraceFilter(opts.traceFilter, standardRegistry());
      } catch (e) {
        throw new OptionError(`--trace-filter: ${(e as Error).message}`);
      }
    }
    if (opts.registry) {
      try {
        loadRegFileText(opts.registry, opts.registryPersist === true);
      } catch (e) {
        throw new OptionError(`--registry: ${(e as Error).message}`);
      }
    }
    const effective = resolveOptions(profile, cli);
    let steps: InputStep[] | undefined;
    if (opts.input !== undefined) {
      try {
        steps = parseInputScript(readFileSync(opts.input, 'utf8'));
      } catch (e) {
        throw new OptionError(
          e instanceof InputScriptError ? e.message : `--input: cannot read ${opts.input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
    }

    // Output: a closed pipe on stdout or stderr ends the run with 141, as SIGPIPE would.
    let closedPipe = false;
    let emu: Emulation | undefined;
    const onPipeError = (e: NodeJS.ErrnoException) => {
      if (closedPipe) return;
      closedPipe = true;
      if (emu && !emu.done) emu.machine.abort('interrupted', EXIT_CODES.brokenPipe, `output closed (${e.code ?? e.message})`);
      else setImmediate(() => process.exit(EXIT_CODES.brokenPipe));
    };
    process.stdout.on('error', onPipeError);
    process.stderr.on('error', onPipeError);
    const out = (s: NodeJS.WriteStream) => (d: Uint8Array | string) => {
      if (!closedPipe) s.write(d);
    };
    const pcapToStdout = opts.pcap === '-';
    // The guest's console output: bounded queues with backpressure, flushed before exit (issue 17
    // item 1, cli/host-output.ts).
    const hostOut = new HostOutput(pcapToStdout ? process.stderr : process.stdout);
    const hostErr = new HostOutput(process.stderr);

    let traceFd: number | undefined;
    if (opts.traceFile) {
      try {
        traceFd = openSync(opts.traceFile, 'w');
      } catch (e) {
        throw new OptionError(`--trace-file: cannot open ${opts.traceFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    if (opts.pcap !== undefined && !pcapToStdout) {
      try {
        closeSync(openSync(opts.pcap, 'w'));
      } catch (e) {
        throw new OptionError(`--pcap: cannot open ${opts.pcap}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    for (const [flag, file] of [
      ['--result-json', opts.resultJson],
      ['--ready-file', opts.readyFile],
    ] as const) {
      if (file === undefined) continue;
      try {
        writeFileSync(file, '');
      } catch (e) {
        throw new OptionError(`${flag}: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const traceWrite = (line: string) => {
      if (traceFd !== undefined) writeSync(traceFd, line + '\n');
      else out(process.stderr)(line + '\n');
    };
    let summary: string | undefined;
    let apiErrors: number | null = null;
    const wantTrace = traceOn || opts.traceSummary;
    let stdoutBytes = 0;
    let stderrBytes = 0;
    const run: EffectiveOptions = {
      ...effective,
      stdin: process.stdin,
      onStdout: (d) => {
        stdoutBytes += d.length;
        return closedPipe || hostOut.write(d);
      },
      onStderr: (d) => {
        stderrBytes += d.length;
        return closedPipe || hostErr.write(d);
      },
      ...(opts.debugOutput && { onDebug: (line: string) => out(process.stderr)(`[debug] ${line}\n`) }),
      ...(wantTrace && {
        trace: {
          keep: false,
          ...(opts.traceFilter !== undefined && { filter: opts.traceFilter }),
          ...(opts.traceFormat !== undefined && { format: opts.traceFormat }),
          ...(traceData !== undefined && { data: traceData }),
          write: traceOn ? traceWrite : () => {},
          summary: (text: string, c: { apiCalls: number; apiErrors: number }) => {
            summary = text;
            apiErrors = c.apiErrors;
          },
        },
      }),
    };
    try {
      emu = await launch(exe, run, {
        keepOutput: false,
        outputDrain: (resume) => hostOut.drain(() => hostErr.drain(resume)),
        ...(pcapToStdout && { pcapSink: (b: Uint8Array) => out(process.stdout)(b) }),
        ...(opts.gdb !== undefined && { beforeRun: (m: Machine) => attachGdbFromCli(m, opts.gdb, resolvePath(exe)) }),
      });
    } catch (e) {
      if (traceFd !== undefined) closeSync(traceFd);
      if (e instanceof StartError) {
        if (opts.resultJson) writeResult(opts.resultJson, e.result, t0, { apiCalls: 0, apiErrors: null, faultsInjected: 0, stdoutBytes: 0, stderrBytes: 0 });
        fail(e.message, EXIT_CODES.load);
      }
      throw e;
    }
    const e = emu;
    if (e.view) out(process.stderr)(`wmemu: view at ${e.view.url}\n`);
    if (opts.readyFile) {
      const onListen = (l: { port: number }) => {
        e.off('listen', onListen);
        const tmp = `${opts.readyFile}.tmp-${process.pid}`;
        writeFileSync(tmp, `${l.port}\n`);
        renameSync(tmp, opts.readyFile);
      };
      e.on('listen', onListen);
    }
    // SIGINT/SIGTERM end the run (128 + signal); a second one ends wmemu at once.
    const signals: [NodeJS.Signals, number][] = [
      ['SIGINT', EXIT_CODES.interrupted],
      ['SIGTERM', EXIT_CODES.terminated],
    ];
    let firstSignal: number | undefined;
    for (const [sig, code] of signals) {
      process.on(sig, () => {
        if (firstSignal !== undefined) {
          // A second signal: the first one's verdict stands; end now if the run is over.
          if (e.done) process.exit(firstSignal);
          return;
        }
        firstSignal = code;
        e.machine.abort('interrupted', code, `interrupted by ${sig}`);
        // The run ends at the next scheduler slice; never wait more than 500 ms for it. Once it has
        // ended, what the guest printed is flushed to the reader first (a second signal cuts that).
        setTimeout(() => {
          if (!e.done) process.exit(code);
        }, 500).unref();
      });
    }
    // --input: the steps run against the display while the program runs (system/input-script.ts).
    // After the last step the run ends (exit code 0) unless the program ended first or the script says
    // `keep running` (the default with --view: a person takes over).
    if (steps)
      runInputScript(e.display, steps, {
        exit: (code) => e.machine.exitProcess(code),
        get done() {
          return e.machine.finished;
        },
        exited: e.exited,
        keepRunning: e.view !== undefined,
      }).catch((err) => e.machine.abort('interrupted', EXIT_CODES.interrupted, (err as Error).message));
    const r = await e.exited;
    await e.view?.end(r.status === 'exited' ? `exit code ${r.guestExitCode ?? r.exitCode}` : (r.message ?? r.status));
    if (opts.screenshot) writeFileSync(opts.screenshot, e.display.screenshot());
    if (opts.dumpWindows) writeFileSync(opts.dumpWindows, JSON.stringify(e.display.windows(), null, 2) + '\n');
    if (traceFd !== undefined) closeSync(traceFd);
    if (summary !== undefined && opts.traceSummary) out(process.stderr)(summary);
    if (r.status !== 'exited') {
      out(process.stderr)(`wmemu: ${r.message}\n`);
      if (r.report) out(process.stderr)(r.report.replace(/^/gm, '  ') + '\n');
    }
    if (opts.resultJson)
      writeResult(opts.resultJson, r, t0, {
        apiCalls: e.machine.dispatcher.calls,
        apiErrors,
        faultsInjected: e.machine.dispatcher.faultsInjected,
        stdoutBytes,
        stderrBytes,
      });
    process.exitCode = r.exitCode;
    // Work at close that failed (--registry-persist could not write the file) must not pass silently.
    for (const err of e.machine.closeErrors) out(process.stderr)(`wmemu: ${err}\n`);
    if (e.machine.closeErrors.length && r.exitCode === 0) process.exitCode = EXIT_CODES.limit;
    // Everything the guest printed reaches the reader before we exit.
    await hostOut.flush();
    await hostErr.flush();
    // Node must not linger for host sockets the guest left open.
    setImmediate(() => process.exit(process.exitCode));
  });
}

function writeResult(file: string, r: RunResult, t0: number, counts: ResultJson['counts']): void {
  const j: ResultJson = {
    status: r.status,
    exitCode: r.exitCode,
    guestExitCode: r.guestExitCode ?? null,
    reason: r.message ?? null,
    durationMs: Date.now() - t0,
    counts,
  };
  writeFileSync(file, JSON.stringify(j, null, 2) + '\n');
}
