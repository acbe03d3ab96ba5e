/**
 * `npm run bench` — the guest→host send path of wmemu against native code and qemu-user, measured in
 * one run on one machine (issue 4). See bench/README.md for what is measured and how.
 *
 *   node dist/bench/run.js [--quick] [--runs N] [--ms N] [--json] [--only send,recv,trap,cpu,rss,pipe,gui] [--wmemu DIR] [--base DIR] [--match REGEX]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOOPBACK = '127.0.0.1';

// ------------------------------------------------------------------ options
interface Options {
  runs: number;
  ms: number;
  json: boolean;
  only: Set<string>;
  /** wmemu checkout to measure (its dist/ and roms/bin/): default this repository. */
  wmemu: string;
  /** A second wmemu checkout run interleaved with the first in the send/recv rows (A/B pairs). */
  base?: string;
  /** Only the send/recv rows whose name matches (case-insensitive regular expression). */
  match?: RegExp;
}
function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 5, ms: 600, json: false, only: new Set(['send', 'recv', 'trap', 'cpu', 'rss', 'pipe', 'gui']), wmemu: repo };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.runs = 1;
    else if (a === '--json') o.json = true;
    else if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]));
    else if (a === '--ms') o.ms = Math.max(50, Number(argv[++i]));
    else if (a === '--only') o.only = new Set(argv[++i]!.split(','));
    else if (a === '--wmemu') o.wmemu = path.resolve(argv[++i]!);
    else if (a === '--base') o.base = path.resolve(argv[++i]!);
    else if (a === '--match') o.match = new RegExp(argv[++i]!, 'i');
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: npm run bench -- [--quick] [--runs N] [--ms N] [--json] [--only send,recv,trap,cpu,rss,pipe,gui] [--wmemu DIR] [--base DIR] [--match REGEX]',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}
const opts = parseArgs(process.argv.slice(2));
const log = (s: string) => process.stderr.write(s + '\n');

