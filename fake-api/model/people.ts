// People, the segments they belong to, their devices, relationships and the objects they relate to
// (API.md §1.5, §2.17, §2.22, §2.25, §2.31, §2.32).

/** How a person is identified in most responses. */
export interface Identifiers {
  id: string | null;
  email: string | null;
  cio_id: string;
}

// §2.17
export interface Segment {
  id: number;
  name: string;
  description: string;
  type: 'dynamic' | 'manual';
  state: 'events' | 'build' | 'events_queued' | 'build_queued' | 'finished';
  progress: number | null;
  tags: string[] | null;
  created_at: number;
  updated_at: number;
  deduplicate_id: string;
}

export interface SegmentMember {
  segment_id: number;
  cio_id: string;
}

export interface Device {
  id: string;
  platform: 'ios' | 'android';
  last_used: number;
  attributes: Record<string, string>;
}

// §2.22: the customer object exactly as the attributes endpoints return it.
export interface Person {
  id: string | null;
  identifiers: Identifiers;
  /** All values are strings, as the API sends them. */
  attributes: Record<string, string>;
  timestamps: Record<string, number>;
  unsubscribed: boolean;
  devices: Device[];
}

// §2.25 (stored flat; the endpoint nests object_id/cio_object_id under `identifiers`).
export interface Relationship {
  cio_id: string;
  object_type_id: number;
  object_id: string;
  cio_object_id: string;
  attributes: Record<string, string>;
  timestamps: Record<string, number>;
}

// §2.31
export interface ObjectType {
  id: string;
  name: string;
  singular_name: string;
  slug: string;
  singular_slug: string;
  icon: string;
  enabled: boolean;
}

// §2.32. attributes are internal: search only returns identifiers, but filters read them.
export interface ObjectRecord {
  object_type_id: string;
  object_id: string;
  cio_object_id: string;
  attributes: Record<string, string>;
}
