// Byte sizes for people, in one convention for both elements and the server's messages: SI
// decimal units (1 kB = 1000 bytes, 1 MB = 1000 kB), never binary KiB/MiB and never the two
// mixed. The symbols and the number's form are the locale's (`Intl`: "1.5 MB", "1,5 Mo");
// `django_dlwidget/uploads/sizes.py` writes the same figures on the server.

/** The `Intl` units, one per power of 1000. */
export const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

export type ByteUnit = (typeof BYTE_UNITS)[number];

/** Fraction digits shown: whole bytes, one decimal above. */
function digitsFor(unit: number): number {
  return unit === 0 ? 0 : 1;
}

function rounded(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * `bytes` as a value and its unit: the largest unit that keeps the value at or above 1, moving
 * up once more when rounding would show 1000 (999 950 bytes is "1 MB", not "1000 kB").
 */
export function scaleBytes(bytes: number): { value: number; unit: ByteUnit } {
  let value = Math.max(0, Number.isFinite(bytes) ? bytes : 0);
  let unit = 0;
  while (unit < BYTE_UNITS.length - 1 && rounded(value, digitsFor(unit)) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return { value: rounded(value, digitsFor(unit)), unit: BYTE_UNITS[unit] ?? "byte" };
}

/** "200 byte", "1.5 kB", "30 MB" (in `lang`, else the browser's language). */
export function formatBytes(bytes: number, lang?: string): string {
  const { value, unit } = scaleBytes(bytes);
  return new Intl.NumberFormat(lang, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: digitsFor(BYTE_UNITS.indexOf(unit)),
  }).format(value);
}
