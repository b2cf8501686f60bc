/**
 * What an upload may be. Text formats have no magic bytes, so for them alone the extension
 * decides; documents are recognised by their content and parsed in the extraction pool.
 */
export const TEXT_MEDIA_TYPES = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
} as const;

export const DOCUMENT_MEDIA_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
} as const;

/** Every media type the server can read text from: the default of the allowedFileTypes scanner. */
export const UPLOAD_MEDIA_TYPES: readonly string[] = [
  ...Object.values(TEXT_MEDIA_TYPES),
  ...Object.keys(DOCUMENT_MEDIA_TYPES),
];
