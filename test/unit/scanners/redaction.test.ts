import { describe, expect, it } from 'vitest';
import { redact, StreamingRestorer, Vault } from '../../../src/scanners/redaction.ts';

const email = (start: number, end: number) => ({ type: 'email', start, end, label: 'Email' });

describe('redaction', () => {
  it('gives each original one typed placeholder and restores them', () => {
    const vault = new Vault();
    const text = 'a@x.io, b@y.io and a@x.io';
    const redacted = redact(text, [email(0, 6), email(8, 14), email(19, 25)], vault);
    expect(redacted).toBe('[EMAIL_1], [EMAIL_2] and [EMAIL_1]');
    expect(vault.restore('Wrote to [EMAIL_2] and [EMAIL_1]; [EMAIL_9] stays')).toBe(
      'Wrote to b@y.io and a@x.io; [EMAIL_9] stays',
    );
  });

  it('names placeholders from camelCase types and merges overlapping spans', () => {
    const vault = new Vault();
    const text = '4111 1111 1111 1111 end';
    const redacted = redact(
      text,
      [
        { type: 'creditCard', start: 0, end: 19, label: 'Card' },
        { type: 'phone', start: 5, end: 14, label: 'Phone' },
      ],
      vault,
    );
    expect(redacted).toBe('[CREDIT_CARD_1] end');
  });

  it("numbers after the conversation's earlier placeholders", () => {
    const vault = new Vault(['I wrote [EMAIL_1] and [EMAIL_3]', 'call [PHONE_1]']);
    expect(redact('c@z.io', [email(0, 6)], vault)).toBe('[EMAIL_4]');
    // An earlier turn's placeholder is not this turn's to restore.
    expect(vault.restore('[EMAIL_1] [EMAIL_4]')).toBe('[EMAIL_1] c@z.io');
  });

  it('restores a placeholder cut between streamed pieces', () => {
    const vault = new Vault();
    redact('a@x.io', [email(0, 6)], vault);
    const restorer = new StreamingRestorer(vault);
    const out = ['Mail [EM', 'AIL', '_1] now [', 'sic] ok'].map((piece) => restorer.push(piece));
    out.push(restorer.end());
    expect(out.join('')).toBe('Mail a@x.io now [sic] ok');
    expect(out[0]).toBe('Mail ');
  });

  it('with nothing redacted, streams every piece as it comes', () => {
    const restorer = new StreamingRestorer(new Vault());
    expect(restorer.push('an [unclosed')).toBe('an [unclosed');
  });
});
