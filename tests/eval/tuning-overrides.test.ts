import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/answer/compose/tuning.js';
import { parseTuningOverrides } from '../../src/eval/tuning-overrides.js';

describe('eval --tune', () => {
  it('reads every numeric setting of the tuning object by name', () => {
    const numeric = Object.entries(DEFAULT_TUNING).filter(([, value]) => typeof value === 'number');
    expect(numeric.length).toBeGreaterThan(5);
    const text = numeric.map(([name], at) => `${name}=${at + 0.5}`).join(', ');
    expect(parseTuningOverrides(text)).toEqual(Object.fromEntries(numeric.map(([name], at) => [name, at + 0.5])));
  });

  it('refuses a name the tuning object lacks, a setting that is not a number, and a value that is not one', () => {
    expect(() => parseTuningOverrides('secondPassageMinGain=0.1,bogus=1')).toThrow(/réglage inconnu : bogus/);
    expect(() => parseTuningOverrides('disabled=1')).toThrow(/réglage inconnu : disabled/);
    expect(() => parseTuningOverrides('answerChars=beaucoup')).toThrow(/valeur numérique attendue pour answerChars/);
    expect(() => parseTuningOverrides('answerChars=')).toThrow(/valeur numérique/);
  });
});
