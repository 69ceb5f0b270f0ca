import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type * as Tus from 'tus-js-client';

/**
 * Bytes per read of a take's file while it goes up, and per write to the hub's socket. tus-js-client
 * reads a file in Node's 64 kB stream chunks, each in a new Buffer, and passes each through a
 * progress stream of its own to the request: a read, a few stream hops and a socket write per 64 kB,
 * and 70 MB of Buffers for the garbage collector per 70 MB take. Sending a 70 MB take that way took
 * the desktop's side 321 to 544 ms of processor time, and 37 to 129 ms with `takeUpload` (medians in
 * five runs of `npm run bench`, test/bench/hub.bench.ts, side by side with
 * REPRISE_BENCH_A_LIBRARY_SOURCE=1).
 */
export const takeReadBytes = 1024 * 1024;

/** One PATCH's body as `takeUpload`'s reader hands it to its HTTP stack: a range of the take's file. */
interface TakeRange {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** The body's length, where tus-js-client reads it (the request's Content-Length). */
  readonly size: number;
}

const isTakeRange = (body: unknown): body is TakeRange => typeof body === 'object' && body !== null && 'file' in body && 'start' in body && 'end' in body;

/**
 * What tus.Upload needs to send a take on disk cheaply, the tus protocol (creation, offsets, resume
 * from the hub's offset, retries, the stored upload address) left to the library: its input (the
 * path), a reader that answers each chunk as a range of the file, and an HTTP stack that writes such
 * a range to the request from two reused Buffers, reading the next while the last is written, so a
 * chunk costs two allocations whatever its size and no Buffer is copied on the way to the socket.
 */
export function takeUpload(file: string, size: number): { input: Blob; fileReader: Tus.FileReader; httpStack: Tus.HttpStack } {
  return {
    // Only the reader below reads the input.
    input: { path: file } as unknown as Blob,
    fileReader: {
      openFile: async () => ({
        size,
        slice: async (start: number, end: number) => {
          const last = Math.min(end, size);
          const range: TakeRange = { file, start, end: Math.max(start, last), size: Math.max(0, last - start) };
          return { value: range, done: last >= size };
        },
        close: () => undefined,
      }),
    },
    httpStack: { createRequest: (method, url) => new TakeRequest(method, url), getName: () => 'TakeHttpStack' },
  };
}

class TakeRequest implements Tus.HttpRequest {
  private readonly headers: Record<string, string> = {};
  private progress: (bytesSent: number) => void = () => undefined;
  private request: http.ClientRequest | null = null;

  constructor(
    private readonly method: string,
    private readonly url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }

  getURL(): string {
    return this.url;
  }

  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }

  getHeader(header: string): string | undefined {
    return this.headers[header];
  }

  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.progress = handler;
  }

  send(body: unknown): Promise<Tus.HttpResponse> {
    const range = isTakeRange(body) ? body : null;
    if (body != null && !range) return Promise.reject(new Error('A take goes up only as a range of its file.'));
    return new Promise((resolve, reject) => {
      const url = new URL(this.url);
      const headers: Record<string, string | number> = { ...this.headers };
      if (range) headers['Content-Length'] = range.size;
      const request = (url.protocol === 'https:' ? https : http).request(url, { method: this.method, headers });
      this.request = request;
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(new TakeResponse(response, Buffer.concat(chunks).toString('utf8'))));
        response.on('error', reject);
      });
      request.on('error', reject);
      if (!range || range.size === 0) request.end();
      // A read or write that fails destroys the request, which rejects through its 'error'.
      else writeRange(request, range, this.progress).catch((error: Error) => request.destroy(error));
    });
  }

  abort(): Promise<void> {
    this.request?.destroy();
    return Promise.resolve();
  }

  getUnderlyingObject(): unknown {
    return this.request;
  }
}

class TakeResponse implements Tus.HttpResponse {
  constructor(
    private readonly response: http.IncomingMessage,
    private readonly body: string,
  ) {}

  getStatus(): number {
    return this.response.statusCode ?? 0;
  }

  getHeader(header: string): string | undefined {
    const value = this.response.headers[header.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  getBody(): string {
    return this.body;
  }

  getUnderlyingObject(): unknown {
    return this.response;
  }
}

/** How often the progress of one request is told (the desktop writes it to its database and shows it). */
const progressEveryMs = 100;

/**
 * Writes a range of the file to the request: two Buffers in turn, the next read while the last is
 * written; a Buffer is read into again only once the socket has taken it (its write's callback).
 */
async function writeRange(request: http.ClientRequest, range: TakeRange, progress: (bytesSent: number) => void): Promise<void> {
  // A request cut off (aborted, the connection dropped) may never call back a write under way.
  const gone = new Promise<void>((resolve) => request.once('close', resolve));
  const handle = await fs.promises.open(range.file, 'r');
  try {
    const length = Math.min(takeReadBytes, range.size);
    const buffers = [Buffer.allocUnsafe(length), Buffer.allocUnsafe(length)];
    const written: (Promise<void> | null)[] = [null, null];
    let position = range.start;
    let turn = 0;
    let told = 0;
    while (position < range.end) {
      await Promise.race([written[turn], gone]);
      if (request.destroyed) return;
      const buffer = buffers[turn]!;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, range.end - position), position);
      if (bytesRead === 0) throw new Error('The take is shorter on disk than it was when finished.');
      position += bytesRead;
      const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      const write = new Promise<void>((resolve, reject) => request.write(chunk, (error) => (error ? reject(error) : resolve())));
      // Failed while the other Buffer is awaited: the request's own 'error' tells; this one is awaited later or not at all.
      write.catch(() => undefined);
      written[turn] = write;
      turn ^= 1;
      const now = performance.now();
      if (now - told >= progressEveryMs) {
        told = now;
        progress(position - range.start);
      }
    }
    await Promise.race([Promise.all(written), gone]);
    if (!request.destroyed) request.end();
  } finally {
    await handle.close();
  }
}
