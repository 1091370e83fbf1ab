import { readFileSync } from 'fs';
import { problemWithFix } from './prop-errors';

/**
 * Where a Secret value comes from. Values read from the environment or a file are read at
 * synth time, so nothing sensitive has to live in the repository.
 */
export class SecretValue {
  /** A value written in code or configuration: fine for settings that are not sensitive. */
  static fromLiteral(value: string): SecretValue {
    return new SecretValue('a literal', () => value);
  }

  /** The value of an environment variable at synth time. */
  static fromEnv(variable: string): SecretValue {
    return new SecretValue(`environment variable ${variable}`, () => {
      const value = process.env[variable];
      if (value === undefined) {
        throw new SecretValueError(`environment variable ${variable} is not set`, `export ${variable} before synth`);
      }
      return value;
    });
  }

  /** The content of a file at synth time. */
  static fromFile(path: string): SecretValue {
    return new SecretValue(`file ${path}`, () => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new SecretValueError(`file ${path} cannot be read (${code})`, 'create it, or point to a readable file');
      }
    });
  }

  private constructor(
    /** Where the value comes from, for messages; never the value itself. */
    readonly source: string,
    private readonly read: () => string,
  ) {}

  /** Reads the value; throws a SecretValueError that names the source and the fix. */
  resolve(): string {
    return this.read();
  }
}

/** A value that cannot be read at synth time. */
export class SecretValueError extends Error {
  constructor(
    /** What went wrong, naming the source. */
    readonly problem: string,
    /** How to put it right. */
    readonly fix: string,
  ) {
    super(problemWithFix(problem, fix));
  }
}
