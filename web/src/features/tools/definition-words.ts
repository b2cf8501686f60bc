// How the pages of one custom API or database, and of a new one, name what they show.

export interface DefinitionWords {
  /** The list page: /admin/custom-apis. */
  listPath: string;
  /** Its title, the breadcrumb back to it: Custom APIs. */
  listTitle: string;
  /** One of them: custom API. */
  kind: string;
  /** For short, in "Delete …" and "Save …": API. */
  noun: string;
}

export const API_WORDS: DefinitionWords = {
  listPath: '/admin/custom-apis',
  listTitle: 'Custom APIs',
  kind: 'custom API',
  noun: 'API',
};

export const DATABASE_WORDS: DefinitionWords = {
  listPath: '/admin/custom-databases',
  listTitle: 'Custom databases',
  kind: 'custom database',
  noun: 'database',
};

/** "custom API" → "Custom API", "database" → "Database". */
export function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
