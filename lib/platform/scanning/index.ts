import { env } from '../config';
import { createClamdScanner, type ClamdScanner } from './clamd';

export { createClamdScanner, type ClamdScanner, type ClamdTarget, type ScanVerdict, type Scanner } from './clamd';

/** The scanner the environment configures (see README), or null: files are then kept as unscanned. */
export function configuredScanner(): ClamdScanner | null {
  const target = env.clamd;
  return target ? createClamdScanner(target, { timeoutMs: env.clamdTimeoutMs }) : null;
}
