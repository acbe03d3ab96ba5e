/**
 * `wmemu run --input steps.txt`: drives a GUI program from a script, one step per line (blank lines
 * and `#` comments are skipped):
 *
 *   wait idle                 until every GUI thread waits for input and nothing is left to paint
 *   wait window "Solitaire"   until a visible window with this text exists (then idle)
 *   tap 120 200               a tap at screen coordinates
 *   click "Deal"              a tap at the centre of the visible window with this text
 *   drag 10 10 100 100        press, move, release
 *   key ESCAPE                a key by name (ESCAPE, RETURN, TAB, LEFT..., a letter or digit)
 *   text hello                WM_CHAR for each character (the rest of the line)
 *   screenshot step.png       the screen as PNG
 *
 * Every step first waits for the display to be idle, so input lands at the same point of the
 * program each time (with --deterministic the screenshots are reproducible byte for byte). A step that
 * cannot be done (unknown window, bad line, time-out) ends the run with a one-line message.
 */
import { writeFileSync } from 'node:fs';
import type { DisplayHandle, WindowInfo } from './display.js';

export class InputScriptError extends Error {}

export interface InputStep {
  line: number;
  op: string;
  args: string[];
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
    switch (op) {
      case 'wait':
        need(rest === 'idle' || /^window\s+".*"$/.test(rest), 'expected `wait idle` or `wait window "text"`');
        steps.push({ line: i + 1, op: rest === 'idle' ? 'wait-idle' : 'wait-window', args: rest === 'idle' ? [] : [/"(.*)"/.exec(rest)![1]!] });
        return;
      case 'tap':
        need(nums.length === 2 && nums.every(Number.isInteger), 'expected `tap X Y`');
        break;
      case 'drag':
        need(nums.length === 4 && nums.every(Number.isInteger), 'expected `drag X0 Y0 X1 Y1`');
        break;
      case 'click':
        need(quoted !== undefined, 'expected `click "window text"`');
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
  return steps;
}

function find(ws: WindowInfo[], text: string): WindowInfo | undefined {
  for (const w of ws) {
    if (w.visible && w.text === text) return w;
    const c = find(w.children, text);
    if (c) return c;
  }
  return undefined;
}

/** Runs the steps against a running program's display; resolves when done, rejects with InputScriptError. */
export async function runInputScript(d: DisplayHandle, steps: InputStep[], timeoutMs = 10_000): Promise<void> {
  for (const s of steps) {
    const where = `input script line ${s.line}`;
    const idle = async () => {
      try {
        await d.waitIdle(timeoutMs);
      } catch (e) {
        throw new InputScriptError(`${where}: ${(e as Error).message}`);
      }
    };
    if (s.op !== 'wait-window') await idle();
    switch (s.op) {
      case 'wait-idle':
        break;
      case 'wait-window': {
        const until = Date.now() + timeoutMs;
        while (!find(d.windows(), s.args[0]!)) {
          if (Date.now() > until) throw new InputScriptError(`${where}: no window "${s.args[0]}" after ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await idle();
        break;
      }
      case 'tap':
        d.tap(Number(s.args[0]), Number(s.args[1]));
        break;
      case 'drag':
        d.drag(Number(s.args[0]), Number(s.args[1]), Number(s.args[2]), Number(s.args[3]));
        break;
      case 'click': {
        const w = find(d.windows(), s.args[0]!);
        if (!w) throw new InputScriptError(`${where}: no visible window "${s.args[0]}"`);
        d.tap(w.rect.x + (w.rect.width >> 1), w.rect.y + (w.rect.height >> 1));
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
    }
  }
}
