/**
 * Round bounds a person would choose (500 rather than 487.3): suggested limits are read and kept by
 * people, and a round limit also leaves headroom for values not seen yet.
 */
const STEPS = [1, 2, 2.5, 5, 10];

export function niceCeil(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  if (value < 0) return -niceFloor(-value);
  const scale = 10 ** Math.floor(Math.log10(value));
  for (const step of STEPS) if (step * scale >= value * (1 - 1e-12)) return clean(step * scale);
  return clean(10 * scale);
}

export function niceFloor(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  if (value < 0) return -niceCeil(-value);
  const scale = 10 ** Math.floor(Math.log10(value));
  let best = scale;
  for (const step of STEPS) if (step * scale <= value * (1 + 1e-12)) best = step * scale;
  return clean(best);
}

/** 0.1 × 3 is 0.30000000000000004 in floating point; limits must print as typed. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}
