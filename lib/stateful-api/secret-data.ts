import { PropErrors } from '../prop-errors';
import { SecretValue, SecretValueError } from '../secret-value';

/**
 * @internal
 * Reads every Secret value (environment, files) at synth time. A value that cannot be read is
 * reported to `errors` under `secret.data.<key>`, with the other problems, rather than thrown.
 */
export function readSecretData(errors: PropErrors, data: Record<string, SecretValue>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    try {
      values[key] = value.resolve();
    } catch (error) {
      if (!(error instanceof SecretValueError)) throw error;
      errors.check(false, `secret.data.${key}`, error.problem, error.fix);
    }
  }
  return values;
}
