#!/usr/bin/env node
/**
 * `npm run schema`: writes profiles/profile.schema.json from the one options schema
 * (emulator/system/schema.ts, built into dist/). test/options.test.ts checks the file is current.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { profileJsonSchema } = await import(join(root, 'dist', 'emulator', 'system', 'schema.js'));
const file = join(root, 'profiles', 'profile.schema.json');
writeFileSync(file, JSON.stringify(profileJsonSchema(), null, 2) + '\n');
process.stdout.write(`updated ${file}\n`);
