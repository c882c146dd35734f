import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, commit, createPrompt, diffUnified, getPrompt, listCommits, listPrompts, promptPath, REF_STALE } from './api';
import { fakeFetch, json, problem } from '../test-support/fakeFetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prompt names in paths', () => {
  it('encodes a name with slashes as one path segment', () => {
    expect(promptPath('support/triage')).toBe('/api/v1/prompts/support%2Ftriage');
  });

  it('encodes characters that would otherwise end the path', () => {
    expect(promptPath('a b?c#d/e%f')).toBe('/api/v1/prompts/a%20b%3Fc%23d%2Fe%25f');
  });

  it('requests a prompt at a ref with the name as one segment', async () => {
    const { calls } = fakeFetch({
      'GET /api/v1/prompts/support%2Ftriage?ref=prod': json({
        name: 'support/triage',
        ref: 'prod',
        commit: 'abc',
        content: 'hi',
        config: null,
      }),
    });
    const prompt = await getPrompt('support/triage', 'prod');
    expect(prompt.content).toBe('hi');
    expect(calls).toHaveLength(1);
  });

  it('posts a commit under the encoded name with the expected head', async () => {
    const { calls } = fakeFetch({
      'POST /api/v1/prompts/support%2Ftriage/commits': json({ commit: 'c2' }, 201),
    });
    const result = await commit('support/triage', {
      branch: 'main',
      expectedHead: 'c1',
      content: 'v2',
      message: 'second',
    });
    expect(result.commit).toBe('c2');
    expect(calls[0].body).toEqual({ branch: 'main', expectedHead: 'c1', content: 'v2', message: 'second' });
  });

  it('asks for the unified diff as text', async () => {
    fakeFetch({
      'GET /api/v1/prompts/a%2Fb/diff?from=c1&to=c2&format=unified': new Response('--- a/a/b\n+++ b/a/b\n', {
        headers: { 'Content-Type': 'text/plain' },
      }),
    });
    await expect(diffUnified('a/b', 'c1', 'c2')).resolves.toBe('--- a/a/b\n+++ b/a/b\n');
  });

  it('leaves out empty query parameters and keeps the cursor', async () => {
    const { calls } = fakeFetch({
      'GET /api/v1/prompts?limit=10': json({ items: [], nextCursor: null }),
      'GET /api/v1/prompts/x/commits?ref=main&cursor=n%2B1': json({ items: [], nextCursor: null }),
    });
    await listPrompts({ q: '', cursor: null, limit: 10 });
    await listCommits('x', { ref: 'main', cursor: 'n+1' });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/prompts?limit=10', '/api/v1/prompts/x/commits?ref=main&cursor=n%2B1']);
  });
});

describe('errors', () => {
  it('turns a problem+json answer into an ApiError carrying detail, code and status', async () => {
    fakeFetch({
      'POST /api/v1/prompts/p/commits': problem(409, REF_STALE, 'Branch main moved.', { currentHead: 'f'.repeat(64) }),
    });
    const error = await commit('p', { branch: 'main', expectedHead: 'e', content: '', message: 'm' }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: REF_STALE, detail: 'Branch main moved.', message: 'Branch main moved.' });
    expect(error.currentHead).toBe('f'.repeat(64));
  });

  it('keeps the list of validation errors', async () => {
    fakeFetch({
      'POST /api/v1/prompts': problem(400, 'validation', 'Invalid request.', {
        errors: [{ field: 'name', message: 'must not be blank' }],
      }),
    });
    const error = await createPrompt({ name: '', content: '', message: '' }).catch((e) => e);
    expect(error.errors).toEqual([{ field: 'name', message: 'must not be blank' }]);
  });

  it('gives a readable message when the body is not a problem', async () => {
    fakeFetch({ 'GET /api/v1/prompts/p': new Response('<html>oops</html>', { status: 502, statusText: 'Bad Gateway' }) });
    const error = await getPrompt('p').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBeNull();
    expect(error.detail).toBe('The server answered 502 Bad Gateway.');
  });

  it('reports an unreachable server as an ApiError with status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await getPrompt('p').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.detail).toMatch(/Could not reach the server/);
  });
});
