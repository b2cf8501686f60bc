import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { recordAudit } from '../audit/audit.ts';
import type { ModelPriceRecord } from '../store/usage-store.ts';
import { ENGINE_NAMES, type EngineName } from '../vocabulary/engines.ts';
import { MICROS_PER_DOLLAR } from '../vocabulary/activity.ts';
import type { UsageActor, UsageDeps } from './usage-deps.ts';

/** A price as admins write it: US dollars per million tokens. */
export interface PriceView {
  engine: EngineName;
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  updatedAt: number;
}

export interface PriceInput {
  engine: string;
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

const MAX_MODEL_CHARS = 200;
/** No model costs a million dollars per million tokens: a typo, not a price. */
const MAX_DOLLARS_PER_MILLION = 1_000_000;

export function viewPrice(price: ModelPriceRecord): PriceView {
  return {
    engine: price.engine as EngineName,
    model: price.model,
    inputPerMillion: price.inputMicrosPerMillion / MICROS_PER_DOLLAR,
    outputPerMillion: price.outputMicrosPerMillion / MICROS_PER_DOLLAR,
    updatedAt: price.updatedAt,
  };
}

export async function listPrices({ store }: UsageDeps): Promise<PriceView[]> {
  return (await store.usage.listPrices()).map(viewPrice);
}

function parseKey(engine: string, model: string): { engine: string; model: string } {
  if (!(ENGINE_NAMES as readonly string[]).includes(engine)) {
    throw new ValidationError(`engine must be one of ${ENGINE_NAMES.join(', ')}`);
  }
  const trimmed = model.trim();
  if (!trimmed || trimmed.length > MAX_MODEL_CHARS) {
    throw new ValidationError(`model must be 1 to ${MAX_MODEL_CHARS} characters`);
  }
  return { engine, model: trimmed };
}

function parseDollars(field: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > MAX_DOLLARS_PER_MILLION) {
    throw new ValidationError(
      `${field} must be US dollars per million tokens, from 0 to ${MAX_DOLLARS_PER_MILLION}`,
    );
  }
  return Math.round(value * MICROS_PER_DOLLAR);
}

/** Sets (or replaces) the price of an engine's model: answers from now on are priced with it. */
export async function setPrice(
  deps: UsageDeps,
  input: PriceInput,
  actor: UsageActor,
): Promise<PriceView> {
  const price: ModelPriceRecord = {
    ...parseKey(input.engine, input.model),
    inputMicrosPerMillion: parseDollars('inputPerMillion', input.inputPerMillion),
    outputMicrosPerMillion: parseDollars('outputPerMillion', input.outputPerMillion),
    updatedAt: deps.clock.nowSeconds(),
  };
  await deps.store.transaction(async (store) => {
    await store.usage.setPrice(price);
    await recordAudit(store, deps.clock, {
      event: 'model_price_set',
      ...actor,
      details: { engine: price.engine, model: price.model },
    });
  });
  return viewPrice(price);
}

export async function deletePrice(
  deps: UsageDeps,
  key: { engine: string; model: string },
  actor: UsageActor,
): Promise<void> {
  const { engine, model } = parseKey(key.engine, key.model);
  await deps.store.transaction(async (store) => {
    if (!(await store.usage.deletePrice(engine, model))) {
      throw new NotFoundError(`No price for model "${model}" of engine "${engine}"`);
    }
    await recordAudit(store, deps.clock, {
      event: 'model_price_deleted',
      ...actor,
      details: { engine, model },
    });
  });
}
