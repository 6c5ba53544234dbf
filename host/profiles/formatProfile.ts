/**
 * Writes a profile (or any JSON value) as readable JSON: two-space indentation, but a list of plain
 * values (a position, gains, one warp offset) on one line, so a 129 × 129 warp grid is 16,641 short
 * lines, not 83,205. Parsing the text gives back the same value.
 */
export function formatProfileJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function format(v: unknown, indent: string): string {
  if (isPrimitive(v)) return JSON.stringify(v) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'number')) return JSON.stringify(v).replaceAll(',', ', ');
    if (v.every(isPrimitive)) return `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    return `[\n${v.map((x) => inner + format(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** JSON with every object's keys sorted, no layout: two values with the same content give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}
