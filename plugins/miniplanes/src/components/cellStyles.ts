/** A table cell whose text stays on one line: names, counts, headers. */
export const oneLine = { whiteSpace: 'nowrap' as const };
