/**
 * The French reasons shown to users when a file cannot be ingested, kept in one place so
 * every loader words the same problem the same way.
 */

export const REASONS = {
  empty: 'fichier vide',
  binaryText: 'fichier binaire, pas du texte',
  notFound: 'fichier introuvable',
  notAFile: "ce n'est pas un fichier",
  unreadable: 'fichier illisible (accès refusé ou erreur de lecture)',
  pdfCorrupt: 'PDF illisible ou corrompu',
  pdfPassword: 'PDF protégé par un mot de passe',
  pdfNoText: 'PDF sans texte extractible (document scanné ?)',
  docxCorrupt: 'DOCX illisible ou corrompu',
  docxNoText: 'DOCX sans texte',
} as const;

const MEGABYTE = 1024 * 1024;

/** `63 Mo`, `12 Ko`, `512 octets`: French units, whole numbers unless that hides a difference. */
export function formatSize(bytes: number, decimals = 0): string {
  const [value, unit] = bytes >= MEGABYTE ? [bytes / MEGABYTE, 'Mo'] : bytes >= 1024 ? [bytes / 1024, 'Ko'] : [bytes, 'octets'];
  const shown = unit === 'octets' ? String(bytes) : value.toFixed(decimals).replace('.', ',');
  return `${shown} ${unit}`;
}

export function tooLargeReason(size: number, maxBytes: number): string {
  let shownSize = formatSize(size);
  let shownMax = formatSize(maxBytes);
  // 50.2 Mo against a 50 Mo limit would read « 50 Mo, maximum 50 Mo »: show a decimal then.
  if (shownSize === shownMax) {
    shownSize = formatSize(size, 1);
    shownMax = formatSize(maxBytes, 1);
  }
  return `fichier trop volumineux (${shownSize}, maximum ${shownMax})`;
}

export function unsupportedReason(extension: string, accepted: readonly string[]): string {
  const shown = extension === '' ? 'sans extension' : extension;
  return `format non pris en charge (${shown}) : formats acceptés ${accepted.join(', ')}`;
}
