/**
 * At most `max` characters of something a person or a file sent, for quoting it back in a
 * message: a 10 MB header line must not come back as a 10 MB error.
 */
export function excerpt(text: string, max = 80): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
