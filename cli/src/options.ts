/**
 * Every option of the `louyu` command is declared once here: its flag, its `LOUYU_*` environment
 * variable, how its text is parsed and checked, and its default. A bad value stops start-up with a
 * `ConfigError` that names the option, so nobody has to guess which setting is wrong. ConfigError comes from
 * @louyu/core: every package reports configuration mistakes with it (code LOUYU_CONFIG).
 */
import { ConfigError } from '@louyu/core/config-error';

export { ConfigError };

export interface OptionSpec<T> {
  /** The long flag without dashes, e.g. `mqtt-port`. */
  flag: string;
  description: string;
  parse: (text: string, option: string) => T;
  default?: T;
}

/** `mqtt-port` -> `LOUYU_MQTT_PORT`: one rule, so docs, docker-compose and the CLI always agree. */
export function envName(flag: string): string {
  return `LOUYU_${flag.toUpperCase().replace(/-/g, '_')}`;
}

export const parsers = {
  port: (text: string, option: string): number => {
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65_535)
      throw new ConfigError(option, `must be a port number 0-65535, got "${text}"`);
    return port;
  },
  positiveInt: (text: string, option: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1)
      throw new ConfigError(option, `must be a whole number of at least 1, got "${text}"`);
    return value;
  },
  positiveNumber: (text: string, option: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || value <= 0)
      throw new ConfigError(option, `must be a number above 0, got "${text}"`);
    return value;
  },
  bytes: (text: string, option: string): number => {
    const match = /^(\d+(?:\.\d+)?)\s*(k|m|g)?i?b?$/i.exec(text.trim());
    if (!match) throw new ConfigError(option, `must be a size such as 512MiB or 2GiB, got "${text}"`);
    const unit =
      { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
    return Math.round(Number(match[1]) * unit);
  },
  url: (protocols: readonly string[]) => {
    return (text: string, option: string): string => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new ConfigError(option, `must be a URL (${protocols.join(', ')}), got "${text}"`);
      }
      if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
        throw new ConfigError(option, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
      }
      return text;
    };
  },
  text: (text: string, option: string): string => {
    if (text.trim() === '') throw new ConfigError(option, 'must not be empty');
    return text;
  },
  boolean: (text: string, option: string): boolean => {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    throw new ConfigError(option, `must be true or false, got "${text}"`);
  },
  oneOf: <T extends string>(values: readonly T[]) => {
    return (text: string, option: string): T => {
      if (!(values as readonly string[]).includes(text))
        throw new ConfigError(option, `must be one of ${values.join(', ')}, got "${text}"`);
      return text as T;
    };
  },
};

/**
 * Resolves one option: the flag wins over the environment, the environment over the default.
 * `given` is what commander collected (strings, or `true` for a bare boolean flag).
 */
export function resolveOption<T>(spec: OptionSpec<T>, given: unknown, env: NodeJS.ProcessEnv): T | undefined {
  if (given === true) return spec.parse('true', `--${spec.flag}`);
  if (given === false) return spec.parse('false', `--no-${spec.flag}`);
  if (typeof given === 'string') return spec.parse(given, `--${spec.flag}`);
  const fromEnv = env[envName(spec.flag)];
  if (fromEnv !== undefined && fromEnv !== '') return spec.parse(fromEnv, envName(spec.flag));
  return spec.default;
}
