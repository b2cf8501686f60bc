const KINDS: Record<string, string> = {
  'text/plain': 'Text',
  'text/markdown': 'Markdown',
  'text/csv': 'CSV',
  'application/json': 'JSON',
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
};

/** A file's type in words: "PDF", or its media type when it has no short name. */
export function typeOf(mediaType: string): string {
  return KINDS[mediaType.split(';')[0]?.trim() ?? ''] ?? mediaType;
}

const sizes = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 512 bytes, 3.4 kB, 1.2 MB (decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) {
    return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  }
  if (bytes < 1_000_000) {
    return `${sizes.format(bytes / 1000)} kB`;
  }
  return `${sizes.format(bytes / 1_000_000)} MB`;
}
