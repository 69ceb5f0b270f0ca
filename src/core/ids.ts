import { randomFillSync } from 'node:crypto';

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Random bytes drawn a few kilobytes at a time: one call into the system's generator per id made
// a batch of 150,000 ids (a year of sessions for a large team) spend most of its time there.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
function randomByte(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

// The 74 bits after the time, as three numbers: 12, 30 and 32 bits.
let lastMs = -1;
let a = 0;
let b = 0;
let c = 0;

/**
 * UUID version 7: time-ordered, so ids sort by creation without a separate column. Ids made in the
 * same millisecond continue from the one before with a random step (RFC 9562, section 6.2, method 2),
 * so they still sort in the order they were made: a batch of rows then goes into its indexes in
 * order, at the end, instead of at random places all over them.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now === lastMs) {
    // A step of 1 to 2^24 keeps the next id hard to guess and leaves room for billions per millisecond.
    c += 1 + (randomByte() | (randomByte() << 8) | (randomByte() << 16));
    if (c >= 0x1_0000_0000) {
      c -= 0x1_0000_0000;
      if (++b >= 0x4000_0000) {
        b = 0;
        if (++a >= 0x1000) {
          // Out of room in this millisecond (never in practice): move on to the next.
          lastMs++;
          a = randomByte() & 0x7ff;
        }
      }
    }
  } else {
    lastMs = now;
    // The top bit of the counter starts at 0, so a millisecond has room for at least 2^73 steps.
    a = ((randomByte() << 8) | randomByte()) & 0x7ff;
    b = ((randomByte() << 24) | (randomByte() << 16) | (randomByte() << 8) | randomByte()) & 0x3fff_ffff;
    c = ((randomByte() << 24) | (randomByte() << 16) | (randomByte() << 8) | randomByte()) >>> 0;
  }
  const ms = lastMs;
  const high = Math.floor(ms / 0x1_0000_0000);
  const low = ms >>> 0;
  return (
    hex[(high >>> 8) & 0xff]! +
    hex[high & 0xff]! +
    hex[low >>> 24]! +
    hex[(low >>> 16) & 0xff]! +
    '-' +
    hex[(low >>> 8) & 0xff]! +
    hex[low & 0xff]! +
    '-' +
    hex[0x70 | (a >>> 8)]! +
    hex[a & 0xff]! +
    '-' +
    hex[0x80 | (b >>> 24)]! +
    hex[(b >>> 16) & 0xff]! +
    '-' +
    hex[(b >>> 8) & 0xff]! +
    hex[b & 0xff]! +
    hex[c >>> 24]! +
    hex[(c >>> 16) & 0xff]! +
    hex[(c >>> 8) & 0xff]! +
    hex[c & 0xff]!
  );
}
