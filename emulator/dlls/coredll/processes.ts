/**
 * coredll child processes: CreateProcessW starts another guest executable as a second Machine in the
 * same Node process (its own unicorn CPU and address space, the same console, debug channel, trace
 * and device folder); the process and primary-thread handles are waitable and signal when the child
 * exits; GetExitCodeProcess reads its exit code (STILL_ACTIVE while it runs).
 *
 * The image is looked up as a device path (`\Windows\x.exe`, through the device file system), then
 * by name on the DLL search path (MachineOptions.dllSearchPath, `<device root>\Windows`, the parent
 * executable's host folder); `.exe` is appended when the name has no extension. The child's command
 * line is pszCmdLine (arguments only, as CE passes it). CREATE_SUSPENDED creates the child with its
 * primary thread suspended: nothing of it runs (not even its DLLs' DllMain) until
 * ResumeThread(pi.hThread) (threads.ts); meanwhile it is STILL_ACTIVE and its handles unsignaled.
 *
 * TerminateProcess(GetCurrentProcess()) is CE's ExitProcess (the SDK's ExitProcess and the CRT's
 * exit() are that call; coredll has no ExitProcess export) and CE 5 documents that TerminateProcess
 * notifies attached DLLs: it ends the process like a return from WinMain, with
 * DllMain(DLL_PROCESS_DETACH) (loader/libraries.ts exitGuestProcess). TerminateProcess of a child
 * does the same inside the child: its primary thread is redirected into the process exit
 * (terminateFromOutside), so its DLLs are detached before the handles signal; a child without
 * attached DLLs (e.g. still suspended: its DLLs attach on its own primary thread) stops at once and
 * its handles signal immediately. Not modelled: environment and current directory.
 *
 * The end of the parent's run. On a device a child outlives its parent; here the run is the parent's
 * run, so children still running when it ends (however it ends) are ended through the same exit
 * sequence as TerminateProcess (DLL_PROCESS_DETACH first; exit code 0, nobody can read it) before
 * Machine.run() returns: their last output is part of the run and they hold no device files when
 * the run's folder is removed. Their exit sequence gets CHILD_EXIT_GRACE_MS (less when the run's
 * time limit leaves less); a child still not done then is stopped outright. With
 * MachineOptions.waitForChildren (`--wait-children`) a parent that exited normally first waits for
 * its children to end on their own, as a device would let them run: bounded by the run's time limit
 * (reaching it: status 'limit'; the children are stopped at once) and by deadlock detection (every
 * guest thread of every process blocked: status 'deadlock', the children get the exit sequence).
 * A child being ended (or terminated) never waits for its own children: they are ended with it.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { Machine, EXIT_CODES, type RunResult } from '../../core/machine.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import { CURRENT_PROCESS_PSEUDO } from '../../core/kernel/handles.js';
import { Signal, type Waitable } from '../../core/kernel/waitable.js';
import { Libraries, exitGuestProcess, terminateFromOutside } from '../../core/loader/libraries.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { PeFormatError } from '../../core/pe/pe-file.js';
import { OutOfGuestMemory } from '../../core/memory/guest-memory.js';
import { LoadError } from '../../core/loader/loader.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';
import { shareNamespace } from './namespace.js';

const STILL_ACTIVE = 0x103;

const childMachines = new WeakSet<Machine>();
/** True for the machine of a process CreateProcessW started (not the run's first process). */
export function isChildProcess(m: Machine): boolean {
  return childMachines.has(m);
}
/** How long children ended with their parent get for their exit sequence (DllMain DETACH calls). */
export const CHILD_EXIT_GRACE_MS = 5000;
/** Exit code of a child ended because the run ends (nobody can read it: its parent is gone). */
const ENDED_WITH_PARENT = 0;

/** A child process as seen by the parent: waitable, signaled when it has exited. */
export class ChildProcess implements KernelObject, Waitable {
  readonly type: string = 'process';
  exitCode = STILL_ACTIVE;
  exited = false;
  private readonly signal = new Signal();
  constructor(
    readonly name: string,
    readonly machine: Machine,
  ) {}
  isSignaled(): boolean {
    return this.exited;
  }
  onSignal(cb: () => void): () => void {
    return this.signal.add(cb);
  }
  consume(): void {}
  finish(code: number): void {
    if (this.exited) return; // TerminateProcess finished it already; the run's end reports it again
    this.exitCode = code >>> 0;
    this.exited = true;
    this.signal.notify();
  }
}

/** The child's primary thread handle: signaled together with the process. */
class ChildThread implements KernelObject, Waitable {
  readonly type = 'child-thread';
  constructor(readonly process: ChildProcess) {}
  isSignaled(): boolean {
    return this.process.exited;
  }
  onSignal(cb: () => void): () => void {
    return this.process.onSignal(cb);
  }
  consume(): void {}
}

