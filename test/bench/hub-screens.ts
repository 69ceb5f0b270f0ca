/** A rep's screens on a hub, asked through its HTTP API as the pages ask them, and how their times are summed up. */

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export const summary = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${percentile(values, 100).toFixed(1)} ms (n=${values.length})`;

export async function call(url: string, token: string, channel: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}

export type Screen = { channel: string; input: (repId: string) => unknown }[];

/** What the Today page asks for a signed-in rep (today-page.tsx, reminders.tsx). */
export const today: Screen = [
  {
    channel: 'schedule:list',
    input: (repId) => {
      const monday = new Date();
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
      monday.setUTCHours(0, 0, 0, 0);
      return { repId, from: monday.toISOString(), to: new Date(monday.getTime() + 7 * 86_400_000).toISOString() };
    },
  },
  { channel: 'schedule:next', input: (repId) => ({ repId }) },
  { channel: 'reminders:due', input: (repId) => ({ repId }) },
  { channel: 'scenarios:list', input: () => ({ includeArchived: true }) },
  { channel: 'personas:list', input: () => ({ includeArchived: true }) },
];

/** Loads a screen `rounds` times for each person (their calls in parallel, as the page does). */
export async function measureScreen(url: string, people: { repId: string; token: string }[], screen: Screen, rounds: number) {
  const whole: number[] = [];
  const byChannel = new Map<string, number[]>(screen.map((s) => [s.channel, []]));
  for (let round = 0; round < rounds; round++) {
    for (const person of people) {
      const t0 = performance.now();
      await Promise.all(
        screen.map(async ({ channel, input }) => {
          const t1 = performance.now();
          await call(url, person.token, channel, input(person.repId));
          byChannel.get(channel)!.push(performance.now() - t1);
        }),
      );
      whole.push(performance.now() - t0);
    }
  }
  return { whole, byChannel };
}

