#!/usr/bin/env node
// mkmsgtable.mjs — build a binary message table (the data of an RT_MESSAGETABLE resource, as mc.exe
// writes it) from a JSON list of messages, because llvm-rc cannot compile MESSAGETABLE statements.
// The .rc then includes the file as a user resource of numeric type 11: `1 11 "name.bin"`.
//
//   node roms/tools/mkmsgtable.mjs <messages.json> <out.bin>
//
// messages.json: { "messages": [ { "id": 1, "text": "Hello.\r\n", "ansi": false }, ... ] }
//   id    message id (32 bits, severity/facility bits included)
//   text  the exact text (mc.exe would append "\r\n" unless the text ends with %0; write it out here)
//   ansi  store the entry as ANSI (code page 1252, Flags 0) instead of UTF-16 (Flags 1)
//
// Layout (winnt.h): MESSAGE_RESOURCE_DATA { DWORD NumberOfBlocks; MESSAGE_RESOURCE_BLOCK Blocks[]; }
// with blocks { DWORD LowId, HighId, OffsetToEntries } for each run of consecutive ids, then the
// entries { WORD Length; WORD Flags; text, NUL, padded to 4 bytes } (Length covers the whole entry).
// The output is a pure function of the input (ids sorted; no timestamps). No dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: mkmsgtable.mjs <messages.json> <out.bin>');
  process.exit(2);
}

// Windows-1252 for 0x80-0x9F; other bytes are Latin-1.
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
function cp1252(text) {
  return Buffer.from(
    [...text].map((ch) => {
      const u = ch.codePointAt(0);
      const hi = HIGH.indexOf(u);
      if (hi >= 0) return 0x80 + hi;
      if (u < 0x100 && !(u >= 0x80 && u < 0xa0)) return u;
      throw new Error(`mkmsgtable: ${JSON.stringify(ch)} has no code page 1252 byte`);
    }),
  );
}

function entry(m) {
  const body = m.ansi ? Buffer.concat([cp1252(m.text), Buffer.alloc(1)]) : Buffer.concat([Buffer.from(m.text, 'utf16le'), Buffer.alloc(2)]);
  const len = (4 + body.length + 3) & ~3;
  if (len > 0xffff) throw new Error(`mkmsgtable: message ${m.id} is too long`);
  const e = Buffer.alloc(len);
  e.writeUInt16LE(len, 0);
  e.writeUInt16LE(m.ansi ? 0 : 1, 2);
  body.copy(e, 4);
  return e;
}

const { messages } = JSON.parse(readFileSync(input, 'utf8'));
const sorted = [...messages].map((m) => ({ ...m, id: m.id >>> 0 })).sort((a, b) => a.id - b.id);
for (let i = 1; i < sorted.length; i++) if (sorted[i].id === sorted[i - 1].id) throw new Error(`mkmsgtable: id ${sorted[i].id} twice`);
const blocks = [];
for (const m of sorted) {
  const last = blocks[blocks.length - 1];
  if (last && m.id === last.high + 1) {
    last.high = m.id;
    last.entries.push(entry(m));
  } else blocks.push({ low: m.id, high: m.id, entries: [entry(m)] });
}
const head = Buffer.alloc(4 + 12 * blocks.length);
head.writeUInt32LE(blocks.length, 0);
let offset = head.length;
blocks.forEach((b, i) => {
  head.writeUInt32LE(b.low, 4 + 12 * i);
  head.writeUInt32LE(b.high, 8 + 12 * i);
  head.writeUInt32LE(offset, 12 + 12 * i);
  offset += b.entries.reduce((n, e) => n + e.length, 0);
});
writeFileSync(output, Buffer.concat([head, ...blocks.flatMap((b) => b.entries)]));
