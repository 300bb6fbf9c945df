/**
 * The emulator's operator log. Lines describe events, never secrets: no header, key, token
 * or variable value is ever passed to it.
 */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export const LOG_LEVELS = Object.keys(ORDER) as LogLevel[];

export const isLogLevel = (value: string): value is LogLevel => value in ORDER;

/** Writes to stderr, so stdout stays for the ready line and what scripts parse. */
export const createLogger = (level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger => {
  const at = (threshold: LogLevel, tag: string) => (message: string): void => {
    if (ORDER[level] >= ORDER[threshold]) write(`[${tag}] ${message}`);
  };
  return { error: at('error', 'error'), warn: at('warn', 'warn'), info: at('info', 'info'), debug: at('debug', 'debug') };
};

export const silentLogger: Logger = createLogger('silent');
