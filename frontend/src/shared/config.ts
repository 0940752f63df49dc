// Readers for the values the template tags render into data-* attributes: a broken or missing
// attribute yields the documented default, never NaN or an unknown mode.

/** A finite number > 0, else `fallback` (`data-poll-interval`, `data-max-size`, ...). */
export function positiveNumber(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

/** A boolean attribute: present (any value but "false") is true (`data-notify`). */
export function flag(value: string | undefined): boolean {
  return value !== undefined && value !== "false";
}

/** `value` when it is one of `choices`, else `fallback` (`data-mode`). */
export function choice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  return choices.find((known) => known === value) ?? fallback;
}