type WaitOutcome = 'done' | 'deadline' | 'deadlock' | 'stop';

/**
 * The child processes a machine started that are still running, and what happens to them when the
 * machine's run ends (see the top of this file). One per machine that started a child (a slot).
 */
class Children {
  /** Running children → their run's end (child.run() settled and the child machine closed). */
  readonly live = new Map<ChildProcess, Promise<void>>();
  /** This process is being ended from outside (TerminateProcess, its parent's end): it must not wait for its children. */
  noWait = false;
  /** Set by a deadlock report after this process ended (every guest thread of the run is blocked). */
  private deadlocked = false;
  /** Its parent is ending it: stop waiting for the children and end them. */
  private stopWaiting = false;
  private killed = false;
  private wake: (() => void) | undefined;

  private constructor(private readonly machine: Machine) {
    machine.onRunEnd((r, deadline) => this.atRunEnd(r, deadline));
    machine.onDeadlock(() => {
      if (!machine.finished) return;
      this.deadlocked = true;
      this.wake?.();
    });
    machine.onShutdown(() => this.kill()); // a machine closed without finishing its run (safety net)
  }

  private static readonly slot = defineSlot('child-processes', (m) => new Children(m));
  static of(m: Machine): Children {
    return Children.slot.of(m);
  }
  static peek(m: Machine): Children | undefined {
    return Children.slot.peek(m);
  }

  add(proc: ChildProcess, ended: Promise<void>): void {
    this.live.set(
      proc,
      ended.finally(() => {
        this.live.delete(proc);
        this.wake?.();
      }),
    );
  }

  /** The parent ends this (finished) process: if it waits for its own children, it stops waiting. */
  endNow(): void {
    this.noWait = true;
    this.stopWaiting = true;
    this.wake?.();
  }

  /** Stops every child (and theirs) at once, without notifications. */
  kill(): void {
    this.killed = true;
    for (const p of this.live.keys()) {
      p.machine.abort('interrupted', EXIT_CODES.interrupted, 'the parent process ended');
      Children.peek(p.machine)?.kill();
    }
    this.wake?.();
  }

  private names(): string {
    return [...this.live.keys()].map((p) => p.name).join(', ');
  }

  /** Resolves when no child is left, or with why it stopped waiting first. */
  private wait(deadline: number | undefined, phase: 'wait' | 'grace'): Promise<WaitOutcome> {
    return new Promise((resolve) => {
      let timedOut = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        const why: WaitOutcome | undefined = !this.live.size
          ? 'done'
          : this.killed
            ? 'stop'
            : this.deadlocked
              ? 'deadlock'
              : timedOut
                ? 'deadline'
                : phase === 'wait' && this.stopWaiting
                  ? 'stop'
                  : undefined;
        if (!why) return;
        if (timer) clearTimeout(timer);
        this.wake = undefined;
        resolve(why);
      };
      this.wake = check;
      if (deadline !== undefined) {
        timer = setTimeout(
          () => {
            timedOut = true;
            check();
          },
          Math.max(0, deadline - Date.now()),
        );
      }
      check();
    });
  }

  private async atRunEnd(result: RunResult, deadline: number | undefined): Promise<RunResult | undefined> {
    if (!this.live.size) return undefined;
    if (this.killed) {
      await settle([...this.live.values()], 1000);
      return undefined;
    }
    let replaced: RunResult | undefined;
    if (this.machine.options.waitForChildren && !this.noWait && result.status === 'exited') {
      const names = this.names();
      this.machine.debugOutput(`process exited with code ${result.guestExitCode}; waiting for child process(es) ${names}`);
      const why = await this.wait(deadline, 'wait');
      const code = `the process itself exited with code ${result.guestExitCode}`;
      if (why === 'deadline') {
        const limit = (this.machine.options.timeoutMs ?? 0) / 1000;
        replaced = {
          status: 'limit',
          exitCode: EXIT_CODES.limit,
          message: `time limit of ${limit} s reached waiting for child process(es) ${this.names()} (${code})`,
        };
      } else if (why === 'deadlock') {
        replaced = {
          status: 'deadlock',
          exitCode: EXIT_CODES.deadlock,
          message: `deadlock: waiting for child process(es) ${this.names()}, every guest thread is blocked and nothing can wake them (${code})`,
        };
      }
    }
    if (this.killed)
      await settle([...this.live.values()], 1000); // its own parent stopped it meanwhile
    else if (this.live.size) await this.endAll(deadline);
    return replaced;
  }

  /** Ends every running child through the TerminateProcess exit sequence, bounded by the grace time. */
  private async endAll(deadline: number | undefined): Promise<void> {
    this.deadlocked = false; // a deadlock reported before this point is what the exit sequence resolves
    const grace = Math.min(CHILD_EXIT_GRACE_MS, deadline === undefined ? Infinity : Math.max(0, deadline - Date.now()));
    for (const p of this.live.keys()) {
      this.machine.debugOutput(`child process ${p.name} is still running as the run ends: ending it`);
      const kids = Children.of(p.machine);
      if (p.machine.finished)
        kids.endNow(); // it has ended and waits for its own children
      else {
        kids.noWait = true;
        if (grace <= 0 || !terminateFromOutside(p.machine, ENDED_WITH_PARENT)) p.machine.exitProcess(ENDED_WITH_PARENT);
      }
    }
    const why = grace > 0 ? await this.wait(Date.now() + grace, 'grace') : 'deadline';
    if (why === 'done') return;
    if (why !== 'stop') {
      this.machine.debugOutput(
        grace <= 0
          ? `child process(es) ${this.names()} stopped at the run's time limit, without notifications`
          : `child process(es) ${this.names()} did not end within ${grace} ms${why === 'deadlock' ? ' (deadlock)' : ''}: stopped without notifications`,
      );
    }
    const pending = [...this.live.values()];
    this.kill();
    await settle(pending, 1000);
  }
}

