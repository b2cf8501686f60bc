/** The file behind a `sqlite:` URL (`:memory:` for an in-memory database), or undefined. */
export function sqliteFilePath(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('sqlite:')) {
    return undefined;
  }
  return databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') || ':memory:';
}
