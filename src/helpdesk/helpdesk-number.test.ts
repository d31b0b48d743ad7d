import { describe, expect, it } from 'vitest';
import { drawHelpdeskNumber, helpdeskNumbersInSubject, withoutNumberTags } from './helpdesk-number.js';
import { helpdeskTitle } from './subject.js';

describe('helpdesk numbers', () => {
  it('are six lowercase letters or digits', () => {
    for (let i = 0; i < 200; i++) expect(drawHelpdeskNumber()).toMatch(/^[a-z0-9]{6}$/);
  });

  it('are drawn from the random source given', () => {
    expect(drawHelpdeskNumber(() => 0)).toBe('aaaaaa');
    expect(drawHelpdeskNumber(() => 35)).toBe('999999');
  });

  it('are found in a subject between square brackets, lower-cased and once each', () => {
    expect(helpdeskNumbersInSubject('Re: Printer broken [abc123]')).toEqual(['abc123']);
    expect(helpdeskNumbersInSubject('RE: [ABC123] and [k3x9qa] and [abc123]')).toEqual(['abc123', 'k3x9qa']);
  });

  it('are not found in brackets of another length or with other characters', () => {
    expect(helpdeskNumbersInSubject('[abc12] [abc1234] [abc-12] abc123')).toEqual([]);
  });

  it('one pattern draws, finds and strips them: a drawn number tagged in a subject is found and left out of the title', () => {
    for (let i = 0; i < 50; i++) {
      const number = drawHelpdeskNumber();
      const subject = `RE: Printer broken [${number.toUpperCase()}]`;
      expect(helpdeskNumbersInSubject(subject)).toEqual([number]);
      expect(withoutNumberTags(subject)).toBe('RE: Printer broken  ');
      expect(helpdeskTitle(subject)).toBe('Printer broken');
    }
  });
});
