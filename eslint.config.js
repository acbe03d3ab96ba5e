// Lint for the whole tree (npm test runs it). Layers: imports only go downwards
// (core <- DLLs and their subsystems gdi/display/gwes <- system <- cli); run-time import cycles are checked by madge (scripts/check-cycles.sh).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const upper = (...layers) => ({
  patterns: layers.map((l) => ({
    group: [`**/${l}/**`, `**/${l}`],
    message: `this layer must not import from ${l}/ (layers: core <- dlls, winsock-shim <- system <- cli)`,
  })),
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.deps/**', 'roms/build/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        __dirname: 'readonly',
        queueMicrotask: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off',
      // Flags initial values that a try/switch path overwrites: noise in parser-style code.
      'no-useless-assignment': 'off',
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  { files: ['emulator/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', upper('dlls', 'system', 'winsock-shim', 'cli')] } },
  // Subsystems the DLLs share (GDI, display, later GWES) sit in the DLL layer too.
  {
    files: ['emulator/dlls/**/*.ts', 'emulator/gdi/**/*.ts', 'emulator/display/**/*.ts', 'emulator/gwes/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', upper('system', 'winsock-shim', 'cli')] },
  },
  { files: ['winsock-shim/**/*.ts'], rules: { 'no-restricted-imports': ['error', upper('dlls', 'system', 'cli')] } },
  { files: ['emulator/system/**/*.ts', 'emulator/index.ts', 'emulator/testing.ts'], rules: { 'no-restricted-imports': ['error', upper('cli')] } },
);
