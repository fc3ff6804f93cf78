/** A table cell whose text stays on one line: names, counts, headers. */
export const oneLine = { whiteSpace: 'nowrap' as const };

export const NO_BREAK_SPACE = '\u00a0';

/** Text a line never breaks inside ("5 minutes ago", "64 cores" stay one piece). */
export const unbroken = (text: string) => text.replace(/ /g, NO_BREAK_SPACE);
