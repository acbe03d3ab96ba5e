/**
 * `wmemu run --input steps.txt`: drives a GUI program from a script, one step per line (blank lines
 * and `#` comments are skipped):
 *
 *   wait idle                 until every GUI thread waits for input and nothing is left to paint
 *   wait window "Solitaire"   until exactly one visible window with this text exists (at an idle point)
 *   wait window "X" 30s       the same with its own bound (default: 10 s on the run's clock)
 *   tap 120 200               a tap at screen coordinates
 *   click "Deal"              a tap at the centre of the one visible window with this text
 *   doubletap 120 200         two taps in a row (WM_LBUTTONDBLCLK for a CS_DBLCLKS window: gwes/input.ts)
 *   doubleclick "Deal"        the same at the centre of the one visible window with this text
 *   drag 10 10 100 100        press, move, release
 *   hold 120 200 500ms        press, 500 ms of the run's clock, release (a scroll bar's auto-repeat)
 *   key ESCAPE                a key by name (ESCAPE, RETURN, TAB, LEFT..., a letter or digit)
 *   text hello                WM_CHAR for each character (the rest of the line)
 *   screenshot step.png       the screen as PNG
 *   wait exit [30s]           until the program ends by itself (its exit code is the run's)
 *   exit [CODE]               ends the program now, as TerminateProcess(CODE) would (default 0)
 *   keep running              the script is done; the program goes on (e.g. with --view)
 *
 * Every step first waits for the display to be idle (the scheduler's idle points: system/display.ts),
 * so input lands at the same point of the program each time (with --deterministic at the same virtual
 * instant, and screenshots are reproducible byte for byte). After the last step the run ends: as
 * `exit 0` once the display is idle, or with the program's own exit code if it ended first, unless
 * the last step is `keep running` (the default with --view, where a person takes over). A step that
 * cannot be done (no such window, several, bad line, time-out) ends the run with a one-line message
 * (exit code 130, as an interrupted run).
 */
import { writeFileSync } from 'node:fs';
import type { DisplayHandle, WindowInfo } from './display.js';
import { parseDuration } from './schema.js';

export class InputScriptError extends Error {}

export interface InputStep {
  line: number;
  op: string;
  args: string[];
  /** A step's own bound (`wait window "X" 30s`, `wait exit 1m`), milliseconds. */
  timeoutMs?: number;
}

/** Splits a script into steps; throws InputScriptError (one line) on a malformed one. */
export function parseInputScript(text: string): InputStep[] {
  const steps: InputStep[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#')) return;
    const m = /^(\S+)\s*(.*)$/.exec(l)!;
    const op = m[1]!.toLowerCase();
    const rest = m[2]!;
    const quoted = /^"(.*)"$/.exec(rest)?.[1];
    const nums = rest.split(/\s+/).map(Number);
    const where = `input script line ${i + 1}`;
    const need = (ok: boolean, what: string) => {
      if (!ok) throw new InputScriptError(`${where}: ${what}: '${l}'`);
    };
    const bound = (d: string | undefined): number | undefined => {
      if (d === undefined) return undefined;
      try {
        return parseDuration(d, 's');
      } catch (e) {
        throw new InputScriptError(`${where}: bad time-out: ${(e as Error).message}: '${l}'`);
      }
    };
    switch (op) {
      case 'wait': {
        const w = /^window\s+"(.*)"(?:\s+(\S+))?$/.exec(rest);
        const x = /^exit(?:\s+(\S+))?$/.exec(rest);
        need(rest === 'idle' || !!w || !!x, 'expected `wait idle`, `wait window "text" [TIMEOUT]` or `wait exit [TIMEOUT]`');
        if (rest === 'idle') steps.push({ line: i + 1, op: 'wait-idle', args: [] });
        else if (w) steps.push({ line: i + 1, op: 'wait-window', args: [w[1]!], timeoutMs: bound(w[2]) });
        else steps.push({ line: i + 1, op: 'wait-exit', args: [], timeoutMs: bound(x![1]) });
        return;
      }
      case 'exit':
        need(rest === '' || /^\d+$/.test(rest), 'expected `exit` or `exit CODE`');
        steps.push({ line: i + 1, op, args: rest ? [rest] : [] });
        return;
      case 'keep':
        need(rest === 'running', 'expected `keep running`');
        steps.push({ line: i + 1, op: 'keep-running', args: [] });
        return;
      case 'tap':
      case 'doubletap':
        need(nums.length === 2 && nums.every(Number.isInteger), `expected \`${op} X Y\``);
        break;
      case 'drag':
        need(nums.length === 4 && nums.every(Number.isInteger), 'expected `drag X0 Y0 X1 Y1`');
        break;
      case 'hold': {
        const a = rest.split(/\s+/);
        need(a.length === 3 && a.slice(0, 2).map(Number).every(Number.isInteger), 'expected `hold X Y DURATION`');
        steps.push({ line: i + 1, op, args: a.slice(0, 2), timeoutMs: bound(a[2]) });
        return;
      }
      case 'click':
      case 'doubleclick':
        need(quoted !== undefined, `expected \`${op} "window text"\``);
        steps.push({ line: i + 1, op, args: [quoted!] });
        return;
      case 'key':
      case 'screenshot':
        need(rest.length > 0 && !/\s/.test(rest), `expected \`${op} NAME\``);
        break;
      case 'text':
        need(rest.length > 0, 'expected `text SOMETHING`');
        steps.push({ line: i + 1, op, args: [rest] });
        return;
      default:
        need(false, 'unknown step');
    }
    steps.push({ line: i + 1, op, args: rest.split(/\s+/) });
  });
  const last = steps.findIndex((s) => s.op === 'keep-running' || s.op === 'exit' || s.op === 'wait-exit');
  if (last >= 0 && last !== steps.length - 1)
    throw new InputScriptError(`input script line ${steps[last]!.line}: \`${steps[last]!.op.replace('-', ' ')}\` must be the last step`);
  return steps;
}

