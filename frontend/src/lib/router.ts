// Hash routes: #/  #/new  #/p/<name>?ref=  #/p/<name>/diff?from=&to=  #/p/<name>/runs/<runId>?metric=
// The prompt name is one encodeURIComponent segment, so names containing `/` survive.

export type Route =
  | { page: 'list' }
  | { page: 'new' }
  | { page: 'prompt'; name: string; ref: string | null }
  | { page: 'diff'; name: string; from: string; to: string }
  | { page: 'run'; name: string; runId: string; metric: string | null }
  | { page: 'not-found'; path: string };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter((part) => part !== '');

  if (parts.length === 0) return { page: 'list' };
  if (parts.length === 1 && parts[0] === 'new') return { page: 'new' };
  if (parts[0] === 'p' && parts.length >= 2) {
    const name = decode(parts[1]);
    if (name) {
      if (parts.length === 2) return { page: 'prompt', name, ref: params.get('ref') || null };
      if (parts.length === 3 && parts[2] === 'diff') {
        return { page: 'diff', name, from: params.get('from') ?? '', to: params.get('to') ?? '' };
      }
      if (parts.length === 4 && parts[2] === 'runs') {
        const runId = decode(parts[3]);
        if (runId) return { page: 'run', name, runId, metric: params.get('metric') || null };
      }
    }
  }
  return { page: 'not-found', path };
}

export function listHref(): string {
  return '#/';
}

export function newPromptHref(): string {
  return '#/new';
}

export function promptHref(name: string, ref?: string | null): string {
  const base = `#/p/${encodeURIComponent(name)}`;
  return ref ? `${base}?ref=${encodeURIComponent(ref)}` : base;
}

export function diffHref(name: string, from: string, to: string): string {
  const query = new URLSearchParams({ from, to });
  return `#/p/${encodeURIComponent(name)}/diff?${query}`;
}

export function runHref(name: string, runId: string, metric?: string | null): string {
  const base = `#/p/${encodeURIComponent(name)}/runs/${encodeURIComponent(runId)}`;
  return metric ? `${base}?metric=${encodeURIComponent(metric)}` : base;
}
