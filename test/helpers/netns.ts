/**
 * Network namespaces made by a test (Linux `ip netns`, needs root or CAP_NET_ADMIN): two namespaces
 * joined by a veth pair, addresses from the benchmarking range 198.18.0.0/15 assigned *inside the
 * namespaces only* — the host's own namespace gets no interface, address or route, and no packet can
 * leave the machine. `netnsSupport()` says whether this works here (and why not).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface NetnsSupport {
  ok: boolean;
  reason: string;
}

function ip(args: string[]): { ok: boolean; err: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
}

let support: NetnsSupport | undefined;

/** Probes once: can we create a namespace and a veth pair in it? */
export function netnsSupport(): NetnsSupport {
  if (support) return support;
  if (process.platform !== 'linux') return (support = { ok: false, reason: 'network namespaces need Linux' });
  const name = `wmprobe${process.pid}`;
  const add = ip(['netns', 'add', name]);
  if (!add.ok) return (support = { ok: false, reason: `'ip netns add' is not permitted here (${add.err}); run as root / with CAP_NET_ADMIN` });
  const veth = ip(['-n', name, 'link', 'add', 'wmp0', 'type', 'veth', 'peer', 'name', 'wmp1']);
  ip(['netns', 'del', name]);
  if (!veth.ok) return (support = { ok: false, reason: `cannot create a veth pair in a namespace (${veth.err})` });
  return (support = { ok: true, reason: '' });
}

/** Two namespaces `a` (198.18.0.1 on `devA`) and `b` (198.18.0.2 on `devB`), a /30 between them. */
export class NetnsPair {
  readonly a: string;
  readonly b: string;
  readonly devA = 'wmveth0';
  readonly devB = 'wmveth1';
  readonly addrA = '198.18.0.1';
  readonly addrB = '198.18.0.2';
  private readonly children: ChildProcess[] = [];

  constructor(tag: string) {
    const id = `${process.pid}${tag}`;
    this.a = `wmA${id}`;
    this.b = `wmB${id}`;
  }

  create(): void {
    const steps: string[][] = [
      ['netns', 'add', this.a],
      ['netns', 'add', this.b],
      ['-n', this.a, 'link', 'add', this.devA, 'type', 'veth', 'peer', 'name', this.devB, 'netns', this.b],
      ['-n', this.a, 'addr', 'add', `${this.addrA}/30`, 'dev', this.devA],
      ['-n', this.b, 'addr', 'add', `${this.addrB}/30`, 'dev', this.devB],
      ['-n', this.a, 'link', 'set', 'lo', 'up'],
      ['-n', this.b, 'link', 'set', 'lo', 'up'],
      ['-n', this.a, 'link', 'set', this.devA, 'up'],
      ['-n', this.b, 'link', 'set', this.devB, 'up'],
    ];
    for (const s of steps) {
      const r = ip(s);
      if (!r.ok) {
        this.destroy();
        throw new Error(`ip ${s.join(' ')}: ${r.err}`);
      }
    }
  }

  /** `ip -n <ns> ...`; throws on failure. */
  ip(ns: string, args: string[]): void {
    const r = ip(['-n', ns, ...args]);
    if (!r.ok) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.err}`);
  }

  /** Runs `cmd args` inside namespace `ns`; the child is killed by destroy(). */
  exec(ns: string, cmd: string, args: string[]): ChildProcess {
    const c = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(c);
    return c;
  }

  /** Kills the children and deletes both namespaces (the veth pair goes with them). */
  destroy(): void {
    for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    ip(['netns', 'del', this.a]);
    ip(['netns', 'del', this.b]);
  }
}

/** Collects a child's stdout and resolves `line(re)` with the first match. */
export function lines(c: ChildProcess): { line(re: RegExp): Promise<RegExpMatchArray>; text(): string; done: Promise<number | null> } {
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  c.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  c.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const done = new Promise<number | null>((resolve) => c.on('close', (code) => resolve(code)));
  return {
    text: () => out,
    done,
    line: (re) =>
      new Promise((resolve, reject) => {
        const m = out.match(re);
        if (m) return resolve(m);
        waiters.push({ re, resolve });
        done.then((code) => reject(new Error(`process exited (${code}) before printing ${re}:\n${out}\n${err}`)));
      }),
  };
}
