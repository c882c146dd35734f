import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import Editor from './Editor.svelte';
import { fakeFetch, json, problem } from '../../test-support/fakeFetch';

afterEach(() => {
  vi.unstubAllGlobals();
});

const HEAD = '1111111111111111111111111111111111111111111111111111111111111111';
const OTHER = '2222222222222222222222222222222222222222222222222222222222222222';

function setup() {
  const onCommitted = vi.fn();
  const onReload = vi.fn();
  render(Editor, {
    name: 'support/triage',
    branch: 'main',
    head: HEAD,
    content: 'v1',
    config: { temperature: 0.2 },
    onCommitted,
    onReload,
  });
  return { onCommitted, onReload };
}

async function commitWith(content: string, message: string) {
  await fireEvent.input(screen.getByLabelText('Content'), { target: { value: content } });
  await fireEvent.input(screen.getByLabelText('Commit message'), { target: { value: message } });
  await fireEvent.click(screen.getByRole('button', { name: 'Commit' }));
}

describe('Editor', () => {
  it('starts from the head content and commits on top of the head shown', async () => {
    const { calls } = fakeFetch({ 'POST /api/v1/prompts/support%2Ftriage/commits': json({ commit: OTHER }, 201) });
    const { onCommitted } = setup();
    expect((screen.getByLabelText('Content') as HTMLTextAreaElement).value).toBe('v1');
    await commitWith('v2', 'second');
    await vi.waitFor(() => expect(onCommitted).toHaveBeenCalledWith(OTHER));
    expect(calls[0].body).toEqual({
      branch: 'main',
      expectedHead: HEAD,
      content: 'v2',
      config: { temperature: 0.2 },
      message: 'second',
    });
  });

  it('explains a stale head in words and offers a reload', async () => {
    fakeFetch({
      'POST /api/v1/prompts/support%2Ftriage/commits': problem(409, 'versioning.ref-stale', 'Ref main moved.', {
        currentHead: OTHER,
      }),
    });
    const { onCommitted, onReload } = setup();
    await commitWith('mine', 'race');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Someone committed to main since you loaded it (now at 222222222222). Reload to see their change.',
    );
    expect(onCommitted).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Content') as HTMLTextAreaElement).value).toBe('mine');
    await fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalled();
  });

  it('shows other conflicts by their detail, not as stale', async () => {
    fakeFetch({
      'POST /api/v1/prompts/support%2Ftriage/commits': problem(409, 'versioning.no-change', 'Nothing changed.'),
    });
    setup();
    await commitWith('v1', 'same');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing changed.');
    expect(alert.textContent).not.toContain('Someone committed');
  });

  it('refuses a config that is not a JSON object without calling the server', async () => {
    const { calls } = fakeFetch({});
    setup();
    await fireEvent.input(screen.getByLabelText('Config (JSON object, optional)'), { target: { value: '{oops' } });
    await commitWith('v2', 'bad config');
    expect((await screen.findByRole('alert')).textContent).toContain('Config is not valid JSON.');
    expect(calls).toHaveLength(0);
  });
});
