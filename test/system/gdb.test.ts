/**
 * The gdb stub (issue 15 item 6): Debian's gdb-multiarch drives a ROM over the remote serial
 * protocol: the module list, a breakpoint at a DLL function (Thumb-2), registers, a single step, a
 * variable read from memory, continue to the exit code. And the protocol directly: Ctrl-C halts a
 * spinning guest, the thread list, kill. gdb-multiarch is installed by `npm test` (scripts/setup.sh).
 */
import { describe, expect, it } from 'vitest';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { start } from '../../emulator/system/session.js';
import { parsePe } from '../../emulator/core/pe/pe-file.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', n);
const hasGdb = spawnSync('sh', ['-c', 'command -v gdb-multiarch']).status === 0;

function exportRva(dll: string, name: string): number {
  const pe = parsePe(readFileSync(rom(dll)), dll);
  const f = pe.exports!.functions.find((x) => x.names.includes(name));
  if (!f) throw new Error(`${dll} does not export ${name}`);
  return f.rva;
}

function gdb(port: number, commands: string[]): Promise<string> {
  const args = ['-nx', '-batch', '-ex', 'set pagination off', '-ex', 'set architecture arm', '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve) => {
    // Asynchronous: the emulator answering gdb runs in this process.
    execFile('gdb-multiarch', args, { timeout: 60_000, encoding: 'utf8' }, (_e, stdout, stderr) => resolve(stdout + stderr));
  });
}

describe.skipIf(!hasGdb)('gdb stub with gdb-multiarch', () => {
  it('breaks at a Thumb-2 DLL function, reads registers and a variable, steps, continues to the exit', async () => {
    const emu = await start(rom('dllstatic.exe'), { gdb: { port: 0 }, timeoutMs: 60_000 });
    expect(emu.gdbPort).toBeGreaterThan(0);
    // Halted before the first instruction: the statically imported DLLs are loaded.
    const testdll = emu.machine.modules.find((m) => m.name.toLowerCase() === 'testdll.dll')!;
    const tdAdd = testdll.base + (exportRva('testdll.dll', 'td_add') & ~1);
    const tdData = testdll.base + exportRva('testdll.dll', 'td_data');
    expect(exportRva('testdll.dll', 'td_add') & 1).toBe(1); // a Thumb function
    const out = await gdb(emu.gdbPort!, [
      'maint packet qXfer:libraries:read::0,fff',
      'info threads',
      'p/x $cpsr & 0x20',
      `break *0x${tdAdd.toString(16)}`,
      'continue',
      'p/x $pc',
      'p $r0',
      'p $r1',
      'p/x $cpsr & 0x20',
      'stepi',
      'p/x $pc',
      `x/wd 0x${tdData.toString(16)}`,
      'delete',
      'continue',
    ]);
    const r = await emu.exited;
    // The module list: the EXE by host path, the DLLs at their code addresses.
    expect(out).toContain(`<library name="${rom('dllstatic.exe')}">`);
    expect(out).toContain(`<library name="testdll.dll"><segment address="0x${testdll.code[0]![0].toString(16)}"/>`);
    expect(out).toMatch(/\* 1 +Thread [0-9]+ "main"/);
    const values = [...out.matchAll(/^\$\d+ = (.*)$/gm)].map((m) => m[1]);
    // Start: ARM state (T clear); at td_add(2, 40): PC on its first instruction, Thumb, arguments in R0/R1.
    expect(values.slice(0, 5)).toEqual(['0x0', `0x${tdAdd.toString(16)}`, '2', '40', '0x20']);
    // One Thumb instruction further (2 or 4 bytes).
    const stepped = parseInt(values[5]!, 16);
    expect([tdAdd + 2, tdAdd + 4]).toContain(stepped);
    expect(out).toMatch(new RegExp(`0x${tdData.toString(16)}.*:\\s+1234`));
    expect(out).toContain('[Inferior 1 (Remote target) exited normally]');
    expect(r).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(r.stdout).toContain('dllstatic: 0 failures');
  }, 90_000);
});

