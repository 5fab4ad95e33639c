// A real SMTP server for tests: Debian's python3-aiosmtpd, `python3 -m aiosmtpd -n` on a free loopback port.
// Its default handler prints every message it receives to stdout, which is what the test reads.
import { freePort, portOpen, spawnServer, type ServerProcess } from './spawn-server.ts';

export interface SmtpServer {
  port: number;
  /** Everything the server printed: the received messages, headers and bodies. */
  output(): string;
  stop(): Promise<void>;
}

/** The system python, where apt installs python3-aiosmtpd (not a pyenv or venv one on PATH). */
const PYTHON = '/usr/bin/python3';

export async function startSmtp(): Promise<SmtpServer> {
  const port = await freePort();
  const server: ServerProcess = await spawnServer({
    name: 'aiosmtpd',
    command: PYTHON,
    // -u: unbuffered, so a received message shows up in the output at once.
    args: ['-u', '-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`],
    ready: () => portOpen(port),
  });
  return { port, output: () => server.output(), stop: () => server.stop() };
}
