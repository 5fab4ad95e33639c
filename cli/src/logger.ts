import { pino, type Logger } from 'pino';

/**
 * One structured logger per part. On a terminal the lines are made readable by pino-pretty; in
 * containers and CI they stay JSON for log collectors. Secrets never reach a log line: the parts log
 * metadata only.
 */
export function createLogger(name: string, level: string): Logger {
  const pretty = process.stdout.isTTY && !process.env.LOUYU_LOG_JSON;
  return pino({
    name: `louyu-${name}`,
    level,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } }
      : {}),
  });
}
