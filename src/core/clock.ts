/** Injected wherever "now" matters (seniority, timestamps) so tests can pin it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
