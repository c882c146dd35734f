/** The first 12 hex digits of a commit id, as shown everywhere in the UI. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 12) : '';
}

/** The words shown when a commit lost the race for a branch (`versioning.ref-stale`). */
export function staleCommitMessage(branch: string, currentHead: string | null): string {
  const now = currentHead ? ` (now at ${shortId(currentHead)})` : '';
  return `Someone committed to ${branch} since you loaded it${now}. Reload to see their change.`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function formatConfig(config: unknown): string {
  return config === null || config === undefined ? '' : JSON.stringify(config, null, 2);
}

/**
 * Reads a config textarea: blank means no config; otherwise it must be a JSON object.
 * Throws an Error whose message can be shown as is.
 */
export function parseConfig(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('Config is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Config must be a JSON object, like {"temperature": 0.2}.');
  }
  return value as Record<string, unknown>;
}

/**
 * A metric figure as shown in the UI and read by the tests: at most 4 significant digits below 1000, whole
 * numbers from there; null (no mean of an empty bucket) is a dash.
 */
export function formatFigure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}
