import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Paths that must never be written to a log. Connectors log through this logger, so a secret
 * put in a log object by mistake is still masked.
 */
const REDACT = [
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.apiToken',
  '*.clientSecret',
  '*.password',
  '*.token',
  'config.apiToken',
  'config.clientSecret',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.GATEHOUSE_LOG_LEVEL ?? 'warn';
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, (options.destination ?? process.stderr) as DestinationStream);
}

/** A logger that drops everything (tests, library use without logging). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
