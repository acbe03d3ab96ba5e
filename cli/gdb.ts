/**
 * `wmemu run --gdb <port>`: a gdb stub on a loopback TCP port (emulator/system/gdb/stub.ts); the guest
 * waits before its first instruction until gdb continues it.
 */
import type { Machine } from '../emulator/core/machine.js';
import { attachGdbStub } from '../emulator/system/gdb/stub.js';

export async function attachGdbFromCli(machine: Machine, portText: string, exePath: string): Promise<void> {
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    process.stderr.write(`wmemu: --gdb expects a TCP port (0-65535), got '${portText}'\n`);
    process.exit(2);
  }
  try {
    const stub = await attachGdbStub(machine, { port }, exePath);
    process.stderr.write(`wmemu: gdb stub on 127.0.0.1:${stub.port}: gdb-multiarch -ex 'target remote :${stub.port}' (the guest waits for it)\n`);
  } catch (e) {
    process.stderr.write(`wmemu: --gdb: cannot listen on 127.0.0.1:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    process.exit(2);
  }
}
