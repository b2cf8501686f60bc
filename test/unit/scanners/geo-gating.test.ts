import { describe, expect, it } from 'vitest';
import { countryOf, geoGatingScanner } from '../../../src/scanners/general/geo-gating.ts';
import { ValidationError } from '../../../src/lib/errors.ts';
import { detectWith, expectCorpusScore } from '../../helpers/scanner-corpus.ts';
import { schemaDefaults } from '../../helpers/scanner-settings.ts';

const FIELD = 'geoGating.settings';

async function scan(clientIp: string | null, settings = {}) {
  return detectWith(geoGatingScanner, 'Any question at all', settings, { clientIp });
}

describe('geoGating scanner', () => {
  it('meets its corpus targets', async () => {
    await expectCorpusScore(geoGatingScanner, { noMisses: true });
  });

  it('has the defaults its schema documents, and is off by default', () => {
    expect(schemaDefaults(geoGatingScanner)).toEqual(geoGatingScanner.defaults.settings);
    expect(geoGatingScanner.defaults.enabled).toBe(false);
  });

  it('places IPv4 and IPv6 addresses, and nothing for private or invalid ones', async () => {
    expect(await countryOf('77.88.8.8')).toBe('RU');
    expect(await countryOf('2a01:e0c:1::1')).toBe('FR');
    expect(await countryOf('::ffff:194.25.2.129')).toBe('DE');
    expect(await countryOf('10.0.0.1')).toBeNull();
    expect(await countryOf('::1')).toBeNull();
    expect(await countryOf('example.org')).toBeNull();
  });

  it('labels each refusal with the country code and no address', async () => {
    expect(await scan('77.88.8.8', { denyCountries: ['RU'] })).toEqual({
      score: 1,
      findings: [{ type: 'country', start: 0, end: 0, label: 'Blocked country: RU' }],
    });
    const notAllowed = await scan('80.67.169.12', { allowCountries: ['DE'] });
    expect(notAllowed.findings[0]?.label).toBe('Country not allowed: FR');
    const unknown = await scan('192.168.1.1', { unknown: 'block' });
    expect(unknown.findings[0]?.label).toBe('Unknown location');
  });

  it('does not judge a request without a client address', async () => {
    expect(await scan(null, { allowCountries: ['FR'], unknown: 'block' })).toEqual({
      score: 0,
      findings: [],
    });
  });

  it('rejects a code that is not a country, naming the field and index', async () => {
    await expect(scan('8.8.8.8', { denyCountries: ['UK'] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(scan('8.8.8.8', { denyCountries: ['RU', 'UK'] })).rejects.toThrow(
      `${FIELD}.denyCountries[1] "UK" is not an ISO 3166-1 alpha-2 country code`,
    );
    await expect(scan('8.8.8.8', { allowCountries: ['EU'] })).rejects.toThrow(
      `${FIELD}.allowCountries[0]`,
    );
  });
});
