import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __REPRISE_VERSION__: JSON.stringify(version) };

export default defineConfig({
  main: {
    define,
    build: {
      // zod goes into the bundle: loaded from node_modules it is some 80 modules that every CLI
      // command resolves and links at start (about 80 ms of processor of `reprise --help`'s 330).
      externalizeDeps: { exclude: ['zod'] },
      rolldownOptions: {
        // The Electron entry and the CLI/browser host are built together: both wrap the same core.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/host/cli.ts'),
          // `analyze` needs no core: its own entry starts without loading it.
          'analyze-cli': resolve(__dirname, 'src/host/analyze-cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    define,
    plugins: [react()],
    build: {
      minify: true,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
