import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../src/answer/compose/tuning.js';
import { parseTuningOverrides } from '../../src/eval/tuning-overrides.js';

describe('eval --tune', () => {
  it('reads every numeric setting of the tuning object by name, at its default value', () => {
    const numeric = Object.entries(DEFAULT_TUNING).filter(([, value]) => typeof value === 'number');
    expect(numeric.length).toBeGreaterThan(5);
    const text = numeric.map(([name, value]) => `${name}=${value}`).join(', ');
    expect(parseTuningOverrides(text)).toEqual(Object.fromEntries(numeric));
  });

  it('adds a repeated option to the settings read before, the later value winning', () => {
    const first = parseTuningOverrides('secondPassageMinGain=0.1,composeDepth=4');
    expect(parseTuningOverrides('composeDepth=6', first)).toEqual({ secondPassageMinGain: 0.1, composeDepth: 6 });
  });

  it('refuses unknown names, non-numeric settings, values that are no number of their sort, and nothing to set', () => {
    expect(() => parseTuningOverrides('secondPassageMinGain=0.1,bogus=1')).toThrow(/réglage inconnu : bogus/);
    expect(() => parseTuningOverrides('disabled=1')).toThrow(/réglage inconnu : disabled/);
    expect(() => parseTuningOverrides('answerChars=beaucoup')).toThrow(/valeur numérique attendue pour answerChars/);
    expect(() => parseTuningOverrides('answerChars=')).toThrow(/valeur numérique/);
    expect(() => parseTuningOverrides('supportThreshold=1=2')).toThrow(/valeur numérique/);
    expect(() => parseTuningOverrides('supportThreshold=0,3')).toThrow(/séparateur décimal/);
    expect(() => parseTuningOverrides('=1')).toThrow(/nom de réglage manquant/);
    expect(() => parseTuningOverrides('composeDepth=2.5')).toThrow(/nombre entier attendu pour composeDepth/);
    expect(() => parseTuningOverrides('composeDepth=0')).toThrow(/au moins 1/);
    expect(() => parseTuningOverrides('refusalSuggestions=-1')).toThrow(/positive ou nulle/);
    expect(() => parseTuningOverrides('supportThreshold=7')).toThrow(/entre 0 et 1/);
    expect(() => parseTuningOverrides(' , ')).toThrow(/aucun réglage/);
    expect(parseTuningOverrides('refusalSuggestions=0,undatedFigureFactor=1.5')).toEqual({ refusalSuggestions: 0, undatedFigureFactor: 1.5 });
  });
});
