import { describe, expect, it } from 'vitest';
import { formatFigure, parseConfig, shortId, staleCommitMessage } from './format';

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

describe('formatFigure', () => {
  it('keeps 4 significant digits below 1000 and whole numbers above', () => {
    expect(formatFigure(0.75)).toBe('0.75');
    expect(formatFigure(2 / 3)).toBe('0.6667');
    expect(formatFigure(123.456)).toBe('123.5');
    expect(formatFigure(12345.6)).toBe('12346');
    expect(formatFigure(3)).toBe('3');
  });

  it('shows a dash for a missing figure', () => {
    expect(formatFigure(null)).toBe('–');
    expect(formatFigure(undefined)).toBe('–');
  });
});
