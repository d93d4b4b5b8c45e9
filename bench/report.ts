// Prints one benchmark figure as a line of its own: `BENCH <name> <value> <unit>`.
// The leading newline keeps the line apart from whatever the test reporter printed last.

/** Writes `BENCH <name> <value> <unit>` on its own line of stdout. */
export function reportBench(name: string, value: number, unit: string, digits = 3): void {
  if (!/^[a-z0-9_]+$/.test(name) || !Number.isFinite(value)) {
    throw new Error(`bad benchmark figure ${name}=${value}`);
  }
  process.stdout.write(`\nBENCH ${name} ${value.toFixed(digits)} ${unit}\n`);
}