/** A minimal RSP client: sends a packet, resolves with the next reply packet's data. */
class Rsp {
  private buf = '';
  private waiters: ((d: string) => void)[] = [];
  private constructor(private readonly sock: Socket) {
    sock.on('data', (d) => {
      this.buf += d.toString('latin1');
      for (let m; (m = /\$([^#]*)#[0-9a-f]{2}/.exec(this.buf));) {
        this.buf = this.buf.slice(m.index + m[0].length);
        this.sock.write('+');
        this.waiters.shift()?.(m[1]!);
      }
    });
  }
  static open(port: number): Promise<Rsp> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new Rsp(s))).on('error', reject);
    });
  }
  next(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  send(data: string): Promise<string> {
    let sum = 0;
    for (const c of Buffer.from(data, 'latin1')) sum = (sum + c) & 0xff;
    const reply = this.next();
    this.sock.write(`$${data}#${sum.toString(16).padStart(2, '0')}`);
    return reply;
  }
  /** Ctrl-C: the byte 0x03 outside a packet (the stop reply answers the pending continue). */
  interrupt(): void {
    this.sock.write(Buffer.from([3]));
  }
  close(): void {
    this.sock.destroy();
  }
}

describe('gdb stub protocol', () => {
  for (const mode of ['spin', 'sleep']) {
    it(`Ctrl-C halts a guest that ${mode === 'spin' ? 'spins' : 'sleeps'}; threads, registers, kill`, async () => {
      const emu = await start(rom('hang.exe'), { args: [mode], gdb: { port: 0 }, timeoutMs: 60_000 });
      const c = await Rsp.open(emu.gdbPort!);
      expect(await c.send('qSupported:multiprocess+;swbreak+')).toContain('qXfer:features:read+');
      expect(await c.send('?')).toMatch(/^T05thread:[0-9a-f]+;$/);
      const xml = await c.send('qXfer:features:read:target.xml:0,fff');
      expect(xml).toMatch(/^l<\?xml/);
      expect(xml).toContain('<reg name="cpsr" bitsize="32" regnum="25"/>');
      const threads = (await c.send('qfThreadInfo')).slice(1).split(',');
      expect(threads.length).toBe(1);
      expect(await c.send('qsThreadInfo')).toBe('l');
      const stop = c.send('c');
      await new Promise((r) => setTimeout(r, 300));
      expect(emu.done).toBe(false);
      c.interrupt();
      expect(await stop).toBe(`T02thread:${threads[0]};`);
      const g = await c.send('g');
      expect(g).toMatch(/^[0-9a-f]{136}$/); // r0-r15 and cpsr
      expect(await c.send('p19')).toBe(g.slice(128, 136)); // cpsr is regnum 25
      expect(await c.send('m0,4')).toMatch(/^E/); // page zero is never mapped
      c.send('k');
      const r = await emu.exited;
      c.close();
      expect(r).toMatchObject({ status: 'interrupted', message: 'killed by the debugger (gdb)' });
    }, 60_000);
  }
});

describe('wmemu run --gdb', () => {
  const CLI = join(ROOT, 'dist', 'cli', 'main.js');

  it('a bad port exits 2 with one line', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--gdb', 'abc', rom('hello.exe')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("wmemu: --gdb expects a TCP port (0-65535), got 'abc'\n");
  });

  it('waits for gdb, runs on continue, reports the exit code to gdb and to the shell', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--gdb', '0', rom('hello.exe')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        err += d;
        const m = /gdb stub on 127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${err}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const c = await Rsp.open(port);
    await new Promise((r) => setTimeout(r, 200));
    expect(out).toBe(''); // nothing ran before gdb said so
    expect(await c.send('c')).toBe('W07');
    c.close();
    expect(await exit).toBe(7);
    expect(out).toContain('Hello from Windows CE!');
  }, 60_000);
});
