/** How a table (./table.ts) indexes its rows: by a key computed from each row, unique (one row a value) or multi (the rows that share one). */
export interface IndexSpec<T> {
  unique: boolean;
  key: (row: T) => string | null;
  /** The field whose value is the key, when it is one field's value as it is. */
  field?: string;
}

export const unique = <T>(key: (row: T) => string | null): IndexSpec<T> => ({ unique: true, key });
/** A unique index on one string field: checking a document for duplicates of it uses the index (see uniqueCount). */
export const uniqueField = <T>(field: keyof T & string): IndexSpec<T> => ({ unique: true, key: (row) => row[field] as string | null, field });
export const multi = <T>(key: (row: T) => string | null): IndexSpec<T> => ({ unique: false, key });
