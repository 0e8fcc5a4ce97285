/**
 * A short log kept with a record (a sync run, a task): what a person needs to see why it did what
 * it did. A pino logger whose lines are kept in memory, newest 500, as "<time> <message>".
 */
import { createLogger, type Logger } from '@gatehouse/sdk';
import { Writable } from 'node:stream';

export interface CapturedLine {
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

const LEVELS: Record<number, CapturedLine['level']> = { 40: 'warn', 50: 'error', 60: 'error' };

export function captureLog(level: 'info' | 'debug' = 'info'): { logger: Logger; lines: () => CapturedLine[]; text: () => string } {
  const lines: CapturedLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        try {
          const o = JSON.parse(line) as { level: number; msg: string; time: number };
          lines.push({ at: new Date(o.time).toISOString(), level: LEVELS[o.level] ?? 'info', message: o.msg });
        } catch {
          lines.push({ at: new Date().toISOString(), level: 'info', message: line });
        }
      }
      if (lines.length > 500) lines.splice(0, lines.length - 500);
      cb();
    },
  });
  return { logger: createLogger({ level, destination: stream }), lines: () => [...lines], text: () => lines.map((l) => `${l.at} ${l.message}`).join('\n') };
}
