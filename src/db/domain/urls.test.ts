import { describe, expect, it } from 'vitest';
import { jobUrlProblem, normalizeJobUrl } from './urls.ts';

describe('job links', () => {
  it('a link pasted without its scheme gets https://', () => {
    expect(normalizeJobUrl('upwork.com/jobs/~01abc')).toBe('https://upwork.com/jobs/~01abc');
    expect(normalizeJobUrl('  www.upwork.com/freelance-jobs/apply/Rust_~02?source=x ')).toBe('https://www.upwork.com/freelance-jobs/apply/Rust_~02?source=x');
    expect(normalizeJobUrl('//www.upwork.com/jobs/~01')).toBe('https://www.upwork.com/jobs/~01');
    expect(normalizeJobUrl('upwork.com')).toBe('https://upwork.com');
    expect(jobUrlProblem('upwork.com/jobs/~01abc')).toBeNull();
  });

  it('leaves a link with a scheme, blank, or not an address alone, and names the problem', () => {
    expect(normalizeJobUrl('http://example.com/a')).toBe('http://example.com/a');
    expect(normalizeJobUrl('')).toBe('');
    expect(normalizeJobUrl('see the job post')).toBe('see the job post');
    expect(jobUrlProblem('see the job post')).toMatch(/is not a web link/);
    expect(jobUrlProblem('ftp://nope')).toMatch(/is not a web link/);
    expect(jobUrlProblem('javascript:alert(1)')).toMatch(/is not a web link/);
  });
});