/** Waits for the promises, at most `ms` milliseconds. */
async function settle(promises: Promise<void>[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Splits a CE command line like the CRT does (spaces/tabs, "quotes", \"). */
export function splitCommandLine(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    let arg = '';
    let quoted = false;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && s[i + 1] === '"') {
        arg += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if ((c === ' ' || c === '\t') && !quoted) break;
      else arg += c;
    }
    out.push(arg);
  }
  return out;
}

/** Host file of an executable named by the guest, or undefined. */
function findExecutable(cx: ApiContext, name: string): { host: string; device: string } | undefined {
  const m = cx.machine;
  if (/^[\\/]/.test(name)) {
    const withExt = /\.[^.\\/]*$/.test(name) ? name : `${name}.exe`;
    const r = deviceFsOf(m).resolve(withExt);
    if (r.ok && r.exists && r.stat?.isFile()) return { host: r.host, device: r.ce };
  }
  const host = Libraries.of(m).findFile(name, '.exe');
  if (!host) return undefined;
  const base = host.replace(/^.*[\\/]/, '');
  return { host, device: `\\Windows\\${base}` };
}

const CREATE_SUSPENDED = 0x4;

function createProcess(cx: ApiContext, imagePtr: number, cmdPtr: number, flags: number, infoPtr: number): number {
  const cmd = cmdPtr ? cx.mem.wstr(cmdPtr, 32768) : '';
  const image = imagePtr ? cx.mem.wstr(imagePtr, 1024) : '';
  if (infoPtr) cx.mem.check(infoPtr, 16, 'write');
  const started = spawnProcess(cx, image, cmd, flags);
  if (!started) return 0;
  const { hProcess, hThread } = started;
  if (infoPtr) {
    cx.mem.setU32(infoPtr, hProcess);
    cx.mem.setU32(infoPtr + 4, hThread);
    cx.mem.setU32(infoPtr + 8, hProcess); // on CE the process id is the process handle value
    cx.mem.setU32(infoPtr + 12, hThread);
  } else {
    cx.machine.handles.close(hProcess);
    cx.machine.handles.close(hThread);
  }
  return 1;
}

/**
 * Starts `image` (a device path or a name on the search path) with the arguments `cmd` (image ''
 * means the first token of cmd): CreateProcessW's work, also ShellExecuteEx's (shell.ts). Returns
 * the new process and thread handles, or undefined with the last error set.
 */
export function spawnProcess(cx: ApiContext, image: string, cmd: string, flags: number): { hProcess: number; hThread: number } | undefined {
  const parent = cx.machine;
  if (!image) {
    // No image name: the first token of the command line is the program.
    const parts = splitCommandLine(cmd);
    if (!parts.length) return void cx.fail(0, ERROR.INVALID_PARAMETER);
    image = parts[0]!;
    cmd = cmd.replace(/^\s*("[^"]*"|\S+)\s*/, '');
  }
  const found = findExecutable(cx, image);
  if (!found) return void cx.fail(0, ERROR.FILE_NOT_FOUND);
  let bytes: Buffer;
  try {
    bytes = Libraries.of(cx.machine).readImage(found.host);
  } catch (e) {
    // Gone since the lookup, or refused by the device file system (a link leading outside the root).
    return void cx.fail(0, (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? ERROR.FILE_NOT_FOUND : ERROR.ACCESS_DENIED);
  }
  // The run's process limit (CE 5: 32 processes at one time; core/memory/run-budget.ts). CE's kernel
  // fails CreateProcess with ERROR_OUTOFMEMORY when no process slot is free.
  const budget = parent.budget;
  if (!budget.addProcess()) {
    parent.debugOutput(`CreateProcessW(${image}): the run has ${budget.maxProcesses} processes already (the process limit)`);
    return void cx.fail(0, ERROR.OUTOFMEMORY);
  }
  let slotTaken = true;
  const freeSlot = () => {
    if (slotTaken) budget.removeProcess();
    slotTaken = false;
  };
  const dir = found.device.slice(0, found.device.lastIndexOf('\\')) || '\\';
  const root = deviceFsOf(parent).root;
  const child = new Machine({
    ...parent.options,
    args: splitCommandLine(cmd),
    deviceDir: dir,
    deviceRoot: root,
    timeoutMs: undefined,
    runState: parent.runState,
  });
  childMachines.add(child);
  shareNamespace(parent, child);
  const name = found.host.replace(/^.*[\\/]/, '');
  try {
    child.loadExecutable(bytes, name, found.host);
  } catch (e) {
    child.close();
    freeSlot();
    if (e instanceof OutOfGuestMemory) {
      // The run's memory budget (shared by every process, core/memory/run-budget.ts) cannot hold it.
      parent.debugOutput(`CreateProcessW(${image}): ${e.message}`);
      return void cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    }
    if (e instanceof PeFormatError || e instanceof LoadError) {
      parent.debugOutput(`CreateProcessW(${image}): ${e.message}`);
      return void cx.fail(0, ERROR.BAD_EXE_FORMAT);
    }
    throw e;
  }
  const proc = new ChildProcess(name, child);
  const hProcess = parent.handles.add(proc);
  const hThread = parent.handles.add(new ChildThread(proc));
  if (!hProcess || !hThread) {
    child.close();
    freeSlot();
    return void cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }
  child.startSuspended = (flags & CREATE_SUSPENDED) !== 0;
  // The parent's run ends only after this one (Children.atRunEnd): it is waited for or ended.
  Children.of(parent).add(
    proc,
    child.run().then(
      (r) => {
        proc.finish(r.guestExitCode ?? r.exitCode);
        if (r.status !== 'exited') parent.debugOutput(`child process ${name}: ${r.message ?? r.status}`);
        child.close();
        freeSlot();
      },
      (e: unknown) => {
        freeSlot();
        proc.finish(EXIT_CODES.internal);
        parent.debugOutput(`child process ${name}: ${(e as Error).message}`);
      },
    ),
  );
  return { hProcess, hThread };
}

export const processes: ApiDef[] = [
  fn(
    'CreateProcessW(wstr pszImageName, wstr pszCmdLine, ptr psaProcess, ptr psaThread, bool fInheritHandles, hex fdwCreate, ptr pvEnvironment, wstr pszCurDir, ptr psiStartInfo, ptr pProcInfo): bool',
    (cx, image: number, cmd: number, _pa: number, _ta: number, _inh: number, flags: number, _env: number, _dir: number, _si: number, info: number) =>
      createProcess(cx, image, cmd, flags, info),
  ),
  fn('TerminateProcess(handle hProcess, u32 uExitCode): bool', (cx, h: number, code: number) => {
    // The current process: CE's ExitProcess, DLL_PROCESS_DETACH included (see the top of this file).
    if (h === CURRENT_PROCESS_PSEUDO || h === cx.machine.processId) return exitGuestProcess(cx, code) ?? 1;
    const p = cx.machine.handles.get<ChildProcess>(h, 'process');
    if (!(p instanceof ChildProcess)) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!p.exited) Children.of(p.machine).noWait = true; // a terminated process ends its children with it
    if (!p.exited && !terminateFromOutside(p.machine, code)) {
      // Nothing to notify: stop it now; waiters see the exit code at once.
      p.machine.exitProcess(code);
      p.finish(code);
    }
    return 1;
  }),
  fn('GetExitCodeProcess(handle hProcess, ptr lpExitCode): bool', (cx, h: number, out: number) => {
    let code: number;
    if (h === CURRENT_PROCESS_PSEUDO || h === cx.machine.processId) code = STILL_ACTIVE;
    else {
      const p = cx.machine.handles.get<ChildProcess>(h, 'process');
      if (!(p instanceof ChildProcess)) return cx.fail(0, ERROR.INVALID_HANDLE);
      code = p.exitCode;
    }
    cx.mem.setU32(out, code);
    return 1;
  }),
];
