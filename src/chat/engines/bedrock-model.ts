import type { LanguageModel } from 'ai';
import { parseUrl } from '../../lib/parse-url.ts';
import { SDK_PROVIDERS } from './sdk-modules.ts';

const DEFAULT_REGION = 'us-east-1';

export interface BedrockSettings {
  model: string;
  /** `ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]` (SigV4), or a Bedrock API key (Bearer). */
  apiKey: string;
  endpoint: string | null;
  region: string | null;
}

/**
 * Amazon Bedrock through the Converse stream API (`POST /model/{modelId}/converse-stream`,
 * answered in AWS event-stream frames). Every credential and the region are passed explicitly:
 * left unset, the SDK would read the server's own AWS_* environment variables.
 */
export async function bedrockModel(settings: BedrockSettings): Promise<LanguageModel> {
  const { createAmazonBedrock } = await SDK_PROVIDERS.bedrock();
  const region = settings.region?.trim() || regionOf(settings.endpoint) || DEFAULT_REGION;
  const baseURL = settings.endpoint ?? undefined;
  const [accessKeyId, secretAccessKey, ...sessionToken] = settings.apiKey.split(':');
  if (secretAccessKey === undefined) {
    return createAmazonBedrock({ region, apiKey: settings.apiKey, ...(baseURL && { baseURL }) })(
      settings.model,
    );
  }
  return createAmazonBedrock({
    region,
    ...(baseURL && { baseURL }),
    // An empty apiKey keeps AWS_BEARER_TOKEN_BEDROCK from taking precedence over SigV4.
    apiKey: '',
    accessKeyId,
    secretAccessKey,
    ...(sessionToken.length > 0 && { sessionToken: sessionToken.join(':') }),
  })(settings.model);
}

/** `bedrock-runtime.eu-west-1.amazonaws.com` (or a -fips / VPC endpoint host) → eu-west-1. */
export function regionOf(endpoint: string | null): string | undefined {
  const host = endpoint === null ? undefined : parseUrl(endpoint)?.hostname;
  const region = /(?:^|\.)bedrock-runtime(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\./;
  return host === undefined ? undefined : region.exec(host)?.[1];
}
