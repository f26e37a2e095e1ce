import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that keeps every line (level, message, metadata) in `lines`. */
export function recordingLogger(lines: string[] = []): LoggerService & {
  lines: string[];
} {
  const make = (meta: object = {}): any => {
    const log = (level: string) => (message: string, extra?: object) =>
      lines.push(
        `${level} ${message} ${JSON.stringify({ ...meta, ...extra })}`,
      );
    return {
      lines,
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: (m: object) => make({ ...meta, ...m }),
    };
  };
  return make();
}
