/**
 * A configuration mistake, in any package: a bad or missing option. The message starts with the option as
 * the user spells it (`--mqtt-port: must be a port number 0-65535, got "abc"`, or `LOUYU_MQTT_PORT: ...`
 * when it came from the environment), and `code` is the same everywhere, so the `louyu` command prints it
 * as a configuration error (no stack trace) and exits 2, whichever package found it.
 */
export class ConfigError extends Error {
  readonly code = 'LOUYU_CONFIG';
  constructor(
    /** The option as the user gave it: `--flag` or `LOUYU_*`. */
    readonly option: string,
    problem: string,
  ) {
    super(`${option}: ${problem}`);
    this.name = 'ConfigError';
  }
}
