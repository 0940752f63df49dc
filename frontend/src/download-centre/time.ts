// "5 minutes ago" through Intl.RelativeTimeFormat in the page's language.

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

export function relativeTime(iso: string, now: number, lang?: string): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, "second"); // "now"
}

/**
 * A clock time for a moment today ("14:05"), else a short date and time, in the page's language;
 * `precise` adds the seconds.
 */
export function clockTime(iso: string, now: number, lang?: string, precise = false): string {
  const when = new Date(iso);
  const today = new Date(now).toDateString() === when.toDateString();
  const timeStyle = precise ? "medium" : "short";
  const options: Intl.DateTimeFormatOptions = today
    ? { timeStyle }
    : { dateStyle: "medium", timeStyle };
  return new Intl.DateTimeFormat(lang, options).format(when);
}

function unit(value: number, name: "second" | "minute" | "hour", lang?: string): string {
  return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "short" }).format(
    value,
  );
}

/** A short duration: "40 sec", "3 min", "1 hr 5 min" (rounded up to what is shown). */
export function duration(seconds: number, lang?: string): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) {
    return unit(s, "second", lang);
  }
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) {
    return unit(minutes, "minute", lang);
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest
    ? `${unit(hours, "hour", lang)} ${unit(rest, "minute", lang)}`
    : unit(hours, "hour", lang);
}
