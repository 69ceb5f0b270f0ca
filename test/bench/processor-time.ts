import fs from 'node:fs';

const ticksPerSecond = 100;

/**
 * Processor time in ms of this process and of the children it has waited for (an ffmpeg, an
 * openssl run with execFileSync or awaited), or null where /proc is missing (not Linux). Other work
 * on a shared machine moves it far less than wall time.
 */
export function processorMs(): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command's name: cutime and cstime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const children = ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  const own = process.cpuUsage();
  return children + (own.user + own.system) / 1000;
}

export const seconds = (ms: number | null) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
