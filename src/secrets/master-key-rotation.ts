import type { Store } from '../store/store.ts';
import type { Clock } from '../lib/clock.ts';
import { SEALED_COLUMNS } from '../store/sealed-columns.ts';
import {
  decryptWithMasterKey,
  encryptWithMasterKey,
  sealedWith,
  WrongMasterKeyError,
} from '../lib/encryption.ts';
import { ConfigError } from '../config/config.ts';
import { resealCompanySecrets } from '../company/stored-settings.ts';
import { recordAudit } from '../audit/audit.ts';

export interface RotationDeps {
  store: Store;
  clock: Clock;
  /** The new key, carrying the ones it replaces (databaseMasterKey). */
  masterKey: Buffer;
}

export interface RotationProgress {
  /** `table.column`, or `company_settings`. */
  place: string;
  resealed: number;
  current: number;
  /** Values still sealed with a previous key when the run ended (see RotationReport). */
  remaining: number;
}

export interface RotationReport {
  /** Values sealed again with the master key in this run. */
  resealed: number;
  /** Values the master key had sealed already (by an earlier, interrupted run, or since). */
  current: number;
  /**
   * Values sealed with a previous key after the run: written meanwhile by a server that does
   * not seal with the new key yet. Not 0: the previous key is still needed; run again.
   */
  remaining: number;
  places: RotationProgress[];
}

/**
 * Seals every sealed value again with the master key, while servers run: a page of values at a
 * time, each replaced only if nobody changed it meanwhile. Values the key sealed already are
 * left alone, so an interrupted run resumes where it stopped by running again.
 */
export async function rotateMasterKey(
  { store, clock, masterKey }: RotationDeps,
  options: { pageSize?: number; onProgress?: (progress: RotationProgress) => void } = {},
): Promise<RotationReport> {
  const pageSize = options.pageSize ?? 500;
  const places: RotationProgress[] = [];
  for (const column of SEALED_COLUMNS) {
    const progress = { place: column.join('.'), resealed: 0, current: 0, remaining: 0 };
    places.push(progress);
    // Values are walked in order of themselves: one resealed here may come up again further on.
    const resealedHere = new Set<string>();
    let seen = 0;
    for await (const sealed of sealedValues(store, column, pageSize)) {
      seen += 1;
      if (seen % pageSize === 0) {
        options.onProgress?.(progress);
      }
      if (resealedHere.delete(sealed)) {
        continue;
      }
      const resealed = resealedWith(masterKey, sealed, progress.place);
      if (resealed === undefined) {
        progress.current += 1;
      } else if (await store.sealedValues.replace(column, sealed, resealed)) {
        progress.resealed += 1;
        resealedHere.add(resealed);
      }
      // Otherwise it changed meanwhile: the count below says whether it is under the new key.
    }
    options.onProgress?.(progress);
    // What a server that does not seal with the master key yet may have written meanwhile.
    for await (const sealed of sealedValues(store, column, pageSize)) {
      progress.remaining += sealedWith(masterKey, sealed) ? 0 : 1;
    }
  }
  const settings = { place: 'company_settings', resealed: 0, current: 0, remaining: 0 };
  settings.resealed = await resealCompanySecrets(
    store,
    (sealed) => resealedWith(masterKey, sealed, settings.place),
    clock.nowSeconds(),
  );
  places.push(settings);
  options.onProgress?.(settings);

  const report = {
    resealed: places.reduce((sum, place) => sum + place.resealed, 0),
    current: places.reduce((sum, place) => sum + place.current, 0),
    remaining: places.reduce((sum, place) => sum + place.remaining, 0),
    places,
  };
  await recordAudit(store, clock, {
    event: 'master_key_rotated',
    details: { resealed: report.resealed, current: report.current, remaining: report.remaining },
  });
  return report;
}

/** Every distinct value of a sealed column, read a page at a time. */
async function* sealedValues(
  store: Store,
  column: (typeof SEALED_COLUMNS)[number],
  pageSize: number,
): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const page = await store.sealedValues.page(column, after, pageSize);
    yield* page;
    if (page.length < pageSize) {
      return;
    }
    after = page.at(-1) as string;
  }
}

/** The value sealed with the master key; undefined when the master key sealed it already. */
function resealedWith(masterKey: Buffer, sealed: string, place: string): string | undefined {
  if (sealedWith(masterKey, sealed)) {
    return undefined;
  }
  try {
    return encryptWithMasterKey(masterKey, decryptWithMasterKey(masterKey, sealed));
  } catch (error) {
    if (error instanceof WrongMasterKeyError) {
      throw new ConfigError(
        `A value in ${place} opens with neither the master key nor a previous one: give the key that sealed it in AIRISK_PREVIOUS_MASTER_KEY (or master.key.previous), then run the rotation again; nothing is lost, and what was resealed stays resealed`,
      );
    }
    throw error;
  }
}
