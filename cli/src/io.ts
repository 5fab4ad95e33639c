/** Where a stream of the `louyu` command writes: process.stdout/stderr, or a buffer in the tests. */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * The standard output and error of one run of the command. The binary passes the process's own; the
 * tests pass buffers and call `main` in process, without a child process per parse or help check.
 */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}

export const processIo: Io = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
};
