// Byte sizes written for people, in units of 1024 as browsers report storage: the one formatter
// of stored data (Data page, Save warnings) and model sizes (Settings), each with its own style.

/** How a byte size is written: the largest unit used and the decimals per unit and value. */
export interface ByteStyle {
  /** Index in BYTE_UNITS of the largest unit (3 = GB). */
  largest: number;
  /** Decimals shown for a value in unit `unit` (0 = B, 1 = KB, ...). */
  digits: (unit: number, value: number) => number;
}

/** Units of 1024 of the one before, as browsers report storage. */
export const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Stored data: "12 B", "4.2 KB", "840 KB", "1.2 MB", "1.25 GB". */
const STORED_DATA: ByteStyle = {
  largest: 3,
  digits: (unit, value) => [0, value < 10 ? 1 : 0, 1, 2][unit] ?? 2,
};

/**
 * Formats a byte count for people, in units of 1024 (the one byte formatter of the app's pages).
 * @param style units and decimals (default: stored data, "1.2 MB", "840 KB", "12 B")
 */
export function formatBytes(bytes: number, style: ByteStyle = STORED_DATA): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < style.largest) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(style.digits(unit, value))} ${BYTE_UNITS[unit]}`;
}
