import { problemWithFix } from '../../lib/index';

describe('problemWithFix', () => {
  test('says what is wrong, then the fix, as every configuration error does', () => {
    expect(problemWithFix('port 0 is not a port number', 'use 1 to 65535')).toBe('port 0 is not a port number. Fix: use 1 to 65535.');
  });
});
