/** A session as people name it: its title and when it was, whichever are known. */
export function sessionLabel(title: string, when: string | null): string {
  return [title.trim(), when].filter(Boolean).join(', ');
}
