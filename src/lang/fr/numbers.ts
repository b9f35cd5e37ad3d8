/**
 * French numbers written in words, as data: « vingt-six heures » meets « 26 heures », « deux
 * mille vingt-cinq » meets « 2025 ». Tokens arrive folded and split on hyphens.
 */
// Maps, not plain objects: a token is any word of a question or passage, and « constructor » or
// « __proto__ » must not find Object.prototype's members.
const UNITS = new Map<string, number>(
  Object.entries({
    zero: 0,
    un: 1,
    une: 1,
    deux: 2,
    trois: 3,
    quatre: 4,
    cinq: 5,
    six: 6,
    sept: 7,
    huit: 8,
    neuf: 9,
    dix: 10,
    onze: 11,
    douze: 12,
    treize: 13,
    quatorze: 14,
    quinze: 15,
    seize: 16,
  }),
);
const TENS = new Map<string, number>(Object.entries({ vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, septante: 70, huitante: 80, nonante: 90 }));
const MULTIPLIERS = new Map<string, number>(Object.entries({ cent: 100, cents: 100, mille: 1000, million: 1_000_000, millions: 1_000_000 }));
/** Ordinals stand for their number too (« premier » axe, « troisième » objectif). */
export const ORDINALS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    premier: '1',
    premiere: '1',
    deuxieme: '2',
    second: '2',
    seconde: '2',
    troisieme: '3',
    quatrieme: '4',
    cinquieme: '5',
    sixieme: '6',
    septieme: '7',
    huitieme: '8',
    neuvieme: '9',
    dixieme: '10',
  }),
);

function isNumberWord(token: string): boolean {
  return UNITS.has(token) || TENS.has(token) || MULTIPLIERS.has(token);
}

/**
 * Reads a number written in words from `tokens[start]`: its value and how many tokens it took,
 * or undefined. « un »/« une » alone are articles, not numbers; « et » joins only inside a number
 * (« vingt et un »).
 */
export function readNumberWords(tokens: string[], start: number): { value: number; length: number } | undefined {
  const first = tokens[start];
  if (first === undefined || !isNumberWord(first) || first === 'un' || first === 'une') return undefined;
  let total = 0;
  let current = 0;
  let index = start;
  while (index < tokens.length) {
    const token = tokens[index]!;
    if (token === 'et' && index > start && tokens[index + 1] !== undefined && (tokens[index + 1] === 'un' || tokens[index + 1] === 'une' || tokens[index + 1] === 'onze')) {
      index += 1;
      continue;
    }
    const unit = UNITS.get(token);
    const ten = TENS.get(token);
    const multiplier = MULTIPLIERS.get(token);
    if (unit !== undefined) {
      // « quatre-vingt » multiplies; « dix-sept » adds.
      current += unit;
    } else if (ten !== undefined) {
      current = current > 0 && current < 10 && token.startsWith('vingt') ? current * 20 : current + ten;
    } else if (multiplier !== undefined) {
      if (multiplier === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * multiplier;
        current = 0;
      }
    } else break;
    index += 1;
  }
  return { value: total + current, length: index - start };
}

const WORD = `(?:${[...UNITS.keys(), ...TENS.keys(), ...MULTIPLIERS.keys()].sort((a, b) => b.length - a.length).join('|')})`;
/** A run of number words joined by hyphens, spaces or « et » (« quatre-vingt-dix », « vingt et un »). */
const NUMBER_RUN = new RegExp(`\\b${WORD}(?:(?:-|\\s+)(?:et(?:-|\\s+))?${WORD})*\\b`, 'g');

/** Folded text with numbers in words written in digits; punctuation ends a number. */
export function digitsForNumberWords(folded: string): string {
  return folded.replace(NUMBER_RUN, (run, offset: number) => {
    // « pour cent » is a percentage sign, not a hundred.
    if (/^cents?$/.test(run) && /pour\s*$/.test(folded.slice(Math.max(0, offset - 6), offset))) return run;
    const tokens = run.split(/[-\s]+/);
    const number = readNumberWords(tokens, 0);
    // « un », « une » alone are articles; a run read only in part is left as written.
    return number && number.length === tokens.length ? String(number.value) : run;
  });
}

/**
 * Digits a scan's OCR read as letters (« l5 OOO € », « 2O25 », « l2 mars »), written back as
 * digits in folded text: a token of digits and « l », « i », « o » holding at least one digit, and
 * a group of three « o » after a number (its thousands). Words (« lo », « il ») hold no digit and stay.
 */
export function ocrDigits(folded: string): string {
  let text = folded.replace(/(?<![\p{L}\d])(?=[\dlio]*\d)[\dlio]+(?![\p{L}\d])/gu, (token: string, offset: number, whole: string) => {
    if (/^\d+$/.test(token)) return token;
    // A code (« article l1 », « salle l10 ») is no figure; a figure is long, or read before its
    // thousands, its unit or its month (« l5 ooo € », « l2 mars »).
    if (/\b(article|art|salle|n°|no|numero|code|ligne|bat|batiment|lot)\s*$/.test(whole.slice(Math.max(0, offset - 12), offset))) return token;
    const digits = token.replace(/\D/g, '').length;
    const next = whole.slice(offset + token.length, offset + token.length + 12);
    if (digits < 2 && !/^\s*(ooo|\d|€|euros?|%|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)/.test(next)) return token;
    return token.replace(/[li]/g, '1').replace(/o/g, '0');
  });
  // « 2 ooo ooo »: each group of thousands after a number.
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/(?<=\d)(\s)ooo(?![\p{L}\d])/gu, '$1000');
  }
  return text;
}
