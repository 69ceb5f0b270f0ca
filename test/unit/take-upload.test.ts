import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterEach, describe, expect, it } from 'vitest';
import { takeReadBytes, takeUpload } from '../../src/core/hub/take-upload';

/**
 * A tus server of the smallest kind: one upload at a time, its bytes kept in memory. `cutAt` drops
 * the connection of the first PATCH that reaches that many bytes of the upload, as a dropped
 * network or a killed hub would.
 */
function tinyTus(cutAt: number | null = null) {
  const state = { received: Buffer.alloc(0), length: 0, patches: 0, cut: false };
  const server = http.createServer((req, res) => {
    const tusHeaders = { 'Tus-Resumable': '1.0.0' };
    if (req.method === 'POST') {
      state.received = Buffer.alloc(0);
      state.length = Number(req.headers['upload-length']);
      res.writeHead(201, { ...tusHeaders, Location: '/uploads/one' });
      return void res.end();
    }
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...tusHeaders, 'Upload-Offset': String(state.received.length), 'Upload-Length': String(state.length), 'Cache-Control': 'no-store' });
      return void res.end();
    }
    state.patches++;
    if (Number(req.headers['upload-offset']) !== state.received.length) {
      res.writeHead(409, tusHeaders);
      return void res.end();
    }
    req.on('data', (chunk: Buffer) => {
      state.received = Buffer.concat([state.received, chunk]);
      if (cutAt !== null && !state.cut && state.received.length >= cutAt) {
        state.cut = true;
        req.socket.destroy();
      }
    });
    req.on('end', () => {
      res.writeHead(204, { ...tusHeaders, 'Upload-Offset': String(state.received.length) });
      res.end();
    });
  });
  return { server, state };
}

const dirs: string[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function takeFile(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-take-upload-'));
  dirs.push(dir);
  const file = path.join(dir, 'take.mkv');
  fs.writeFileSync(file, bytes);
  return file;
}

function send(url: string, file: string, size: number, chunkSize: number): Promise<{ progress: number[] }> {
  const progress: number[] = [];
  const { input, fileReader, httpStack } = takeUpload(file, size);
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(input, {
      endpoint: `${url}/uploads/`,
      fileReader,
      httpStack,
      chunkSize,
      uploadSize: size,
      retryDelays: [0, 10],
      onProgress: (sent) => progress.push(sent),
      onSuccess: () => resolve({ progress }),
      onError: reject,
    });
    upload.start();
  });
}

/** How many times this process has the file open (Linux), or null where that cannot be seen. */
function openCount(file: string): number | null {
  if (!fs.existsSync('/proc/self/fd')) return null;
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) === file) count++;
    } catch {
      // Closed while listed.
    }
  }
  return count;
}

describe('a take sent by the desktop with tus (its file read into reused Buffers)', () => {
  it('sends every byte in order, over several chunks and reads that do not divide them', async () => {
    const bytes = randomBytes(3 * takeReadBytes + 12_345);
    const file = takeFile(bytes);
    const { server, state } = tinyTus();
    const url = await listen(server);
    const { progress } = await send(url, file, bytes.length, takeReadBytes + 7);
    expect(state.patches).toBe(4);
    expect(createHash('sha256').update(state.received).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('goes on from the hub\'s offset after the connection drops mid-chunk, and leaves no file open', async () => {
    const bytes = randomBytes(2 * takeReadBytes + 999);
    const file = takeFile(bytes);
    const { server, state } = tinyTus(takeReadBytes + 5);
    const url = await listen(server);
    await send(url, file, bytes.length, bytes.length);
    expect(state.cut).toBe(true);
    expect(state.received.equals(bytes)).toBe(true);
    // The cut request's read of the file ends and closes it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openCount(fs.realpathSync(file)) ?? 0).toBe(0);
  });

  it('fails, rather than waiting, when the file on disk is shorter than the take it was', async () => {
    const bytes = randomBytes(1000);
    const file = takeFile(bytes);
    const { server } = tinyTus();
    const url = await listen(server);
    await expect(send(url, file, 2000, 4000)).rejects.toThrow(/shorter/);
  });
});
