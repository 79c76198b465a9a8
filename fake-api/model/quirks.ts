// How served records stray from their documented shape (see present.ts, which applies them).

export interface Quirks {
  /** Integer fields some records send as numeric strings. */
  asStrings?: readonly string[];
  /** Digit-only string fields some records send as numbers. */
  asNumbers?: readonly string[];
  /** Integer arrays some records send as strings. */
  listsAsStrings?: readonly string[];
  /** Documented optional (often deprecated) fields some records leave out. */
  optional?: readonly string[];
  /** Documented nullable fields some records send as null. */
  nullable?: readonly string[];
  /** Objects, or arrays of objects, decided element by element. */
  nested?: Readonly<Record<string, Quirks>>;
}