// ------------------------------------------------------------------ tools
function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
function ensureTools(): void {
  const want: [string, string][] = [
    ['gcc', 'gcc'],
    ['arm-linux-gnueabi-gcc', 'gcc-arm-linux-gnueabi'],
    ['qemu-arm', 'qemu-user'],
  ];
  // The ARM libc headers and static libc: `--no-install-recommends` leaves them out of gcc-arm-linux-gnueabi.
  if (!fs.existsSync('/usr/arm-linux-gnueabi/include/stdio.h')) want.push(['/usr/arm-linux-gnueabi/include/stdio.h', 'libc6-dev-armel-cross']);
  if (!fs.existsSync('/usr/bin/time')) want.push(['/usr/bin/time', 'time']);
  const missing = want.filter(([c]) => (c.startsWith('/') ? !fs.existsSync(c) : !have(c))).map(([, p]) => p);
  if (!missing.length) return;
  log(`bench: installing ${missing.join(' ')} with apt-get`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  if (install().status !== 0) {
    spawnSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (install().status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
  }
}

function compile(tmp: string): Record<string, string> {
  const out: Record<string, string> = {};
  const cc = (compiler: string, args: string[], src: string, exe: string) => {
    const r = spawnSync(compiler, [...args, '-o', exe, src], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${compiler} ${src}: ${r.stderr}`);
  };
  cc('gcc', ['-O2', '-pthread'], path.join(repo, 'bench/sink.c'), (out.sink = path.join(tmp, 'sink')));
  cc('gcc', ['-O2', '-pthread'], path.join(repo, 'bench/source.c'), (out.source = path.join(tmp, 'source')));
  cc('gcc', ['-O2'], path.join(repo, 'bench/cputime.c'), (cputimeExe = path.join(tmp, 'cputime')));
  for (const b of ['send', 'recv', 'trap', 'cpu']) {
    const src = path.join(repo, `roms/src/bench_${b}.c`);
    cc('gcc', ['-O2'], src, (out[`native_${b}`] = path.join(tmp, `bench_${b}`)));
    cc('arm-linux-gnueabi-gcc', ['-O2', '-static', '-march=armv5te'], src, (out[`arm_${b}`] = path.join(tmp, `bench_${b}.arm`)));
  }
  // The GUI rows' native baseline (memcpy of the bytes BitBlt moves): no ARM Linux build, GDI is CE's.
  cc('gcc', ['-O2'], path.join(repo, 'roms/src/bench_gui.c'), (out.native_gui = path.join(tmp, 'bench_gui')));
  return out;
}

// ------------------------------------------------------------------ processes
interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
  rssKiB: number;
  wallMs: number;
  /** User + system CPU time of the process (all its threads), µs, from wait4(2). */
  cpuUs: number;
}
/** bench/cputime.c, built by compile(). */
let cputimeExe = '';
/** Runs a command under bench/cputime (wait4 rusage: user + system CPU µs and peak RSS of that process). */
function runMeasured(cmd: string, args: string[], tmp: string): ProcResult {
  const tf = path.join(tmp, 'time.out');
  fs.rmSync(tf, { force: true });
  const t0 = performance.now();
  const r = spawnSync(cputimeExe, [tf, cmd, ...args], { encoding: 'utf8', cwd: repo, timeout: 120_000 });
  const wallMs = performance.now() - t0;
  const [user, sys, rss] = (fs.existsSync(tf) ? fs.readFileSync(tf, 'utf8') : '').trim().split(' ').map(Number);
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', rssKiB: rss || 0, wallMs, cpuUs: (user || 0) + (sys || 0) };
}

/**
 * CPU time a (long-lived peer) process has used so far, ns: utime + stime of /proc/PID/stat, which keeps
 * the time of its threads that have exited (the source's and sink's per-connection threads). Clock ticks
 * (10 ms): a peer figure is an average over the runs, coarse in a single one.
 */
const TICK_NS = 1e9 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100);
function procCpuNs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_NS; // fields 14 and 15 (utime, stime), counted from field 3
  } catch {
    return NaN;
  }
}

function kv(line: string): Record<string, string> {
  const o: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)=(\S+)/g)) o[m[1]!] = m[2]!;
  return o;
}

/** The first line wmemu printed about why it stopped (unimplemented import, crash...). */
function failureReason(r: ProcResult): string {
  const s = (r.stderr.split('\n').find((l) => l.startsWith('wmemu:')) ?? r.stdout.split('\n').find((l) => /failed|usage/.test(l)) ?? '').replace(
    /^wmemu:\s*/,
    '',
  );
  // Else the last stderr line (an uncaught exception's message, a loader error...).
  const last = r.stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s+at /.test(l))
    .pop();
  return `${s.replace(/ called from 0x[0-9a-f]+/, '') || (last ? `no result line; stderr: ${last.trim().slice(0, 160)}` : 'no result line')} (exit ${r.code})`;
}

class Sink {
  tcpPort = 0;
  udpPort = 0;
  private closed: number[] = [];
  private waiters: ((n: number) => void)[] = [];
  private proc: ReturnType<typeof spawn> | undefined;
  get pid(): number | undefined {
    return this.proc?.pid;
  }
  async start(exe: string): Promise<void> {
    const p = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc = p;
    const rl = createInterface({ input: p.stdout! });
    await new Promise<void>((resolve, reject) => {
      p.on('error', reject);
      rl.on('line', (l) => {
        const v = kv(l);
        if (v.tcp) {
          this.tcpPort = Number(v.tcp);
          this.udpPort = Number(v.udp);
          resolve();
        } else if (l === 'sink tcp-open') {
          this.open++;
        } else if (l.startsWith('sink tcp-closed')) {
          this.open--;
          const n = Number(v.bytes);
          const w = this.waiters.shift();
          if (w) w(n);
          else this.closed.push(n);
        }
      });
    });
  }
  /** Bytes the sink received on the next TCP connection to close (waits up to 5 s). */
  nextClosed(): Promise<number> {
    const n = this.closed.shift();
    if (n !== undefined) return Promise.resolve(n);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(-1), 5000);
      this.waiters.push((x) => {
        clearTimeout(t);
        resolve(x);
      });
    });
  }
  /** Forgets connections left over from a failed run (waits until they have closed). */
  async drain(): Promise<void> {
    for (let i = 0; i < 200 && this.open > 0; i++) await new Promise((r) => setTimeout(r, 10));
    this.closed.length = 0;
  }
  private open = 0;
  stop(): void {
    this.proc?.stdin?.end();
    this.proc?.kill();
  }
}

// ------------------------------------------------------------------ statistics
function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length & 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ------------------------------------------------------------------ benchmarks
type Sender = 'native' | 'qemu' | 'wmemu' | 'base';
/** The three builds of the trap/cpu rows. */
const SENDERS: Sender[] = ['native', 'qemu', 'wmemu'];
/** The send/recv rows: with --base, the other wmemu tree runs right after this one (A/B pairs). */
const IO_SENDERS: Sender[] = opts.base ? ['native', 'qemu', 'wmemu', 'base'] : SENDERS;
const LABEL: Record<Sender, string> = { native: 'native', qemu: 'qemu-user', wmemu: 'wmemu', base: 'wmemu base' };
const WMEMU = [path.join(opts.wmemu, 'dist/cli/main.js'), 'run'];
const ROMS = path.join(opts.wmemu, 'roms/bin');
/** The unicorn engine the measured wmemu loads (`wmemu --version`). */
const engine =
  spawnSync(process.execPath, [path.join(opts.wmemu, 'dist/cli/main.js'), '--version'], { encoding: 'utf8' })
    .stdout?.split('\n')
    .find((l) => l.startsWith('unicorn')) ?? 'unicorn: unknown';

function command(sender: Sender, bin: Record<string, string>, prog: 'send' | 'recv' | 'trap' | 'cpu', args: string[]): [string, string[]] {
  if (sender === 'native') return [bin[`native_${prog}`]!, args];
  if (sender === 'qemu') return ['qemu-arm', [bin[`arm_${prog}`]!, ...args]];
  if (sender === 'base')
    return [process.execPath, [path.join(opts.base!, 'dist/cli/main.js'), 'run', path.join(opts.base!, 'roms/bin', `bench_${prog}.exe`), ...args]];
  return [process.execPath, [...WMEMU, path.join(ROMS, `bench_${prog}.exe`), ...args]];
}

interface Cell {
  ok: boolean;
  reason?: string;
  runs: number;
  callsPerSec?: number;
  mbPerSec?: number;
  rssMiB?: number;
  samples?: Sample[];
  /** Short (MAX_MS 1) runs of the same command: start-up, connect and close, subtracted from each sample's CPU. */
  startup?: { cpuUs: number; peerNs: number; calls: number; bytes: number }[];
  /** Median CPU µs per call (per MB for the 64 KiB rows: cpuUsPerMB) of the measured process, start-up subtracted. */
  cpuUsPerCall?: number;
  cpuUsPerMB?: number;
  /** The same for the peer process (sink or source), from /proc schedstat around the run. */
  peerUsPerCall?: number;
  /** [min, max] over the runs. */
  callsSpread?: [number, number];
  mbSpread?: [number, number];
  cpuSpread?: [number, number];
  cpuMbSpread?: [number, number];
  note?: string;
}
interface Sample {
  callsPerSec: number;
  mbPerSec: number;
  rssMiB: number;
  calls: number;
  bytes: number;
  cpuUs: number;
  peerNs: number;
}

interface SendCase {
  name: string;
  mode: 'tcp' | 'udp';
  size: number;
}
const SEND_CASES: SendCase[] = [
  { name: 'TCP 64 B', mode: 'tcp', size: 64 },
  { name: 'TCP 1 KiB', mode: 'tcp', size: 1024 },
  { name: 'TCP 64 KiB', mode: 'tcp', size: 65536 },
  { name: 'UDP 64 B', mode: 'udp', size: 64 },
  { name: 'UDP 512 B', mode: 'udp', size: 512 },
];

async function benchSend(bin: Record<string, string>, sink: Sink, tmp: string): Promise<Record<string, Record<Sender, Cell>>> {
  const res: Record<string, Record<Sender, Cell>> = {};
  for (const c of SEND_CASES) {
    if (opts.match && !opts.match.test(c.name)) continue;
    const cells = {} as Record<Sender, Cell>;
    for (const s of IO_SENDERS) cells[s] = { ok: true, runs: 0, samples: [], startup: [] };
    for (let run = 0; run < opts.runs; run++) {
      for (const s of IO_SENDERS) {
        // The long run, then (first runs only) a 1-ms run of the same command: its CPU is the start-up cost.
        for (const ms of run < STARTUP_RUNS ? [opts.ms, 1] : [opts.ms]) {
          const cell = cells[s];
          if (!cell.ok) continue;
          const port = c.mode === 'tcp' ? sink.tcpPort : sink.udpPort;
          await sink.drain();
          const [cmd, args] = command(s, bin, 'send', [c.mode, String(c.size), '0', LOOPBACK, String(port), String(ms)]);
          const peer0 = procCpuNs(sink.pid);
          const r = runMeasured(cmd, args, tmp);
          const line = r.stdout.split('\n').find((l) => l.startsWith('bench_send '));
          if (r.code !== 0 || !line) {
            cell.ok = false;
            cell.reason = failureReason(r);
            continue;
          }
          const v = kv(line);
          const bytes = Number(v.bytes_hi) * 2 ** 32 + Number(v.bytes_lo);
          const sec = Number(v.elapsed_us) / 1e6;
          if (c.mode === 'tcp') {
            const got = await sink.nextClosed();
            if (got !== bytes) {
              cell.ok = false;
              cell.reason = `sink received ${got} bytes, sender reports ${bytes}`;
              continue;
            }
          }
          addSample(cell, ms === 1, r, Number(v.calls), bytes, sec, procCpuNs(sink.pid) - peer0);
        }
      }
    }
    for (const s of IO_SENDERS) finishCell(cells[s]);
    res[c.name] = cells;
    log(`bench: ${c.name}: ` + IO_SENDERS.map((s) => `${s} ${fmtCell(cells[s], c.size >= 65536 ? 'mb' : 'calls')}`).join(', '));
  }
  return res;
}

/** bench/source.c: the TCP pour, echo and windowed UDP source of the receive rows. */
class Source {
  tcpPort = 0;
  echoPort = 0;
  udpPort = 0;
  private proc: ReturnType<typeof spawn> | undefined;
  get pid(): number | undefined {
    return this.proc?.pid;
  }
  async start(exe: string): Promise<void> {
    const p = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc = p;
    const rl = createInterface({ input: p.stdout! });
    await new Promise<void>((resolve, reject) => {
      p.on('error', reject);
      rl.on('line', (l) => {
        const v = kv(l);
        if (v.tcp) {
          this.tcpPort = Number(v.tcp);
          this.echoPort = Number(v.echo);
          this.udpPort = Number(v.udp);
          resolve();
        }
      });
    });
  }
  stop(): void {
    this.proc?.stdin?.end();
    this.proc?.kill();
  }
}

interface RecvCase {
  name: string;
  mode: 'tcp' | 'udp' | 'ping';
  size: number;
}
const RECV_CASES: RecvCase[] = [
  { name: 'TCP recv 64 B', mode: 'tcp', size: 64 },
  { name: 'TCP recv 1 KiB', mode: 'tcp', size: 1024 },
  { name: 'TCP recv 64 KiB', mode: 'tcp', size: 65536 },
  { name: 'UDP recvfrom 64 B', mode: 'udp', size: 64 },
  { name: 'UDP recvfrom 512 B', mode: 'udp', size: 512 },
  { name: 'TCP ping-pong 1 B', mode: 'ping', size: 1 },
];

/** The receive loops (bench_recv) against bench/source.c, interleaved native / qemu / wmemu like the send rows. */
async function benchRecv(bin: Record<string, string>, source: Source, tmp: string): Promise<Record<string, Record<Sender, Cell>>> {
  const res: Record<string, Record<Sender, Cell>> = {};
  for (const c of RECV_CASES) {
    if (opts.match && !opts.match.test(c.name)) continue;
    const cells = {} as Record<Sender, Cell>;
    for (const s of IO_SENDERS) cells[s] = { ok: true, runs: 0, samples: [], startup: [] };
    for (let run = 0; run < opts.runs; run++) {
      for (const s of IO_SENDERS) {
        for (const ms of run < STARTUP_RUNS ? [opts.ms, 1] : [opts.ms]) {
          const cell = cells[s];
          if (!cell.ok) continue;
          const port = c.mode === 'tcp' ? source.tcpPort : c.mode === 'udp' ? source.udpPort : source.echoPort;
          const [cmd, args] = command(s, bin, 'recv', [c.mode, String(c.size), LOOPBACK, String(port), String(ms)]);
          const peer0 = procCpuNs(source.pid);
          const r = runMeasured(cmd, args, tmp);
          const peerNs = procCpuNs(source.pid) - peer0;
          // The UDP source ends a session on BYE!; give it a moment before the next receiver's GO!!.
          if (c.mode === 'udp') await new Promise((r) => setTimeout(r, 20));
          const line = r.stdout.split('\n').find((l) => l.startsWith('bench_recv '));
          if (r.code !== 0 || !line) {
            cell.ok = false;
            cell.reason = failureReason(r);
            continue;
          }
          const v = kv(line);
          if (Number(v.bad) !== 0) {
            cell.ok = false;
            cell.reason = `${v.bad} chunks out of sequence (lost, duplicated or reordered bytes)`;
            continue;
          }
          if (Number(v.lost) !== 0) cell.note = `${v.lost} datagrams lost in some run`;
          const bytes = Number(v.bytes_hi) * 2 ** 32 + Number(v.bytes_lo);
          addSample(cell, ms === 1, r, Number(v.calls), bytes, Number(v.elapsed_us) / 1e6, peerNs);
        }
      }
    }
    for (const s of IO_SENDERS) finishCell(cells[s]);
    res[c.name] = cells;
    log(`bench: ${c.name}: ` + IO_SENDERS.map((s) => `${s} ${fmtCell(cells[s], c.size >= 65536 ? 'mb' : 'calls')}`).join(', '));
  }
  return res;
}

/** How many runs of a send/recv cell are followed by a 1-ms run (the start-up CPU to subtract; its median: under load one start-up swings by tens of ms). */
const STARTUP_RUNS = opts.runs;

function addSample(cell: Cell, startup: boolean, r: ProcResult, calls: number, bytes: number, sec: number, peerNs: number): void {
  if (startup) cell.startup!.push({ cpuUs: r.cpuUs, peerNs, calls, bytes });
  else {
    cell.samples!.push({ callsPerSec: calls / sec, mbPerSec: bytes / sec / 1e6, rssMiB: r.rssKiB / 1024, calls, bytes, cpuUs: r.cpuUs, peerNs });
    cell.runs++;
  }
}

function spread(xs: number[]): [number, number] {
  return [Math.min(...xs), Math.max(...xs)];
}

function finishCell(cell: Cell): void {
  const sm = cell.samples ?? [];
  if (!sm.length) {
    cell.ok = false;
    cell.reason ??= 'no runs';
    return;
  }
  cell.callsPerSec = median(sm.map((x) => x.callsPerSec));
  cell.mbPerSec = median(sm.map((x) => x.mbPerSec));
  cell.rssMiB = median(sm.map((x) => x.rssMiB));
  cell.callsSpread = spread(sm.map((x) => x.callsPerSec));
  cell.mbSpread = spread(sm.map((x) => x.mbPerSec));
  // CPU per call of the loop alone: (run - start-up run) CPU over (run - start-up run) calls.
  const st = cell.startup ?? [];
  const s0 = st.length
    ? {
        cpuUs: median(st.map((x) => x.cpuUs)),
        peerNs: median(st.map((x) => x.peerNs)),
        calls: median(st.map((x) => x.calls)),
        bytes: median(st.map((x) => x.bytes)),
      }
    : { cpuUs: 0, peerNs: 0, calls: 0, bytes: 0 };
  const perCall = sm.map((x) => (x.cpuUs - s0.cpuUs) / (x.calls - s0.calls));
  cell.cpuUsPerCall = median(perCall);
  cell.cpuSpread = spread(perCall);
  const perMB = sm.map((x) => (x.cpuUs - s0.cpuUs) / ((x.bytes - s0.bytes) / 1e6));
  cell.cpuUsPerMB = median(perMB);
  cell.cpuMbSpread = spread(perMB);
  cell.peerUsPerCall = median(sm.map((x) => (x.peerNs - s0.peerNs) / 1e3 / (x.calls - s0.calls)));
}

interface TrapResult {
  /** ns per round trip minus a local call, per sender ("API" = GetTickCount on wmemu, getppid() syscall on Linux). */
  nsPerCall: Record<Sender, Cell & { ns?: number }>;
}
function benchTrap(bin: Record<string, string>, tmp: string): TrapResult {
  const out = {} as TrapResult['nsPerCall'];
  for (const s of SENDERS) {
    const ns: number[] = [];
    let reason: string | undefined;
    for (let run = 0; run < opts.runs && !reason; run++) {
      const [cmd, args] = command(s, bin, 'trap', [String(opts.ms)]);
      const r = runMeasured(cmd, args, tmp);
      const line = r.stdout.split('\n').find((l) => l.startsWith('bench_trap '));
      if (r.code !== 0 || !line) {
        reason = failureReason(r);
        break;
      }
      const v = kv(line);
      ns.push(((Number(v.trap_ms) - Number(v.empty_ms)) * 1e6) / Number(v.calls));
    }
    out[s] = reason ? { ok: false, reason, runs: ns.length } : { ok: true, runs: ns.length, ns: median(ns) };
  }
  log(`bench: API round trip: ` + SENDERS.map((s) => `${s} ${out[s].ok ? out[s].ns!.toFixed(0) + ' ns' : out[s].reason}`).join(', '));
  return { nsPerCall: out };
}

interface CpuCell extends Cell {
  mbPerSec?: number;
  badPasses?: number;
  checksum?: string;
}
function benchCpu(bin: Record<string, string>, tmp: string, mode: '' | 'store' | 'alu' = ''): Record<Sender, CpuCell> {
  const out = {} as Record<Sender, CpuCell>;
  for (const s of SENDERS) {
    const mb: number[] = [];
    let bad = 0;
    let checksum = '';
    let reason: string | undefined;
    let rss = 0;
    for (let run = 0; run < opts.runs; run++) {
      const [cmd, args] = command(s, bin, 'cpu', [String(opts.ms), ...(mode ? [mode] : [])]);
      const r = runMeasured(cmd, args, tmp);
      const line = r.stdout.split('\n').find((l) => l.startsWith('bench_cpu '));
      if (!line) {
        reason = failureReason(r);
        break;
      }
      const v = kv(line);
      mb.push((Number(v.passes) * 65536) / (Number(v.elapsed_ms) / 1000) / 1e6);
      bad += Number(v.bad_passes);
      checksum = `${v.crc}/${v.sum}`;
      rss = r.rssKiB / 1024;
    }
    out[s] = reason ? { ok: false, reason, runs: mb.length } : { ok: true, runs: mb.length, mbPerSec: median(mb), badPasses: bad, checksum, rssMiB: rss };
  }
  const ref = out.native.checksum;
  for (const s of SENDERS) {
    const c = out[s];
    if (!c.ok) continue;
    const notes: string[] = [];
    if (c.checksum !== ref) notes.push(`checksum ${c.checksum} != native ${ref}`);
    if (c.badPasses) notes.push(`WRONG RESULTS: ${c.badPasses} passes differed`);
    if (notes.length) c.note = notes.join('; ');
  }
  log(
    `bench: CPU ${mode || 'checksum'}: ` +
      SENDERS.map((s) => `${s} ${out[s].ok ? out[s].mbPerSec!.toFixed(0) + ' MB/s' : out[s].reason}${out[s].note ? ` (${out[s].note})` : ''}`).join(', '),
  );
  return out;
}

function benchRss(tmp: string): { rssMiB: number; wallMs: number; runs: number; ok: boolean; reason?: string } {
  const rss: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < Math.max(3, opts.runs); run++) {
    const r = runMeasured(process.execPath, [...WMEMU, path.join(ROMS, 'hello.exe'), 'alpha'], tmp);
    if (r.code !== 7) return { ok: false, reason: failureReason(r), rssMiB: NaN, wallMs: NaN, runs: rss.length };
    rss.push(r.rssKiB / 1024);
    wall.push(r.wallMs);
  }
  log(`bench: wmemu run hello.exe: peak RSS ${median(rss).toFixed(1)} MiB, wall ${median(wall).toFixed(0)} ms`);
  return { ok: true, rssMiB: median(rss), wallMs: median(wall), runs: rss.length };
}

/**
 * Issue 17 item 1: 100 MiB of guest stdout (reliab.exe out 100: fwrite of 64 KiB chunks) through a pipe
 * into `wc -c`, against `cat` of the same bytes from a file into the same reader. Checks the byte count
 * (the pipe path once lost output) and reports MB/s and wmemu's peak RSS (bounded queue: no growth
 * with the output size).
 */
function benchPipe(tmp: string): { ok: boolean; reason?: string; mbPerSec?: number; catMbPerSec?: number; rssMiB?: number } {
  const MIB = 100;
  const file = path.join(tmp, 'pipe.txt');
  const tf = path.join(tmp, 'pipe.time');
  const q = (x: string) => `'${x.replace(/'/g, "'\\''")}'`;
  const wm = [process.execPath, ...WMEMU, path.join(ROMS, 'reliab.exe'), 'out', String(MIB)].map(q).join(' ');
  const mk = spawnSync('bash', ['-c', `${wm} > ${q(file)}`], { encoding: 'utf8', cwd: repo, timeout: 300_000 });
  if (mk.status !== 0) return { ok: false, reason: `reliab.exe out ${MIB} failed: ${mk.stderr.trim().split('\n')[0]}` };
  const timed = (cmd: string) => {
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8', cwd: repo, timeout: 300_000 });
    return { ms: performance.now() - t0, out: (r.stdout ?? '').trim(), code: r.status };
  };
  const want = String(MIB << 20);
  const walls: number[] = [];
  const cats: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < Math.max(1, Math.min(3, opts.runs)); run++) {
    const w = timed(`/usr/bin/time -f %M -o ${q(tf)} ${wm} | wc -c`);
    if (w.out !== want) return { ok: false, reason: `the reader got ${w.out} bytes of ${want}` };
    walls.push(w.ms);
    rss.push(Number(fs.readFileSync(tf, 'utf8').trim().split('\n').pop()) / 1024);
    cats.push(timed(`cat ${q(file)} | wc -c`).ms);
  }
  const mbPerSec = (MIB * 1.048576) / (median(walls) / 1000);
  const catMbPerSec = (MIB * 1.048576) / (median(cats) / 1000);
  log(
    `bench: ${MIB} MiB guest stdout through a pipe: ${mbPerSec.toFixed(0)} MB/s (cat: ${catMbPerSec.toFixed(0)} MB/s), peak RSS ${median(rss).toFixed(0)} MiB`,
  );
  return { ok: true, mbPerSec, catMbPerSec, rssMiB: median(rss) };
}

/**
 * Issue 13 item 4, GUI costs (bench_gui.exe on the 800x480 profile): full-screen repaints per second
 * (FillRect + 12 sprite BitBlts + 10 lines of text), BitBlt of the whole 16-bpp screen from a memory
 * bitmap in MB/s against the native memcpy of the same rows (bench_gui.c built by gcc), and the cost
 * of one GetPixel against one GetTickCount (both minus nothing: whole calls, guest loop included).
 * Native and wmemu runs interleave; each figure is the median of --runs.
 */
interface GuiResult {
  ok: boolean;
  reason?: string;
  repaintsPerSec?: number;
  blitMbPerSec?: number;
  memcpyMbPerSec?: number;
  getPixelNs?: number;
  getTickCountNs?: number;
}
function benchGui(bin: Record<string, string>, tmp: string): GuiResult {
  const profile = path.join(opts.wmemu, 'profiles/ce5-800x480.json');
  const wm = (mode: string) => {
    const r = runMeasured(process.execPath, [WMEMU[0]!, 'run', '--profile', profile, path.join(ROMS, 'bench_gui.exe'), mode, String(opts.ms)], tmp);
    const line = r.stdout.split('\n').find((l) => l.startsWith('bench_gui '));
    return line && r.code === 0 ? kv(line) : failureReason(r);
  };
  const rep: number[] = [];
  const blit: number[] = [];
  const mem: number[] = [];
  const px: number[] = [];
  const tick: number[] = [];
  for (let run = 0; run < opts.runs; run++) {
    const n = runMeasured(bin.native_gui!, ['blit', String(opts.ms)], tmp);
    const nl = n.stdout.split('\n').find((l) => l.startsWith('bench_gui '));
    if (!nl) return { ok: false, reason: `native: ${failureReason(n)}` };
    const nv = kv(nl);
    mem.push((Number(nv.blits) * Number(nv.bytes_per_blit)) / (Number(nv.ms) / 1000) / 1e6);
    const b = wm('blit');
    if (typeof b === 'string') return { ok: false, reason: b };
    if (b.check !== '1') return { ok: false, reason: 'the blit did not copy the bitmap' };
    blit.push((Number(b.blits) * Number(b.bytes_per_blit)) / (Number(b.ms) / 1000) / 1e6);
    const r = wm('repaint');
    if (typeof r === 'string') return { ok: false, reason: r };
    rep.push(Number(r.frames) / (Number(r.ms) / 1000));
    const c = wm('call');
    if (typeof c === 'string') return { ok: false, reason: c };
    px.push((Number(c.gdi_ms) * 1e6) / Number(c.calls));
    tick.push((Number(c.tick_ms) * 1e6) / Number(c.calls));
  }
  const res = {
    ok: true,
    repaintsPerSec: median(rep),
    blitMbPerSec: median(blit),
    memcpyMbPerSec: median(mem),
    getPixelNs: median(px),
    getTickCountNs: median(tick),
  };
  log(
    `bench: GUI: ${res.repaintsPerSec.toFixed(0)} full repaints/s, BitBlt ${res.blitMbPerSec.toFixed(0)} MB/s (memcpy ${res.memcpyMbPerSec.toFixed(0)} MB/s), GetPixel ${res.getPixelNs.toFixed(0)} ns, GetTickCount ${res.getTickCountNs.toFixed(0)} ns`,
  );
  return res;
}

// ------------------------------------------------------------------ report
function fmtNum(x: number | undefined, unit = ''): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const s = a >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : a >= 1e4 ? `${(x / 1e3).toFixed(0)} k` : a >= 100 ? x.toFixed(0) : x.toFixed(2);
  return s + unit;
}
function fmtCell(c: Cell, what: 'calls' | 'mb'): string {
  if (!c.ok) return `n/a (${c.reason})`;
  return what === 'calls' ? `${fmtNum(c.callsPerSec, ' calls/s')}` : `${fmtNum(c.mbPerSec, ' MB/s')}`;
}

