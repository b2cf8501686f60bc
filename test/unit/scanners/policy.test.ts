import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import {
  applyPatch,
  builtInPolicies,
  combinePatches,
  parsePolicyPatch,
} from '../../../src/scanners/policy.ts';
import type { Scanner } from '../../../src/scanners/scanner.ts';
import { ValidationError } from '../../../src/lib/errors.ts';

const topic: Scanner = {
  name: 'topic',
  kind: 'general',
  description: 'Banned topics',
  settingsSchema: Type.Object({
    banned: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 2, default: [] }),
    language: Type.String({ default: 'english' }),
  }),
  defaults: {
    enabled: false,
    action: 'block',
    threshold: 0.5,
    onError: 'allow',
    directions: ['prompt'],
    timeoutMs: 1000,
    settings: { banned: [], language: 'english' },
  },
  actions: ['flag', 'block'],
  prepare: () => () => ({ score: 0, findings: [] }),
};
const registry = [topic];

function refusal(input: unknown): string {
  try {
    parsePolicyPatch(registry, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('scanner policy patches', () => {
  it('name the field that is wrong', () => {
    expect(refusal({ topic: { threshold: 1.5 } })).toMatch(/^topic\.threshold must be <= 1/);
    expect(refusal({ topic: { action: 'redact' } })).toMatch(/^topic\.action /);
    expect(refusal({ topic: { settings: { banned: ['a', 'b', 'c'] } } })).toMatch(
      /^topic\.settings\.banned /,
    );
    expect(refusal({ topic: { settings: { banned: ['x'.repeat(11)] } } })).toMatch(
      /^topic\.settings\.banned\[0\] /,
    );
  });

  it('refuse an unknown scanner, listing the known ones', () => {
    expect(refusal({ toxicityy: { enabled: true } })).toMatch(
      /^Unknown scanner toxicityy; scanners are geoGating, .*topic/,
    );
    expect(refusal({ topic: { colour: 'red' } })).toMatch(/^Unknown field topic\.colour/);
  });

  it('change only what they name; settings merge name by name', () => {
    const base = builtInPolicies(registry);
    const patched = applyPatch(base, { topic: { enabled: true, settings: { banned: ['golf'] } } });
    expect(patched.topic).toEqual({
      ...topic.defaults,
      enabled: true,
      settings: { banned: ['golf'], language: 'english' },
    });
    expect(base.topic.enabled).toBe(false);
  });

  it('combine: a later patch wins field by field', () => {
    const combined = combinePatches(
      { topic: { enabled: true, settings: { banned: ['golf'] } } },
      { topic: { threshold: 0.9, settings: { language: 'french' } } },
    );
    expect(combined).toEqual({
      topic: { enabled: true, threshold: 0.9, settings: { banned: ['golf'], language: 'french' } },
    });
  });
});
