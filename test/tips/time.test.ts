import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, canonicalZone, dayNumber, describeLocal, slotInstant, zonedParts } from '../../src/tips/time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedParts', () => {
  it('reads the wall clock in a zone', () => {
    const at = Date.parse('2026-03-08T23:30:00Z');
    expect(zonedParts(at, 'Asia/Shanghai')).toMatchObject({ date: '2026-03-09', time: '07:30' });
    expect(zonedParts(at, 'America/New_York')).toMatchObject({ date: '2026-03-08', time: '19:30' });
    expect(zonedParts(at, 'UTC')).toMatchObject({ date: '2026-03-08', time: '23:30' });
  });

  it('shows midnight as 00, not 24', () => {
    expect(zonedParts(Date.parse('2026-01-01T16:00:00Z'), 'Asia/Shanghai').time).toBe('00:00');
  });
});

describe('slotInstant', () => {
  it('places an ordinary slot at the local wall time', () => {
    expect(iso(slotInstant('2026-05-04', '09:00', 'Asia/Shanghai'))).toBe('2026-05-04T01:00:00.000Z');
    expect(iso(slotInstant('2026-05-04', '09:00', 'America/New_York'))).toBe('2026-05-04T13:00:00.000Z');
    expect(iso(slotInstant('2026-01-15', '09:00', 'America/New_York'))).toBe('2026-01-15T14:00:00.000Z');
    expect(iso(slotInstant('2026-05-04', '23:59', 'Asia/Kolkata'))).toBe('2026-05-04T18:29:00.000Z');
  });

  it('moves a slot inside a spring-forward gap to the first instant after it', () => {
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
    expect(iso(slotInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(slotInstant('2026-03-08', '02:00', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(slotInstant('2026-03-08', '03:00', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(slotInstant('2026-03-08', '01:59', 'America/New_York'))).toBe('2026-03-08T06:59:00.000Z');
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z).
    expect(iso(slotInstant('2026-03-29', '02:15', 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first of the two occurrences on a fall-back day', () => {
    // New York 2026-11-01: 01:00–01:59 happens at EDT (05:xxZ) and again at EST (06:xxZ).
    expect(iso(slotInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(slotInstant('2026-11-01', '02:00', 'America/New_York'))).toBe('2026-11-01T07:00:00.000Z');
    // Berlin 2026-10-25: 02:00–02:59 happens twice.
    expect(iso(slotInstant('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('handles a midnight gap (Santiago starts DST at 00:00) and a 30-minute shift (Lord Howe)', () => {
    // Chile 2026-09-06: 00:00 -04 jumps to 01:00 -03.
    expect(iso(slotInstant('2026-09-06', '00:00', 'America/Santiago'))).toBe('2026-09-06T04:00:00.000Z');
    expect(zonedParts(slotInstant('2026-09-06', '00:30', 'America/Santiago'), 'America/Santiago').time).toBe('01:00');
    // Lord Howe 2026-10-04: 02:00 +10:30 jumps to 02:30 +11.
    expect(zonedParts(slotInstant('2026-10-04', '02:10', 'Australia/Lord_Howe'), 'Australia/Lord_Howe').time).toBe('02:30');
  });

  const ZONES = [
    'UTC', 'Asia/Shanghai', 'America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Europe/London',
    'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns',
  ];

  it('agrees with croner on any day, time and zone, DST days included', () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(...ZONES), (date, h, m, zone) => {
        const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const startOfDay = slotInstant(date, '00:00', zone);
        const cron = new Cron(`${m} ${h} * * *`, { timezone: zone, paused: true });
        expect(slotInstant(date, time, zone)).toBe(cron.nextRun(new Date(startOfDay - 1000))!.getTime());
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with croner at every 10 minutes of the DST change days of 2026', () => {
    const days: [string, string][] = [
      ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'],
      ['Europe/Berlin', '2026-03-29'], ['Europe/Berlin', '2026-10-25'],
      ['Australia/Sydney', '2026-04-05'], ['Australia/Sydney', '2026-10-04'],
    ];
    for (const [zone, date] of days) {
      const startOfDay = slotInstant(date, '00:00', zone);
      for (let minutes = 0; minutes < 24 * 60; minutes += 10) {
        const [h, m] = [Math.floor(minutes / 60), minutes % 60];
        const cron = new Cron(`${m} ${h} * * *`, { timezone: zone, paused: true });
        const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        expect(slotInstant(date, time, zone), `${zone} ${date} ${time}`).toBe(cron.nextRun(new Date(startOfDay - 1000))!.getTime());
      }
    }
  });

  it('always lands on or after the wall time, on the asked date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 1439 }), fc.constantFrom(...ZONES), (n, minutes, zone) => {
        const date = addDays('2025-06-01', n);
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const parts = zonedParts(slotInstant(date, time, zone), zone);
        expect(parts.date).toBe(date);
        expect(parts.time >= time).toBe(true);
      }),
      { numRuns: 800 },
    );
  });
});

describe('calendar helpers', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('numbers days from the epoch', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-03-09') - dayNumber('2026-03-08')).toBe(1);
  });

  it('describes an instant locally, with the date only when it is not today', () => {
    const at = Date.parse('2026-05-04T01:00:00Z');
    expect(describeLocal(at, 'Asia/Shanghai', '2026-05-04')).toBe('09:00');
    expect(describeLocal(at, 'Asia/Shanghai', '2026-05-03')).toBe('2026-05-04 09:00');
  });
});

describe('canonicalZone', () => {
  it('accepts IANA names in any case and returns the canonical spelling', () => {
    expect(canonicalZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(canonicalZone('UTC')).toBe('UTC');
    expect(canonicalZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  });

  it('refuses unknown names, offsets, empty, huge and binary input', () => {
    for (const bad of ['Mars/Olympus', '+08:00', '', 'x'.repeat(10_000), 'Asia/\u0000Shanghai', '../../etc/passwd', 'Asia Shanghai']) {
      expect(canonicalZone(bad)).toBeNull();
    }
  });
});

describe('canonicalZone keeps current names', () => {
  it('does not swap a current name for the older alias ICU prefers', () => {
    expect(canonicalZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('asia/kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZone('america/argentina/buenos_aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalZone('america/new_york')).toBe('America/New_York');
  });
});
