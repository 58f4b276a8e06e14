/**
 * Button values come back from Slack as strings anyone could forge: parse them as a JSON object
 * of at most `max` characters, or give null, and let the caller check each field.
 */
export function parseButtonValue(value: string | undefined, max: number): Record<string, unknown> | null {
  if (!value || value.length > max) return null;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return null;
  }
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null;
}
