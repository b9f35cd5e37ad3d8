/**
 * The Teams SDK logs through its own ILogger (console by default). This routes it into our pino
 * logger so one log stream carries everything, at the level the operator chose. The SDK logs
 * whole inbound activities (user text included) at debug only, which keeps info logs free of
 * what people typed.
 */
import type { AppOptions, IPlugin } from '@microsoft/teams.apps';
import type { Logger } from 'pino';

// Typed through teams.apps (a direct dependency) rather than its internal teams.common package.
type ILogger = NonNullable<AppOptions<IPlugin>['logger']>;
type LogLevel = Parameters<ILogger['log']>[0];

function toLine(parts: unknown[]): { msg: string; detail?: unknown } {
  const strings: string[] = [];
  const others: unknown[] = [];
  for (const part of parts) {
    if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean') strings.push(String(part));
    else if (part instanceof Error) strings.push(part.message);
    else if (part !== undefined) others.push(part);
  }
  return { msg: strings.join(' '), detail: others.length === 0 ? undefined : others.length === 1 ? others[0] : others };
}

export function pinoTeamsLogger(logger: Logger, name = 'teams-sdk'): ILogger {
  const child = logger.child({ component: name });
  const write = (level: 'debug' | 'info' | 'warn' | 'error' | 'trace', parts: unknown[]): void => {
    const { msg, detail } = toLine(parts);
    // Objects from the SDK (activities, axios errors) only go out at debug/trace.
    if (detail !== undefined && (level === 'debug' || level === 'trace')) child[level]({ detail }, msg);
    else child[level](msg);
  };
  const adapter: ILogger = {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    trace: (...msg: unknown[]) => write('trace', msg),
    log: (level: LogLevel, ...msg: unknown[]) => write(level, msg),
    child: (childName: string) => pinoTeamsLogger(child, `${name}/${childName}`),
  };
  return adapter;
}
