// `npm start`: build, then run the desktop app where Electron's binary is available; where it
// is not (it cannot be downloaded on every machine), run the same app in the browser host and
// say so plainly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function electronAvailable() {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  const has = () =>
    process.env.ELECTRON_OVERRIDE_DIST_PATH ||
    (fs.existsSync(pathFile) && fs.existsSync(path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8'))));
  if (has()) return true;
  console.log('Fetching the Electron binary...');
  const attempt = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, stdio: 'ignore', timeout: 180_000 });
  return attempt.status === 0 && Boolean(has());
}

run(bin('electron-vite'), ['build']);

const extra = process.argv.slice(2);
if (electronAvailable()) {
  const child = spawn(bin('electron-vite'), ['preview', '--', ...extra], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    '\nThe Electron binary is not available on this machine (it could not be downloaded), so the desktop\n' +
      'window cannot open. Reprise runs in your browser instead: open the address below. Ctrl+C stops it.\n',
  );
  const port = process.env.PORT ?? '5317';
  const child = spawn(process.execPath, [path.join(root, 'bin', 'reprise.mjs'), 'serve', '--port', port, ...extra], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
