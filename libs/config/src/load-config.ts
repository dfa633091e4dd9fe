import { z } from 'zod';
import { AppConfig, ConfigSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; empty strings count as unset so `FOO=` in a compose file means "default". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(defined);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${describeIssue(i, defined)}`),
    );
  }
  return result.data;
}

/** A connection URL with its password replaced: passwords are not for terminals and logs. */
export function maskCredentials(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): string {
  const key = issue.path[0];
  // Keys are credentials: an error names the variable, never quotes them.
  const value = typeof key === 'string' && key !== 'API_KEYS' ? env[key] : undefined;
  return value === undefined ? issue.message : `${issue.message} (got "${maskCredentials(value)}")`;
}

/** For process entry points: a bad value stops the process with a readable message and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
