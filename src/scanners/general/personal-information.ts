import { isSupportedCountry } from 'libphonenumber-js';
import { Type, type Static } from 'typebox';
import { ValidationError } from '../../lib/errors.ts';
import type { Finding, Scanner } from '../scanner.ts';
import { withoutOverlaps } from './match-findings.ts';
import { findAddresses } from './personal-information/address.ts';
import { findCreditCards } from './personal-information/credit-card.ts';
import { findDatesOfBirth } from './personal-information/date-of-birth.ts';
import { findEmails } from './personal-information/email.ts';
import { findIbans } from './personal-information/iban.ts';
import { findIpAddresses } from './personal-information/ip-address.ts';
import { findPersonNames } from './personal-information/person-name.ts';
import { createPhoneFinder } from './personal-information/phone.ts';
import { findSocialSecurityNumbers } from './personal-information/ssn.ts';
import { typeTogglesSchema } from './type-toggles.ts';

const settingsSchema = Type.Object({
  types: typeTogglesSchema({
    email: { enabled: true, description: 'Email addresses.' },
    phone: {
      enabled: true,
      description:
        'Phone numbers: international (+…) ones of any country, national ones of defaultCountry.',
    },
    creditCard: {
      enabled: true,
      description: 'Payment card numbers (known issuer prefix and length, Luhn check digit).',
    },
    iban: { enabled: true, description: 'IBANs (country length and mod-97 check digits).' },
    ssn: { enabled: true, description: 'US Social Security numbers (AAA-GG-SSSS, issued ranges).' },
    ipAddress: { enabled: true, description: 'IPv4 and IPv6 addresses (not version numbers).' },
    dateOfBirth: {
      enabled: true,
      description: 'Dates next to a birth cue ("born", "DOB", "né le", "geboren", "nacido"…).',
    },
    address: {
      enabled: true,
      description:
        'Street addresses ("221B Baker Street", "12 rue de la Paix", "Hauptstraße 5", "Calle Mayor 10").',
    },
    personName: {
      enabled: false,
      description:
        'Person names: a known given name and a capitalised surname, or a title (Mr, Mme, Herr, Sra.) and a name. Off by default: firms and brands named after people ("Morgan Stanley", "Dr Pepper") are found too.',
    },
  }),
  defaultCountry: Type.String({
    default: 'US',
    minLength: 2,
    maxLength: 2,
    pattern: '^[A-Z]{2}$',
    description:
      'ISO 3166 country whose national phone numbers (written without +) are recognised.',
  }),
});

type Settings = Static<typeof settingsSchema>;
type FindingType = keyof Settings['types'];

const DEFAULT_SETTINGS: Settings = {
  types: {
    email: true,
    phone: true,
    creditCard: true,
    iban: true,
    ssn: true,
    ipAddress: true,
    dateOfBirth: true,
    address: true,
    personName: false,
  },
  defaultCountry: 'US',
};

export const personalInformationScanner: Scanner<Settings> = {
  name: 'personalInformation',
  kind: 'general',
  description:
    'Finds personal data: email, phone, card, IBAN, SSN, IP address, date of birth, street address, person name.',
  settingsSchema,
  defaults: {
    enabled: true,
    action: 'redact',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt', 'file', 'title'],
    timeoutMs: 1000,
    settings: DEFAULT_SETTINGS,
  },
  actions: ['flag', 'redact', 'block'],
  prepare(settings, field) {
    const country = settings.defaultCountry;
    if (!isSupportedCountry(country)) {
      throw new ValidationError(
        `${field}.defaultCountry "${country}" is not a country code with phone numbering`,
      );
    }
    const types = { ...DEFAULT_SETTINGS.types, ...settings.types };
    // Most trusted first: where two finders claim the same characters, the first keeps them.
    const finders: [FindingType, (text: string) => Finding[]][] = [
      ['creditCard', findCreditCards],
      ['iban', findIbans],
      ['email', findEmails],
      ['ssn', findSocialSecurityNumbers],
      ['ipAddress', findIpAddresses],
      ['dateOfBirth', findDatesOfBirth],
      ['phone', createPhoneFinder(country)],
      ['address', findAddresses],
      ['personName', findPersonNames],
    ];
    const enabled = finders.filter(([type]) => types[type]).map(([, find]) => find);
    return (text) => {
      const findings = withoutOverlaps(
        enabled.flatMap((find) => find(text)),
        text.length,
      );
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
};
