import fs from 'node:fs';
import type * as Tus from 'tus-js-client';

/**
 * Bytes per read of a take's file while it goes up. Node's default for a file stream is 64 kB, and
 * tus-js-client's own file source keeps it: every 64 kB then costs a read, a pass through the
 * client's progress stream and a socket write. With 1 MB reads the same Buffers go to the socket
 * sixteen times less often; the desktop's client took a fifth to a half of the processor time it
 * took with the library's source (`npm run bench`, test/bench/hub.bench.ts). Memory stays bounded:
 * the request's body is piped, so at most a read or two wait for the socket.
 */
export const takeReadBytes = 1024 * 1024;

/**
 * tus-js-client's reader for a take on disk. The upload's input is the file's path (see
 * `takeUploadInput`); each chunk the client sends is a read stream of the file's range, handed to
 * the request's body as it is (no copy into one chunk-sized Buffer, as its stream source would
 * make). The client asks for the chunks in order and again from the hub's offset after a failure,
 * so a stream it left unread (a request cut off) is closed when the next is asked for, or when the
 * upload ends.
 */
export function takeFileReader(size: number): Tus.FileReader {
  return {
    openFile: async (input: { path: string }) => {
      let current: fs.ReadStream | null = null;
      const drop = () => {
        if (current && !current.destroyed) current.destroy();
        current = null;
      };
      return {
        size,
        slice: async (start: number, end: number) => {
          drop();
          const last = Math.min(end, size);
          if (last <= start) return { value: Buffer.alloc(0), done: true };
          const stream = fs.createReadStream(input.path, { start, end: last - 1, highWaterMark: takeReadBytes });
          current = stream;
          // The request's Content-Length, as tus-js-client reads it from its own sources.
          Object.assign(stream, { size: last - start });
          return { value: stream, done: last >= size };
        },
        close: drop,
      };
    },
  };
}

/**
 * The input for tus.Upload that `takeFileReader` opens: the path only, so nothing is opened until
 * the first chunk is asked for. Typed as the client's input, which the reader is the only one to read.
 */
export function takeUploadInput(file: string): Blob {
  return { path: file } as unknown as Blob;
}
