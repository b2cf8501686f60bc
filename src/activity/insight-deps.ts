import type { Config } from '../config/config.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ScanningDeps } from '../scanners/enforce.ts';
import type { ActivitySignal } from './activity-signal.ts';

/** What the compliance, monitoring, dashboard and usage routes are given. */
export interface InsightDeps extends ScanningDeps {
  config: Config;
  masterKey: Buffer;
  mailer: Mailer;
  activitySignal: ActivitySignal;
}
