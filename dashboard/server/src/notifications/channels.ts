import type { ChannelRecord } from './db.ts';
import type { ChannelConfig, ChannelInput, ChannelView } from './model.ts';

/** The secret settings of a channel: never returned in full by the API. */
const SECRET_FIELDS = ['secret', 'password'] as const;
/** What a masked value starts with; a masked value sent back on update keeps the stored secret. */
export const MASK = '****';

/** A sentence saying what is wrong with a channel's settings for its kind, or undefined when they are right. */
export function channelProblem(input: ChannelInput): string | undefined {
  const c = input.config;
  const httpUrl = (what: string, host?: RegExp): string | undefined => {
    if (!c.url) return `config.url is required: ${what}`;
    let url: URL;
    try {
      url = new URL(c.url);
    } catch {
      return `config.url "${c.url.slice(0, 60)}" is not a URL`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return 'config.url must be http:// or https://';
    if (host && !host.test(url.search)) return `config.url must carry ${what}`;
    return undefined;
  };
  switch (input.kind) {
    case 'webhook':
      return httpUrl('the address Louyu posts JSON to');
    case 'wecom':
      return httpUrl('the robot key (…/cgi-bin/webhook/send?key=…)', /[?&]key=[^&]+/);
    case 'dingtalk':
      return (
        httpUrl('the robot access token (…/robot/send?access_token=…)', /[?&]access_token=[^&]+/) ??
        (c.secret ? undefined : 'config.secret is required: the robot signing secret (加签, SEC…)')
      );
    case 'email':
      if (!c.host) return 'config.host is required: the SMTP server';
      if (!c.from || !/^[^@\s]+@[^@\s]+$/.test(c.from.replace(/^.*<(.*)>$/, '$1')))
        return 'config.from is required: the sender address';
      if (!c.to?.length) return 'config.to is required: at least one recipient';
      for (const to of c.to)
        if (!/^[^@\s]+@[^@\s]+$/.test(to)) return `config.to: "${to}" is not an e-mail address`;
      return undefined;
  }
}

/** The settings to store: a masked or missing secret keeps the one stored before (an edit without retyping it). */
export function mergeSecrets(input: ChannelConfig, stored: ChannelConfig | undefined): ChannelConfig {
  const merged: ChannelConfig = { ...input };
  for (const field of SECRET_FIELDS) {
    const given = input[field];
    if ((given === undefined || given.startsWith(MASK)) && stored?.[field] !== undefined)
      merged[field] = stored[field];
    else if (given?.startsWith(MASK)) delete merged[field];
  }
  // The robot key / token in a URL is a secret too.
  if (input.url?.includes(MASK) && stored?.url !== undefined) merged.url = stored.url;
  return merged;
}

function mask(value: string): string {
  return `${MASK}${value.length > 8 ? value.slice(-4) : ''}`;
}

/** The channel as the API shows it: secrets and the URL's key or token masked. */
export function channelView(channel: ChannelRecord): ChannelView {
  const config: ChannelConfig = { ...channel.config };
  for (const field of SECRET_FIELDS) {
    const value = config[field];
    if (value !== undefined) config[field] = mask(value);
  }
  if (config.url) {
    try {
      const url = new URL(config.url);
      for (const key of ['key', 'access_token', 'token', 'sign'])
        if (url.searchParams.has(key)) url.searchParams.set(key, mask(url.searchParams.get(key)!));
      config.url = url.toString().replaceAll('%2A', '*');
    } catch {
      config.url = MASK;
    }
  }
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    owner: channel.owner,
    rate_per_minute: channel.rate_per_minute,
    config,
  };
}
