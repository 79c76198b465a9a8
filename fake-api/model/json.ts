// JSON values as they go over the wire (activity data, cursors, extra fields).

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
