/** Long words (a title or department name with no spaces) wrap instead of widening the page. */
export const WRAP = { overflowWrap: "anywhere" } as const;
