#!/usr/bin/env node
// The `reprise` command: runs the CLI built by `npm run build` (out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('reprise: not built yet. Run `npm run build` in the Reprise folder first.\n');
  process.exit(1);
}
const argv = process.argv.slice(2);
// `analyze` opens no data folder: its own entry starts without loading the core, the hub or the
// document writers. The first word that is not an option (or an option's value) names the command.
const words = argv.filter((word, i) => !word.startsWith('-') && argv[i - 1] !== '--data-dir');
const analyzeCli = fileURLToPath(new URL('../out/main/analyze-cli.js', import.meta.url));
if (words[0] === 'analyze' && existsSync(analyzeCli)) {
  const { runAnalyzeCli } = await import(pathToFileURL(analyzeCli).href);
  process.exitCode = await runAnalyzeCli(argv);
} else {
  const { runCli } = await import(pathToFileURL(cli).href);
  process.exitCode = await runCli(argv);
}