/** Visible windows (any depth) with this text. */
function visibleWithText(ws: WindowInfo[], text: string, out: WindowInfo[] = []): WindowInfo[] {
  for (const w of ws) {
    if (w.visible && w.text === text) out.push(w);
    visibleWithText(w.children, text, out);
  }
  return out;
}

const describe = (w: WindowInfo) => `${w.className} at ${w.rect.x},${w.rect.y}`;

export interface InputScriptHost {
  /** Ends the program as TerminateProcess(code) would. */
  exit(code: number): void;
  /** True once the program has ended. */
  readonly done: boolean;
  /** Resolves when the program has ended. */
  readonly exited: Promise<unknown>;
  /** The default when the script does not say: keep the program running after the last step (--view). */
  keepRunning?: boolean;
}

/** Runs the steps against a running program's display; resolves when done, rejects with InputScriptError. */
export async function runInputScript(d: DisplayHandle, steps: InputStep[], host?: InputScriptHost, timeoutMs = 10_000): Promise<void> {
  const ended = (where: string) => new InputScriptError(`${where}: the program ended before this step`);
  for (const s of steps) {
    const where = `input script line ${s.line}`;
    const wrap = async <T>(p: Promise<T>): Promise<T> => {
      try {
        return await p;
      } catch (e) {
        if (host?.done && !(e instanceof InputScriptError)) throw ended(where);
        throw new InputScriptError(`${where}: ${(e as Error).message}`);
      }
    };
    if (s.op === 'wait-exit') {
      if (!host) throw new InputScriptError(`${where}: \`wait exit\` needs a run`);
      const bound = s.timeoutMs ?? timeoutMs;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new InputScriptError(`${where}: the program did not end within ${bound} ms`)), bound);
      });
      try {
        await Promise.race([host.exited, late]);
      } finally {
        clearTimeout(timer);
      }
      return;
    }
    if (s.op !== 'wait-window' && s.op !== 'keep-running') {
      if (host?.done) throw ended(where);
      await wrap(d.waitIdle(timeoutMs));
    }
    switch (s.op) {
      case 'wait-idle':
        break;
      case 'wait-window': {
        const text = s.args[0]!;
        await wrap(
          d.waitUntil(
            () => {
              const all = visibleWithText(d.windows(), text);
              if (all.length > 1) throw new Error(`${all.length} visible windows "${text}": ${all.map(describe).join('; ')}`);
              return all[0];
            },
            `a visible window "${text}"`,
            s.timeoutMs ?? timeoutMs,
          ),
        );
        break;
      }
      case 'tap':
        d.tap(Number(s.args[0]), Number(s.args[1]));
        break;
      case 'doubletap':
        d.doubleTap(Number(s.args[0]), Number(s.args[1]));
        break;
      case 'drag':
        d.drag(Number(s.args[0]), Number(s.args[1]), Number(s.args[2]), Number(s.args[3]));
        break;
      case 'hold': {
        const [x, y] = [Number(s.args[0]), Number(s.args[1])];
        d.press(x, y);
        await wrap(d.waitForTimeout(s.timeoutMs!));
        d.release(x, y);
        break;
      }
      case 'click':
      case 'doubleclick': {
        const all = visibleWithText(d.windows(), s.args[0]!);
        if (!all.length) throw new InputScriptError(`${where}: no visible window "${s.args[0]}"`);
        if (all.length > 1) throw new InputScriptError(`${where}: ${all.length} visible windows "${s.args[0]}": ${all.map(describe).join('; ')}`);
        const w = all[0]!;
        const x = w.rect.x + (w.rect.width >> 1);
        const y = w.rect.y + (w.rect.height >> 1);
        if (s.op === 'click') d.tap(x, y);
        else d.doubleTap(x, y);
        break;
      }
      case 'key':
        try {
          d.key(s.args[0]!);
        } catch (e) {
          throw new InputScriptError(`${where}: ${(e as Error).message}`);
        }
        break;
      case 'text':
        d.type(s.args[0]!);
        break;
      case 'screenshot':
        writeFileSync(s.args[0]!, d.screenshot());
        break;
      case 'exit':
        host?.exit(Number(s.args[0] ?? 0));
        return;
      case 'keep-running':
        return;
    }
  }
  // The script's end: the run ends once the display is idle (or the program ended by itself).
  if (!host || host.keepRunning || host.done) return;
  try {
    await d.waitIdle(timeoutMs);
  } catch (e) {
    if (host.done) return;
    throw new InputScriptError(`input script end: ${(e as Error).message}`);
  }
  host.exit(0);
}
