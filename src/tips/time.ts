/**
 * Wall-clock arithmetic in IANA time zones, on top of Intl only. A tip slot is a local date plus a
 * local "HH:MM"; this file turns that into one instant, including on DST change days.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A local calendar date as "YYYY-MM-DD". */
export type LocalDate = string;

/** Wall-clock reading of an instant in a zone. */
export interface ZonedParts {
  date: LocalDate;
  /** "HH:MM", 24-hour. */
  time: string;
  /** The wall-clock reading as if it were UTC, in ms (seconds included, milliseconds dropped). */
  wall: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function resolveZone(timezone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * A known IANA zone in its usual spelling ("asia/shanghai" → "Asia/Shanghai"), or null. Current
 * names are kept even where this Node's ICU prefers an older alias (Asia/Kolkata, not Asia/Calcutta).
 */
export function canonicalZone(timezone: string): string | null {
  if (!timezone || timezone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timezone)) return null;
  const resolved = resolveZone(timezone);
  if (!resolved) return null;
  if (resolved.toLowerCase() === timezone.toLowerCase()) return resolved;
  if (timezone !== timezone.toLowerCase()) return timezone;
  const titled = timezone
    .split('/')
    .map((part) => part.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('_'))
    .join('/');
  return resolveZone(titled) === resolved ? titled : resolved;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Reads the wall clock of `instant` (ms) in `timezone`. */
export function zonedParts(instant: number, timezone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return {
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    time: `${pad(hour)}:${pad(minute)}`,
    wall: Date.UTC(year, month - 1, day, hour, minute, second),
  };
}

/** The zone's UTC offset at `instant`, in ms (east positive). */
function offsetAt(instant: number, timezone: string): number {
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return zonedParts(whole, timezone).wall - whole;
}

function wallOf(date: LocalDate, time: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm);
}

/**
 * The instant a daily slot falls on for one local date: the earliest instant whose local date is
 * `date` and whose wall clock reads `time` or later.
 * - Ordinary day: that wall time.
 * - Spring forward (the wall time does not exist, e.g. 02:30 when clocks jump 02:00 → 03:00): the
 *   first instant after the gap (03:00 local).
 * - Fall back (the wall time happens twice): the first occurrence.
 * A gap that runs past midnight (America/Nuuk moves 23:00 → 00:00 in 2026) has no later instant on
 * that date: the result is then the first instant of the next date, which the scheduler treats as
 * "no slot that day", as croner does.
 */
export function slotInstant(date: LocalDate, time: string, timezone: string): number {
  const target = wallOf(date, time);
  const offsets = [...new Set([-DAY, -12 * HOUR, 0, 12 * HOUR, DAY].map((d) => offsetAt(target + d, timezone)))];
  const exact = offsets.map((o) => target - o).filter((x) => zonedParts(x, timezone).wall === target);
  if (exact.length) return Math.min(...exact);
  // In a gap: the wall clock jumps over `target` at a transition between these bounds.
  let lo = target - Math.max(...offsets);
  let hi = target - Math.min(...offsets);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (zonedParts(mid, timezone).wall >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The calendar date `days` after `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a local date: a stable day number for date-based picks. */
export function dayNumber(date: LocalDate): number {
  return Math.round(wallOf(date, '00:00') / DAY);
}

/** "HH:MM" on `instant` in `timezone`, with the date when it is not `today`. For logs and the CLI. */
export function describeLocal(instant: number, timezone: string, today?: LocalDate): string {
  const p = zonedParts(instant, timezone);
  return today === p.date ? p.time : `${p.date} ${p.time}`;
}
