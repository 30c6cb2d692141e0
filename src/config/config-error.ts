/** A setting is missing or invalid: entry points print the message and exit instead of a stack trace. */
export class ConfigError extends Error {}