interface Target {
  what: string;
  measured?: number;
  target: string;
  pass?: boolean;
  reason?: string;
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  return [line(rows[0]!), '|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

/**
 * The send/recv table: per build the median rate [min–max over the runs], then CPU µs per call [min–max]
 * (per MB for the 64 KiB rows) and the peer's CPU per call; ratios by wall clock and by CPU time.
 */
function ioTable(cases: { name: string; size: number }[], res: Record<string, Record<Sender, Cell>>): string {
  const rows = [['case', ...IO_SENDERS.map((s) => LABEL[s]), 'wmemu/qemu wall', 'wmemu/qemu CPU', 'wmemu/native wall', 'wmemu/native CPU']];
  if (opts.base) rows[0]!.push('wmemu/base wall', 'wmemu/base CPU');
  const x = (r: number | undefined) => (r === undefined ? 'n/a' : `${r.toFixed(2)}×`);
  for (const c of cases) {
    const cells = res[c.name];
    if (!cells) continue;
    const big = c.size >= 65536;
    const rate = (k: Cell) => (big ? k.mbPerSec : k.callsPerSec);
    const cpu = (k: Cell) => (big ? k.cpuUsPerMB : k.cpuUsPerCall);
    const f = (k: Cell) => {
      if (!k.ok) return `n/a (${k.reason})`;
      const sp = big ? k.mbSpread! : k.callsSpread!;
      const unit = big ? ' MB/s' : '/s';
      return (
        `${fmtNum(rate(k))}${unit} [${fmtNum(sp[0])}–${fmtNum(sp[1])}] ` +
        `CPU ${fmtNum(cpu(k))} µs${big ? '/MB' : ''} [${fmtNum((big ? k.cpuMbSpread! : k.cpuSpread!)[0])}–${fmtNum((big ? k.cpuMbSpread! : k.cpuSpread!)[1])}] ` +
        `peer ${fmtNum(k.peerUsPerCall)} µs${k.note ? ` (${k.note})` : ''}`
      );
    };
    // CPU ratios: the other's CPU per call over wmemu's (above 1 = wmemu uses less CPU per call).
    const row = [
      c.name,
      ...IO_SENDERS.map((s) => f(cells[s])),
      x(ratio(rate(cells.wmemu), rate(cells.qemu))),
      x(ratio(cpu(cells.qemu), cpu(cells.wmemu))),
      x(ratio(rate(cells.wmemu), rate(cells.native))),
      x(ratio(cpu(cells.native), cpu(cells.wmemu))),
    ];
    if (opts.base) row.push(x(ratio(rate(cells.wmemu), rate(cells.base))), x(ratio(cpu(cells.base), cpu(cells.wmemu))));
    rows.push(row);
  }
  return table(rows);
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;
  ensureTools();
  // Only the ROMs of the selected rows: an older tree measured with --wmemu may lack newer ones.
  const need: Record<string, string> = {
    send: 'bench_send',
    recv: 'bench_recv',
    trap: 'bench_trap',
    cpu: 'bench_cpu',
    rss: 'hello',
    pipe: 'reliab',
    gui: 'bench_gui',
  };
  for (const [row, r] of Object.entries(need))
    if (opts.only.has(row) && !fs.existsSync(path.join(ROMS, `${r}.exe`))) throw new Error(`${ROMS}/${r}.exe missing: run bash roms/build.sh`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wmemu-bench-'));
  const sink = new Sink();
  const source = new Source();
  try {
    const bin = compile(tmp);
    await sink.start(bin.sink!);
    await source.start(bin.source!);
    log(`bench: ${opts.runs} run(s) per cell, ${opts.ms} ms per run, sink on ${LOOPBACK} tcp ${sink.tcpPort} udp ${sink.udpPort}`);
    const send = opts.only.has('send') ? await benchSend(bin, sink, tmp) : undefined;
    const recv = opts.only.has('recv') ? await benchRecv(bin, source, tmp) : undefined;
    const trap = opts.only.has('trap') ? benchTrap(bin, tmp) : undefined;
    const cpu = opts.only.has('cpu') ? benchCpu(bin, tmp) : undefined;
    const cpuStore = opts.only.has('cpu') ? benchCpu(bin, tmp, 'store') : undefined;
    const cpuAlu = opts.only.has('cpu') ? benchCpu(bin, tmp, 'alu') : undefined;
    const rss = opts.only.has('rss') ? benchRss(tmp) : undefined;
    const pipe = opts.only.has('pipe') ? benchPipe(tmp) : undefined;
    const gui = opts.only.has('gui') ? benchGui(bin, tmp) : undefined;

    const targets: Target[] = [];
    const tgt = (what: string, measured: number | undefined, limit: number, dir: '>=' | '<=', unit: string, reason?: string) => {
      targets.push({
        what,
        measured,
        target: `${dir} ${limit}${unit}`,
        pass: measured === undefined ? undefined : dir === '>=' ? measured >= limit : measured <= limit,
        reason: measured === undefined ? reason : undefined,
      });
    };
    if (send && !opts.match) {
      const c64k = send['TCP 64 KiB']!,
        c1k = send['TCP 1 KiB']!,
        c64 = send['TCP 64 B']!;
      tgt('TCP 64 KiB MB/s, wmemu/native', ratio(c64k.wmemu.mbPerSec, c64k.native.mbPerSec), 0.9, '>=', '×', c64k.wmemu.reason);
      tgt('TCP 1 KiB calls/s, wmemu/qemu-user', ratio(c1k.wmemu.callsPerSec, c1k.qemu.callsPerSec), 1.0, '>=', '×', c1k.wmemu.reason);
      tgt('TCP 64 B calls/s, wmemu/qemu-user', ratio(c64.wmemu.callsPerSec, c64.qemu.callsPerSec), 1.5, '>=', '×', c64.wmemu.reason);
      // issue 16: datagrams as fast as qemu-user.
      for (const n of ['UDP 64 B', 'UDP 512 B']) {
        const c = send[n]!;
        tgt(`${n} sendto calls/s, wmemu/qemu-user`, ratio(c.wmemu.callsPerSec, c.qemu.callsPerSec), 1.0, '>=', '×', c.wmemu.reason);
      }
    }
    if (recv && !opts.match) {
      // issue 16: the receive side.
      const q = (n: string, limit: number) =>
        tgt(`${n} calls/s, wmemu/qemu-user`, ratio(recv[n]!.wmemu.callsPerSec, recv[n]!.qemu.callsPerSec), limit, '>=', '×', recv[n]!.wmemu.reason);
      q('TCP recv 64 B', 1.5);
      q('TCP recv 1 KiB', 1.0);
      const big = recv['TCP recv 64 KiB']!;
      tgt('TCP recv 64 KiB MB/s, wmemu/native', ratio(big.wmemu.mbPerSec, big.native.mbPerSec), 0.9, '>=', '×', big.wmemu.reason);
      q('UDP recvfrom 64 B', 1.0);
      q('UDP recvfrom 512 B', 1.0);
      q('TCP ping-pong 1 B', 1.0);
    }
    if (trap) tgt('trivial API round trip (GetTickCount), ns', trap.nsPerCall.wmemu.ns, 500, '<=', ' ns', trap.nsPerCall.wmemu.reason);
    if (cpu) {
      tgt('CPU-bound guest code, wmemu/qemu-user', ratio(cpu.wmemu.mbPerSec, cpu.qemu.mbPerSec), 0.8, '>=', '×', cpu.wmemu.reason);
      if (cpu.wmemu.note) targets[targets.length - 1]!.reason = cpu.wmemu.note;
    }
    if (rss) tgt('peak RSS of wmemu run hello.exe, MiB', rss.ok ? rss.rssMiB : undefined, 80, '<=', ' MiB', rss.reason);
    if (gui) {
      // issue 13: >= 60 full 800x480 repaints/s, BitBlt >= 0.25x memcpy.
      tgt('full 800x480 repaints/s (FillRect + BitBlt + text)', gui.repaintsPerSec, 60, '>=', '/s', gui.reason);
      tgt('BitBlt 800x480x16 MB/s, wmemu/native memcpy', ratio(gui.blitMbPerSec, gui.memcpyMbPerSec), 0.25, '>=', '×', gui.reason);
    }

    const elapsed = (performance.now() - started) / 1000;
    const load = { before: loadBefore, after: os.loadavg()[0]! };
    const busy = Math.max(load.before, load.after) > os.cpus().length;
    const result = {
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, kernel: os.release(), loadAverage1m: load },
      runs: opts.runs,
      msPerRun: opts.ms,
      send,
      recv,
      trap,
      cpu,
      cpuStore,
      cpuAlu,
      unicorn: engine,
      rss,
      pipe,
      gui,
      targets,
      elapsedSeconds: elapsed,
    };
    if (opts.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    const out: string[] = [];
    out.push(
      `wmemu bench — ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}; median of ${opts.runs} run(s), ${opts.ms} ms each; loopback ${LOOPBACK}; ${engine}`,
    );
    if (send) {
      out.push(
        '',
        'Send loop against bench/sink.c (calls/s; MB/s = 10^6 B/s; CPU = user+sys µs per call of the sender, start-up subtracted; peer = the sink):',
      );
      out.push(ioTable(SEND_CASES, send));
    }
    if (recv) {
      out.push('', 'Receive loop against bench/source.c (calls/s = recv/recvfrom calls, ping-pong: round trips/s; CPU as above; peer = the source):');
      out.push(ioTable(RECV_CASES, recv));
    }
    if (trap) {
      out.push('', 'API round trip minus a local call (wmemu: GetTickCount import trap; Linux: getppid() syscall, for scale):');
      out.push(
        table([
          ['native getppid', 'qemu-user getppid', 'wmemu GetTickCount'],
          SENDERS.map((s) => (trap.nsPerCall[s].ok ? `${trap.nsPerCall[s].ns!.toFixed(0)} ns` : `n/a (${trap.nsPerCall[s].reason})`)),
        ]),
      );
    }
    const cpuTables: [string, Record<Sender, CpuCell> | undefined][] = [
      ['CPU-bound checksum (CRC-32 + word sums over 64 KiB, MB/s checksummed; wmemu runs clang Thumb-2, qemu gcc ARMv5TE ARM):', cpu],
      ['CPU-bound store-heavy (byte histogram + scattered copy, 5 stores per word; MB/s of input):', cpuStore],
      ['CPU-bound register-only (xorshift/multiply mixing, no memory access in the loop; 64 KiB-equivalent passes, MB/s):', cpuAlu],
    ];
    for (const [title, c] of cpuTables) {
      if (!c) continue;
      out.push('', title);
      out.push(
        table([
          ['native', 'qemu-user', 'wmemu', 'wmemu/native', 'wmemu/qemu'],
          [
            ...SENDERS.map((s) => (c[s].ok ? `${fmtNum(c[s].mbPerSec)} MB/s${c[s].note ? ' ' + c[s].note : ''}` : `n/a (${c[s].reason})`)),
            `${ratio(c.wmemu.mbPerSec, c.native.mbPerSec)?.toFixed(2) ?? 'n/a'}×`,
            `${ratio(c.wmemu.mbPerSec, c.qemu.mbPerSec)?.toFixed(2) ?? 'n/a'}×`,
          ],
        ]),
      );
    }
    out.push(
      '',
      `load average (1 min) ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after, on ${os.cpus().length} CPUs${busy ? ' — WARNING: the machine was busy, absolute figures are depressed and ratios noisy' : ''}`,
    );
    if (rss?.ok)
      out.push('', `wmemu run hello.exe: peak RSS ${rss.rssMiB.toFixed(1)} MiB, wall ${rss.wallMs.toFixed(0)} ms (start-up cost, median of ${rss.runs})`);
    if (pipe)
      out.push(
        '',
        pipe.ok
          ? `100 MiB guest stdout through a pipe (reliab.exe out 100 | wc -c): ${pipe.mbPerSec!.toFixed(0)} MB/s, cat of the same file ${pipe.catMbPerSec!.toFixed(0)} MB/s, wmemu peak RSS ${pipe.rssMiB!.toFixed(0)} MiB (issue 17 item 1)`
          : `100 MiB guest stdout through a pipe: n/a (${pipe.reason})`,
      );
    if (gui)
      out.push(
        '',
        gui.ok
          ? `GUI (bench_gui.exe, 800x480 profile): ${gui.repaintsPerSec!.toFixed(0)} full repaints/s; BitBlt ${gui.blitMbPerSec!.toFixed(0)} MB/s vs memcpy ${gui.memcpyMbPerSec!.toFixed(0)} MB/s of the same rows; GetPixel ${gui.getPixelNs!.toFixed(0)} ns/call vs GetTickCount ${gui.getTickCountNs!.toFixed(0)} ns/call (${(gui.getPixelNs! / gui.getTickCountNs!).toFixed(1)}×) (issue 13)`
          : `GUI: n/a (${gui.reason})`,
      );
    out.push('', 'Targets (issues 4, 13 and 16):');
    out.push(
      table([
        ['target', 'measured', 'wanted', ''],
        ...targets.map((t) => [
          t.what,
          t.measured === undefined
            ? `n/a (${t.reason})`
            : t.what.includes('ns') || t.what.includes('MiB') || t.what.includes('/s (')
              ? t.measured.toFixed(1)
              : `${t.measured.toFixed(2)}×`,
          t.target,
          t.pass === undefined ? '?' : t.pass ? (t.reason ? 'PASS (but ' + t.reason + ')' : 'PASS') : 'FAIL' + (t.reason ? ` (${t.reason})` : ''),
        ]),
      ]),
    );
    out.push('', `bench time ${elapsed.toFixed(0)} s`);
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    sink.stop();
    source.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  // One line for the user; the stack only with WMEMU_DEBUG set.
  console.error(`bench: ${process.env.WMEMU_DEBUG ? ((e as Error).stack ?? e) : ((e as Error).message ?? e)}`);
  process.exit(1);
});
