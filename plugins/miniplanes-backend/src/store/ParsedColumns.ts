import { deepFreeze } from '../lib/deepFreeze';

/** Values parsed here: frozen whole (nothing in fresh JSON was frozen before), so never changed. */
const parsedHere = new WeakSet<object>();

/**
 * Whether the value is one a store parsed and froze whole: such a value
 * never changes, so its identity stands for its content.
 */
export function isParsedColumn(value: unknown): value is object {
  return typeof value === 'object' && value !== null && parsedHere.has(value);
}

/**
 * JSON columns parsed once per text: every sync pass reads every service,
 * and most rows are unchanged since the last read. A column whose text is
 * the same as last time gives the same (frozen) value, so the pass also
 * finds unchanged specs and decisions by identity instead of comparing them.
 */
export class ParsedColumns {
  private readonly values = new Map<string, { text: string; value: unknown }>();

  /** The value of a row's column (`key` names both), undefined for no text. */
  parse<T>(key: string, text: string | null | undefined): T | undefined {
    if (!text) {
      this.values.delete(key);
      return undefined;
    }
    const kept = this.values.get(key);
    if (kept?.text === text) return kept.value as T;
    const value = deepFreeze(JSON.parse(text));
    if (typeof value === 'object' && value !== null) parsedHere.add(value);
    this.values.set(key, { text, value });
    return value as T;
  }

  /** Forgets a key (its row is deleted). */
  forget(key: string): void {
    this.values.delete(key);
  }

  /** Forgets every key but those for which `keep` holds (rows deleted meanwhile). */
  retain(keep: (key: string) => boolean): void {
    for (const key of this.values.keys())
      if (!keep(key)) this.values.delete(key);
  }
}
