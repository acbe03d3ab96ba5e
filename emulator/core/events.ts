/**
 * Host-side notifications from a running machine (`machine.events`), for the programmatic API and
 * tools: the Winsock shim emits 'listen' when a guest socket starts listening, so a test can connect
 * to it without polling.
 *
 *   machine.events.on('listen', ({ port, family }) => ...)
 */
import { EventEmitter } from 'node:events';

/** A guest socket entered the listening state on a host port. */
export interface ListenEvent {
  /** The host port (the real one, also when the guest bound port 0). */
  port: number;
  /** 4 or 6. */
  family: 4 | 6;
  /** The host address it is bound to: '0.0.0.0', '127.0.0.1', '::', ... */
  address: string;
  /** The guest's SOCKET value. */
  socket: number;
}

/** A guest connect() whose destination was rewritten by the `redirect` option. */
export interface RedirectEvent {
  from: string;
  to: string;
}

export interface MachineEventMap {
  listen: [ListenEvent];
  /**
   * An idle point of the scheduler: no guest thread of this process can run (every one waits). Under
   * --deterministic these are fixed instants of the virtual clock, where host input is applied.
   */
  idle: [];
  redirect: [RedirectEvent];
}

/** A typed EventEmitter. Emitting costs nothing measurable when nobody listens. */
export class MachineEvents extends EventEmitter {
  override on<K extends keyof MachineEventMap>(event: K, listener: (...args: MachineEventMap[K]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  override once<K extends keyof MachineEventMap>(event: K, listener: (...args: MachineEventMap[K]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }
  override off<K extends keyof MachineEventMap>(event: K, listener: (...args: MachineEventMap[K]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }
  override emit<K extends keyof MachineEventMap>(event: K, ...args: MachineEventMap[K]): boolean {
    return super.emit(event, ...args);
  }
}

/**
 * Idle points of the whole run (every process of the run: a GUI may live in a child process while the
 * parent waits for it). Each machine's scheduler reports its idle points here as well as on its own
 * `events`; a host waiter that was satisfied sets `yieldAtIdle`, and the scheduler that reported the
 * point then gives the event loop a turn before it moves on (system/display.ts).
 */
export class RunIdle extends EventEmitter {
  yieldAtIdle = false;
}

/** The run's RunIdle, kept in the run state shared with child processes. */
export function runIdleOf(runState: Map<string, unknown>): RunIdle {
  let r = runState.get('run-idle') as RunIdle | undefined;
  if (!r) runState.set('run-idle', (r = new RunIdle()));
  return r;
}
