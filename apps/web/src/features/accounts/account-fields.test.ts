import { describe, expect, it } from 'vitest';
import { accountFieldsProblem } from './account-fields';

describe('accountFieldsProblem', () => {
  it('accepts ordinary sign-up and update-user bodies', () => {
    expect(
      accountFieldsProblem(
        { name: 'Ada Lovelace', email: 'ada@example.org', password: 'x' },
        { isSignUp: true },
      ),
    ).toBeNull();
    expect(
      accountFieldsProblem({ image: 'https://example.org/a.png' }, { isSignUp: false }),
    ).toBeNull();
    expect(accountFieldsProblem({ image: null }, { isSignUp: false })).toBeNull();
  });

  it('refuses an empty name at sign-up only', () => {
    expect(accountFieldsProblem({ name: '   ' }, { isSignUp: true })).toBe(
      'name: must not be empty',
    );
    expect(accountFieldsProblem({}, { isSignUp: false })).toBeNull();
  });

  it('refuses profile images that are not http(s) links', () => {
    for (const image of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 42])
      expect(accountFieldsProblem({ image }, { isSignUp: false })).toBe(
        'image: must be an http(s) URL',
      );
  });
});
