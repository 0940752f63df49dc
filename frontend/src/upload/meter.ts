// Speed and time left from progress samples: a moving average over the last few seconds, so
// one slow or fast chunk does not make the estimate jump.
import { formatBytes } from "../shared/bytes.js";
import { fill, type Strings } from "./strings.js";

export { formatBytes };

const WINDOW_MS = 5000;

export class SpeedMeter {
  #samples: { at: number; bytes: number }[] = [];

  reset(): void {
    this.#samples = [];
  }

  /** Records `bytes` sent at time `at` (ms); returns bytes per second (0 until known). */
  add(at: number, bytes: number): number {
    const samples = this.#samples;
    samples.push({ at, bytes });
    while (samples.length > 2 && at - (samples[0]?.at ?? at) > WINDOW_MS) {
      samples.shift();
    }
    return this.speed();
  }

  speed(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at <= first.at) {
      return 0;
    }
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }
}

export function formatDuration(seconds: number, lang?: string): string {
  const [value, unit] =
    seconds >= 3600
      ? [seconds / 3600, "hour"]
      : seconds >= 60
        ? [seconds / 60, "minute"]
        : [Math.max(1, seconds), "second"];
  return new Intl.NumberFormat(lang, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: 0,
  }).format(Math.ceil(value));
}

/** "3.2 MB of 30 MB" plus, while the speed is known, "4.1 MB/s, 7 s left". */
export function describeProgress(
  strings: Strings,
  sent: number,
  total: number,
  speed: number,
  lang?: string,
): string {
  const done = fill(strings.progress, {
    done: formatBytes(sent, lang),
    total: formatBytes(total, lang),
  });
  if (speed <= 0 || sent >= total) {
    return done;
  }
  const left = formatDuration((total - sent) / speed, lang);
  return `${done} · ${fill(strings.speed, { speed: formatBytes(speed, lang), left })}`;
}
