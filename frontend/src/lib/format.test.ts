import { describe, expect, it } from 'vitest';
import { parseConfig, shortId, staleCommitMessage } from './format';

const HEAD = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('staleCommitMessage', () => {
  it('names the branch and the short id it moved to', () => {
    expect(staleCommitMessage('main', HEAD)).toBe(
      'Someone committed to main since you loaded it (now at 0123456789ab). Reload to see their change.',
    );
  });

  it('still reads well without the current head', () => {
    expect(staleCommitMessage('dev', null)).toBe('Someone committed to dev since you loaded it. Reload to see their change.');
  });
});

describe('shortId', () => {
  it('keeps 12 characters', () => {
    expect(shortId(HEAD)).toBe('0123456789ab');
    expect(shortId(null)).toBe('');
  });
});

describe('parseConfig', () => {
  it('treats blank as no config', () => {
    expect(parseConfig('  \n')).toBeNull();
  });

  it('accepts a JSON object', () => {
    expect(parseConfig('{"temperature": 0.2}')).toEqual({ temperature: 0.2 });
  });

  it('rejects invalid JSON and non-objects in words', () => {
    expect(() => parseConfig('{')).toThrow('Config is not valid JSON.');
    expect(() => parseConfig('[1]')).toThrow(/must be a JSON object/);
    expect(() => parseConfig('3')).toThrow(/must be a JSON object/);
  });
});
