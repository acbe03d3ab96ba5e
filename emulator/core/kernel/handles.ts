/**
 * The process handle table: kernel objects (threads, the process, events, mutexes, files, ...) that
 * guest code refers to by 32-bit handle values. Sockets have their own table in the Winsock shim.
 */
export interface KernelObject {
  readonly type: string;
  /** Called when the last handle is closed. */
  destroy?(): void;
}

/** CE pseudo-handles (kfuncs.h): SYS_HANDLE_BASE 64 + SH_CURTHREAD 1 / SH_CURPROC 2. */
export const CURRENT_THREAD_PSEUDO = 0x41;
export const CURRENT_PROCESS_PSEUDO = 0x42;

/**
 * The first handle value of the next process of a run. On CE handle values (and so process and thread
 * IDs, which are handle values) are unique across the device; here each process has its own table, so
 * each process of a run numbers from its own range (the first process from 0x1000, as before; 4 MiB of
 * values apart, room for the 1,000,000-handle limit at step 4; the 480 ranges stay below 2^31 and are
 * reused after 480 processes, when the first ones are long gone).
 */
export function nextHandleBase(runState: Map<string, unknown>): number {
  const serial = (runState.get('process-serial') as number | undefined) ?? 0;
  runState.set('process-serial', serial + 1);
  return 0x1000 + (serial % 480) * 0x40_0000;
}

export class HandleTable {
  private readonly objects = new Map<number, { obj: KernelObject; refs: number }>();
  private next: number;

  constructor(
    first = 0x1000,
    private readonly step = 4,
    private readonly limit = 100_000,
  ) {
    this.next = first;
  }

  get count(): number {
    return this.objects.size;
  }

  add(obj: KernelObject): number {
    if (this.objects.size >= this.limit) return 0;
    const h = this.next;
    this.next += this.step;
    this.objects.set(h, { obj, refs: 1 });
    return h;
  }

  /** Puts `obj` under an existing handle value (objects that need their own handle at construction). */
  replace(handle: number, obj: KernelObject): void {
    const e = this.objects.get(handle >>> 0);
    if (e) e.obj = obj;
  }

  get<T extends KernelObject>(handle: number, type?: string): T | undefined {
    const e = this.objects.get(handle >>> 0);
    if (!e || (type && e.obj.type !== type)) return undefined;
    return e.obj as T;
  }

  /** Adds a reference (DuplicateHandle-like); returns false for an unknown handle. */
  ref(handle: number): boolean {
    const e = this.objects.get(handle >>> 0);
    if (!e) return false;
    e.refs++;
    return true;
  }

  /** How many references a handle has (0: not a handle). */
  refs(handle: number): number {
    return this.objects.get(handle >>> 0)?.refs ?? 0;
  }

  close(handle: number): boolean {
    const e = this.objects.get(handle >>> 0);
    if (!e) return false;
    if (--e.refs === 0) {
      this.objects.delete(handle >>> 0);
      e.obj.destroy?.();
    }
    return true;
  }

  *entries(): IterableIterator<[number, KernelObject]> {
    for (const [h, e] of this.objects) yield [h, e.obj];
  }
}
