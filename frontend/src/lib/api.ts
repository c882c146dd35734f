// The only place that talks HTTP to the promptforge backend (live metrics over WebSocket: live.ts).

import type { BucketItem, BucketSize } from './live';

export const API_BASE = '/api/v1';

export type JsonObject = { [key: string]: unknown };

export interface PromptSummary {
  name: string;
  head: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PromptAtRef {
  name: string;
  ref: string;
  commit: string;
  content: string;
  config: JsonObject | null;
}

export interface CommitSummary {
  id: string;
  parents: string[];
  author: string;
  message: string;
  committedAt: string;
  contentHash: string;
}

export interface CommitDetail extends CommitSummary {
  content: string;
  config: JsonObject | null;
}

export type RefKind = 'branch' | 'label';

export interface Ref {
  name: string;
  kind: RefKind;
  commit: string;
  updatedAt: string;
}

export interface RefHistoryEntry {
  ref: string;
  from: string | null;
  to: string | null;
  actor: string;
  reason: string;
  at: string;
}

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface JsonDiff {
  from: string;
  to: string;
  hunks: DiffHunk[];
}

export interface CreatePromptRequest {
  name: string;
  content: string;
  config?: JsonObject | null;
  message: string;
  author?: string;
}

export interface CommitRequest {
  branch: string;
  expectedHead: string;
  content: string;
  config?: JsonObject | null;
  message: string;
  author?: string;
}

export interface RunMetricSample {
  count: number;
  mean: number | null;
  stdDev: number | null;
}

export interface RunMetricComparison {
  metric: string;
  current: RunMetricSample | null;
  baseline: RunMetricSample | null;
  delta: number | null;
  pValue: number | null;
  broken: string[];
}

export interface RunVerdict {
  verdict: string;
  baseline: string | null;
  metrics: RunMetricComparison[];
  reasons: string[];
}

/** An evaluation run (RunMessages.RunResponse); `verdict` only on a completed run read alone. */
export interface Run {
  id: string;
  prompt: string;
  ref: string;
  commit: string;
  dataset: string | null;
  ci: { sourceCommit: string | null; branch: string | null; pipelineUrl: string | null };
  baseline: { run: string | null; label: string | null };
  status: 'open' | 'completed' | string;
  createdAt: string;
  completedAt: string | null;
  eventCount: number;
  verdict: RunVerdict | null;
}

export interface MetricsResponse {
  scope: string;
  bucket: BucketSize;
  from: string;
  to: string;
  relativeAccuracy: number;
  items: BucketItem[];
}

/**
 * An HTTP failure, built from an application/problem+json body when there is one. `message` is the
 * problem's `detail`, which the backend promises is safe to show to a user.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly detail: string;
  readonly title: string | null;
  readonly type: string | null;
  readonly errors: unknown[];
  /** The whole problem body, for extension members such as `currentHead`. */
  readonly body: JsonObject;

  constructor(status: number, detail: string, body: JsonObject = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.body = body;
    this.code = typeof body.code === 'string' ? body.code : null;
    this.title = typeof body.title === 'string' ? body.title : null;
    this.type = typeof body.type === 'string' ? body.type : null;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }

  /** The branch's actual head, sent with a `versioning.ref-stale` conflict. */
  get currentHead(): string | null {
    return typeof this.body.currentHead === 'string' ? this.body.currentHead : null;
  }
}

export const REF_STALE = 'versioning.ref-stale';

/** A prompt name may contain `/`: it always travels as one percent-encoded path segment. */
export function promptPath(name: string): string {
  return `${API_BASE}/prompts/${encodeURIComponent(name)}`;
}

function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: JsonObject = {};
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as JsonObject;
    } catch {
      // not JSON: fall through to a generic message
    }
  }
  const detail =
    (typeof body.detail === 'string' && body.detail) ||
    (typeof body.title === 'string' && body.title) ||
    `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  return new ApiError(response.status, detail, body);
}

async function send(path: string, init: RequestInit = {}, accept = 'application/json'): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept', `${accept}, application/problem+json`);
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function getJson<T>(path: string): Promise<T> {
  return (await send(path)).json() as Promise<T>;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  return (await send(path, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<T>;
}

export function listPrompts(
  params: { q?: string; cursor?: string | null; limit?: number } = {},
): Promise<Page<PromptSummary>> {
  return getJson(withQuery(`${API_BASE}/prompts`, params));
}

export function createPrompt(request: CreatePromptRequest): Promise<{ name: string; commit: string }> {
  return postJson(`${API_BASE}/prompts`, request);
}

export function getPrompt(name: string, ref?: string): Promise<PromptAtRef> {
  return getJson(withQuery(promptPath(name), { ref }));
}

export function commit(name: string, request: CommitRequest): Promise<{ commit: string }> {
  return postJson(`${promptPath(name)}/commits`, request);
}

export function listCommits(
  name: string,
  params: { ref?: string; cursor?: string | null; limit?: number } = {},
): Promise<Page<CommitSummary>> {
  return getJson(withQuery(`${promptPath(name)}/commits`, params));
}

export function getCommit(name: string, id: string): Promise<CommitDetail> {
  return getJson(`${promptPath(name)}/commits/${encodeURIComponent(id)}`);
}

export async function diffUnified(name: string, from: string, to: string): Promise<string> {
  const path = withQuery(`${promptPath(name)}/diff`, { from, to, format: 'unified' });
  return (await send(path, {}, 'text/plain')).text();
}

export function diffJson(name: string, from: string, to: string): Promise<JsonDiff> {
  return getJson(withQuery(`${promptPath(name)}/diff`, { from, to, format: 'json' }));
}

export function listBranches(name: string): Promise<{ items: Ref[] }> {
  return getJson(`${promptPath(name)}/branches`);
}

export function listLabels(name: string): Promise<{ items: Ref[] }> {
  return getJson(`${promptPath(name)}/labels`);
}

export function refHistory(name: string, ref: string): Promise<{ items: RefHistoryEntry[] }> {
  return getJson(`${promptPath(name)}/refs/${encodeURIComponent(ref)}/history`);
}

export function runPath(id: string): string {
  return `${API_BASE}/runs/${encodeURIComponent(id)}`;
}

/** A prompt's runs, newest first (run ids sort by creation time). */
export function listRuns(
  prompt: string,
  params: { cursor?: string | null; limit?: number } = {},
): Promise<Page<Run>> {
  return getJson(withQuery(`${API_BASE}/runs`, { prompt, ...params }));
}

export function getRun(id: string): Promise<Run> {
  return getJson(runPath(id));
}

/** Buckets of one scope (`run:<id>`, ...); without `metric` every metric, built-ins included. */
export function getMetrics(scope: string, params: { metric?: string | null; bucket?: BucketSize } = {}): Promise<MetricsResponse> {
  return getJson(withQuery(`${API_BASE}/metrics`, { scope, metric: params.metric, bucket: params.bucket ?? 'hour' }));
}
