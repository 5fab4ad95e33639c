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

/** Parts straight from the formatter: the slow, always-right path. */
function formatterParts(ts: number, timeZone: string): LocalParts {
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

function formatterOffset(ts: number, timeZone: string): number {
  const p = formatterParts(ts, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // The formatter drops milliseconds; compare against the instant floored to the second.
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

// formatToParts costs ~20 us here and the simulators ask for local time on every message, so the zone's
// offset is cached per 15-minute slice of UTC time (zone offsets are whole multiples of 15 min, and no zone
// changes offset twice in 15 min). A slice whose two ends disagree holds a transition: it is marked NaN
// and its instants take the formatter path. Each zone's cache is dropped when it grows past its bound.
const SLICE_MS = 15 * 60_000;
const MAX_SLICES_PER_ZONE = 50_000;
const offsetSlices = new Map<string, Map<number, number>>();

function cachedOffset(ts: number, timeZone: string): number | null {
  const slice = Math.floor(ts / SLICE_MS);
  let zone = offsetSlices.get(timeZone);
  if (zone === undefined) offsetSlices.set(timeZone, (zone = new Map<number, number>()));
  let offset = zone.get(slice);
  if (offset === undefined) {
    const start = slice * SLICE_MS;
    const first = formatterOffset(start, timeZone);
    offset = first === formatterOffset(start + SLICE_MS - 1, timeZone) ? first : Number.NaN;
    if (zone.size >= MAX_SLICES_PER_ZONE) zone.clear();
    zone.set(slice, offset);
  }
  return Number.isNaN(offset) ? null : offset;
}

/** The wall-clock parts of UTC instant `ts` (ms) in `timeZone`. */
export function localParts(ts: number, timeZone: string): LocalParts {
  if (!Number.isFinite(ts)) throw new RangeError(`timestamp must be a finite number of ms, got ${ts}`);
  const offset = cachedOffset(ts, timeZone);
  if (offset === null) return formatterParts(ts, timeZone);
  const d = new Date(ts + offset);
  const weekday = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: weekday === 0 ? 7 : weekday,
  };
}

/** How far `timeZone` is ahead of UTC at instant `ts`, in ms (Asia/Shanghai: 8 h). */
export function zoneOffsetMs(ts: number, timeZone: string): number {
  if (!Number.isFinite(ts)) throw new RangeError(`timestamp must be a finite number of ms, got ${ts}`);
  return cachedOffset(ts, timeZone) ?? formatterOffset(ts, timeZone);
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
