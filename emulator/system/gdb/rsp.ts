/**
 * gdb's remote serial protocol, the framing half: `$data#cs` packets with acknowledgements, `}`
 * escapes, run-length encoded replies are not used, and the out-of-band interrupt byte (0x03, Ctrl-C).
 * Reference: the GDB manual, "Remote Protocol" (Overview, Packets, Stop Reply Packets).
 */

export type RspEvent = { kind: 'packet'; data: string } | { kind: 'interrupt' };

/** Splits the byte stream of a connection into packets and interrupts; acknowledgements are dropped. */
export class RspReader {
  private buf = '';

  /** Feeds bytes; returns the complete events, and what to acknowledge ('+' good, '-' bad checksum). */
  push(chunk: Buffer): { events: RspEvent[]; acks: string } {
    this.buf += chunk.toString('latin1');
    const events: RspEvent[] = [];
    let acks = '';
    for (;;) {
      // Outside a packet: '+'/'-' are acknowledgements of our replies, 0x03 an interrupt.
      let i = 0;
      while (i < this.buf.length && this.buf[i] !== '$') {
        if (this.buf.charCodeAt(i) === 3) events.push({ kind: 'interrupt' });
        i++;
      }
      this.buf = this.buf.slice(i);
      if (this.buf.length === 0) break;
      const hash = this.buf.indexOf('#');
      if (hash < 0 || this.buf.length < hash + 3) break;
      const raw = this.buf.slice(1, hash);
      const cs = parseInt(this.buf.slice(hash + 1, hash + 3), 16);
      this.buf = this.buf.slice(hash + 3);
      if (checksum(raw) !== cs) {
        acks += '-';
        continue;
      }
      acks += '+';
      events.push({ kind: 'packet', data: unescape(raw) });
    }
    return { events, acks };
  }
}

function checksum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum = (sum + s.charCodeAt(i)) & 0xff;
  return sum;
}

/** `}` escapes (binary data of X and vFile packets: the next byte xor 0x20). */
function unescape(s: string): string {
  if (!s.includes('}')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '}' && i + 1 < s.length) out += String.fromCharCode(s.charCodeAt(++i) ^ 0x20);
    else out += s[i];
  }
  return out;
}

/** A reply packet: `$`, the data with `$ # } *` escaped, `#`, two hex digits of checksum. */
export function frame(data: string): string {
  const esc = data.replace(/[$#}*]/g, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
  return `$${esc}#${checksum(esc).toString(16).padStart(2, '0')}`;
}

/** A 32-bit value as 8 hex digits, target (little-endian) byte order. */
export function hexLe32(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b.toString('hex');
}

export function parseHexLe32(s: string): number {
  return Buffer.from(s.padEnd(8, '0').slice(0, 8), 'hex').readUInt32LE(0);
}

/** A qXfer read reply: `m` + a chunk when more follows, `l` + the last chunk. */
export function xferChunk(doc: string, offset: number, length: number): string {
  const part = doc.slice(offset, offset + length);
  return (offset + length >= doc.length ? 'l' : 'm') + part;
}
