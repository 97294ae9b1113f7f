/** The two errors whose message is meant for the user as it stands: the caller prints it, never a stack. */

/** A setting that cannot be used (environment variable, flag value, config file entry); the message names it and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A command line that cannot be run; the caller prints the message and then the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
