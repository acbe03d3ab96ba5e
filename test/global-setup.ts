/**
 * Builds the TypeScript sources once before the suite: several tests run the real CLI
 * (dist/cli/main.js) in a child process and must see the current code.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(__dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`tsc failed:\n${r.stdout}${r.stderr}`);
  const n = spawnSync('bash', [join(root, 'scripts', 'build-native.sh')], { cwd: root, encoding: 'utf8' });
  if (n.status !== 0) throw new Error(`native helper build failed:\n${n.stdout}${n.stderr}`);
}
