/** A moment's wall-clock reading in one time zone. `weekday` is ISO: 1 = Monday ... 7 = Sunday. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// Building an Intl.DateTimeFormat costs far more than using one; the simulators ask for local parts on
// every message, so keep one formatter per zone for the life of the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as Asia/Shanghai)`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError naming the zone when it is not a time zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock parts of UTC instant `ts` (ms) in `timeZone`. */
export function localParts(ts: number, timeZone: string): LocalParts {
  if (!Number.isFinite(ts)) throw new RangeError(`timestamp must be a finite number of ms, got ${ts}`);
  const parts: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ts)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        parts[part.type] = Number(part.value);
        break;
      case 'weekday':
        parts.weekday = WEEKDAYS[part.value] ?? 0;
        break;
      default:
        break;
    }
  }
  return parts;
}

/** How far `timeZone` is ahead of UTC at instant `ts`, in ms (Asia/Shanghai: 8 h). */
export function zoneOffsetMs(ts: number, timeZone: string): number {
  const p = localParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // The formatter drops milliseconds; compare against the instant floored to the second.
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

/**
 * The UTC instant (ms) at which `timeZone`'s clock shows the given wall time. For a wall time that a
 * daylight-saving jump skips or repeats, the result is one of the candidate instants (China has none).
 */
export function wallTimeToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offset at the naive guess may differ from the offset at the answer across a zone change;
  // one correction step lands on the instant whose own offset agrees.
  const firstTry = guess - zoneOffsetMs(guess, timeZone);
  return guess - zoneOffsetMs(firstTry, timeZone);
}
