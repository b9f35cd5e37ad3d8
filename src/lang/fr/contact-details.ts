/**
 * Contact details in questions and texts: « c'est quoi le numéro de tel du centre social ? » asks
 * for a telephone number, and only a passage holding one answers it; a passage naming the centre
 * social does not. Patterns read the folded question (lower case, no accents, apostrophes unified).
 */
export type ContactDetail = 'phone' | 'email' | 'address';

const ASKS: readonly { detail: ContactDetail; asks: RegExp }[] = [
  // Plurals too: « vous avez leurs mails ? », « les numeros de tel des referents ».
  // « financer des téléphones pour nos médiateurs » names equipment, not a number to call.
  {
    detail: 'phone',
    asks: /\b(numeros? de (tel|telephone|portable|fixe)s?|n° de tel\w*|num de tel\w*|(?<!\b(?:des|nos|acheter|financer|fournir|equiper) )telephones?|tel|joindre par telephone|appeler)\b/,
  },
  // « par mail » says how to send something, it does not ask for an address.
  { detail: 'email', asks: /\b(adresses? (mail|e-mail|email|electronique|courriel)s?|(?<!\bpar )(?:mails?|e-mails?|emails?|courriels?|mels?))\b/ },
  { detail: 'address', asks: /\b(adresse postale|adresse (du|de la|de l'|des)|ou (se trouve|est situe|sont situes|se situe)|a quelle adresse)\b/ },
];

/** The contact detail a question asks for, if any. */
export function contactDetailAsked(folded: string): ContactDetail | undefined {
  return ASKS.find((row) => row.asks.test(folded))?.detail;
}

const HOLDS: Record<ContactDetail, RegExp> = {
  phone: /(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b/,
  email: /[\w.+-]+@[\w-]+\.[\w.-]+/,
  // A street or a postal code and town: « 12, place de la Filature », « 42400 Saint-Chamond ».
  address: /\b\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|chemin|allee|allée|route|impasse|square|cours)\b|\b\d{5}\s+\p{Lu}/iu,
};

/** Whether a text holds a contact detail of that sort. */
export function holdsContactDetail(text: string, detail: ContactDetail): boolean {
  return HOLDS[detail].test(text);
}
