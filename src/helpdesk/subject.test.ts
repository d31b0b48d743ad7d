import { describe, expect, it } from 'vitest';
import { helpdeskTitle, looksLikeReply } from './subject.js';

describe('subjects', () => {
  it('make helpdesk titles without reply prefixes or [number] tags', () => {
    expect(helpdeskTitle('RE: SV: Fwd: Printer broken [abc123]')).toBe('Printer broken');
    expect(helpdeskTitle('AW: WG: Drucker kaputt')).toBe('Drucker kaputt');
    expect(helpdeskTitle('Re[2]: Invoice')).toBe('Invoice');
    expect(helpdeskTitle('   ')).toBe('(no subject)');
  });

  it('keep words that merely start like a prefix', () => {
    expect(helpdeskTitle('Refund request')).toBe('Refund request');
    expect(looksLikeReply('Refund request')).toBe(false);
  });

  it('recognise replies and forwards', () => {
    expect(looksLikeReply('Re: x')).toBe(true);
    expect(looksLikeReply('SV: x')).toBe(true);
    expect(looksLikeReply('Fwd: x')).toBe(true);
    expect(looksLikeReply('Printer')).toBe(false);
  });
});
