import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import { COUNTRY_CODES } from '../../vocabulary/countries.ts';
import type { Detection, Finding, Scanner } from '../scanner.ts';
import { countryDatabase, lookupCountry } from './geo-gating/country-of.ts';

export { countryOf } from './geo-gating/country-of.ts';

const countryList = (description: string) =>
  Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$', maxLength: 2 }), {
    default: [],
    maxItems: COUNTRY_CODES.size,
    description,
  });

const Settings = Type.Object({
  allowCountries: countryList(
    'ISO 3166-1 alpha-2 codes of the only countries requests may come from; empty allows all.',
  ),
  denyCountries: countryList(
    'ISO 3166-1 alpha-2 codes of countries requests may not come from; wins over allowCountries.',
  ),
  unknown: Type.Union([Type.Literal('allow'), Type.Literal('block')], {
    default: 'allow',
    description:
      'What to do with private, loopback and unlisted addresses, whose country is unknown.',
  }),
});
type Settings = Static<typeof Settings>;

const PASS: Detection = { score: 0, findings: [] };

function countrySet(codes: string[], field: string): ReadonlySet<string> {
  return new Set(
    codes.map((input, index) => {
      const code = input.toUpperCase();
      if (!COUNTRY_CODES.has(code)) {
        throw new ValidationError(
          `${field}[${index}] "${input}" is not an ISO 3166-1 alpha-2 country code`,
        );
      }
      return code;
    }),
  );
}

function found(label: string): Detection {
  const finding: Finding = { type: 'country', start: 0, end: 0, label };
  return { score: 1, findings: [finding] };
}

export const geoGatingScanner: Scanner<Settings> = {
  name: 'geoGating',
  kind: 'general',
  description: "Refuses requests by the country of the client's address.",
  settingsSchema: Settings,
  defaults: {
    enabled: false,
    action: 'block',
    threshold: 0.5,
    onError: 'block',
    directions: ['prompt', 'file'],
    timeoutMs: 1000,
    settings: { allowCountries: [], denyCountries: [], unknown: 'allow' },
  },
  actions: ['flag', 'block'],
  async prepare(settings, field) {
    const allowed = countrySet(settings.allowCountries, `${field}.allowCountries`);
    const denied = countrySet(settings.denyCountries, `${field}.denyCountries`);
    const reader = await countryDatabase();
    return (_text, context) => {
      if (!context.clientIp) {
        return PASS;
      }
      const country = lookupCountry(reader, context.clientIp);
      if (country === null) {
        return settings.unknown === 'block' ? found('Unknown location') : PASS;
      }
      if (denied.has(country)) {
        return found(`Blocked country: ${country}`);
      }
      if (allowed.size > 0 && !allowed.has(country)) {
        return found(`Country not allowed: ${country}`);
      }
      return PASS;
    };
  },
};
