import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelRecord } from './db.ts';
import { markdown, type Message } from './message.ts';

/** How long one delivery attempt may take before it counts as failed (and is retried). */
const SEND_TIMEOUT_MS = 10_000;

/** The signature header of the generic webhook: HMAC-SHA256 (hex) of `${timestamp}.${body}` with the secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** DingTalk's robot signature: HMAC-SHA256 of `timestamp + "\n" + secret` keyed by the secret, base64. */
export function dingtalkSign(secret: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** Sends one message through one channel; throws with a sentence when the channel refuses or is down. */
export async function send(channel: ChannelRecord, message: Message, now = Date.now()): Promise<void> {
  const c = channel.config;
  switch (channel.kind) {
    case 'webhook': {
      const body = JSON.stringify({
        title: message.title,
        text: message.lines.join('\n'),
        test: message.test,
        transitions: message.transitions,
      });
      const timestamp = String(now);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-louyu-timestamp': timestamp,
      };
      if (c.secret) headers['x-louyu-signature'] = webhookSignature(c.secret, timestamp, body);
      await post(c.url!, body, headers);
      return;
    }
    case 'wecom': {
      // WeCom group robot: markdown content of at most 4,096 bytes.
      const content = truncateBytes(markdown(message), 4000);
      await robotPost(c.url!, { msgtype: 'markdown', markdown: { content } });
      return;
    }
    case 'dingtalk': {
      const url = new URL(c.url!);
      if (c.secret) {
        const timestamp = String(now);
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', dingtalkSign(c.secret, timestamp));
      }
      await robotPost(url.toString(), {
        msgtype: 'markdown',
        markdown: { title: message.title, text: truncateBytes(markdown(message), 18_000) },
      });
      return;
    }
    case 'email': {
      const transport = nodemailer.createTransport({
        host: c.host!,
        port: c.port ?? (c.secure ? 465 : 25),
        secure: c.secure ?? false,
        ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
        connectionTimeout: SEND_TIMEOUT_MS,
        greetingTimeout: SEND_TIMEOUT_MS,
        socketTimeout: SEND_TIMEOUT_MS,
      });
      try {
        await transport.sendMail({
          from: c.from!,
          to: c.to!,
          subject: message.title,
          text: message.lines.join('\n'),
        });
      } finally {
        transport.close();
      }
      return;
    }
  }
}

/** The robots answer 200 with `{ errcode, errmsg }`; anything but errcode 0 is a failure. */
async function robotPost(url: string, payload: unknown): Promise<void> {
  const text = await post(url, JSON.stringify(payload), { 'content-type': 'application/json' });
  let reply: { errcode?: unknown; errmsg?: unknown };
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    throw new Error(`the robot answered something other than JSON: ${text.slice(0, 120)}`);
  }
  if (reply.errcode !== 0)
    throw new Error(`the robot refused: errcode ${String(reply.errcode)} ${String(reply.errmsg)}`);
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    // fetch says only "fetch failed"; the cause (ECONNREFUSED, a timeout) is what an operator needs.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${redactedUrl(url)}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok)
    throw new Error(`HTTP ${response.status} from ${redactedUrl(url)}: ${text.slice(0, 120)}`);
  return text;
}

/** The URL without its query (robot keys and tokens live there), for errors and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(bad URL)';
  }
}

function truncateBytes(text: string, most: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= most) return text;
  // Cut on a character boundary: decoding drops a partial trailing character.
  return `${bytes
    .subarray(0, most - 6)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}\n……`;
}
