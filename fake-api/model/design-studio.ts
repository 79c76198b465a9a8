// Design Studio emails, components and folders, and file assets (API.md §2.41; shapes from
// /tmp/research/design-studio.md, read from Customer.io's OpenAPI spec). Type aliases, not
// interfaces, so they fit PlainItem. Timestamps are unix seconds named created/updated.

/** Design Studio ids are strings, documented as UUIDs but shown otherwise ("sdflkj345") in the spec. */
export type DesignStudioFolder = {
  id: string;
  name: string;
  /** null: at the root. */
  parent_folder_id: string | null;
  created: number;
  updated: number;
};

export type DesignStudioEmail = {
  id: string;
  name: string;
  is_template: boolean;
  is_linked: boolean;
  has_translations: boolean;
  parent_folder_id: string | null;
  created: number;
  updated: number;
};

export type DesignStudioComponent = {
  id: string;
  name: string;
  /** The tag inserted into emails, e.g. "custom-footer". */
  tag: string;
  parent_folder_id: string | null;
  created: number;
  updated: number;
};

/** Asset ids and asset folder ids are integers (asset folders are not Design Studio folders). */
export type Asset = {
  id: number;
  name: string;
  parent_folder_id: number | null;
  /** Where the file is hosted. */
  path: string;
  /** Bytes. */
  size: number;
  created: number;
  updated: number;
};
