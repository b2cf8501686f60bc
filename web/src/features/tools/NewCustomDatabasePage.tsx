import { useCreateDatabase } from './api.ts';
import { NEW_DATABASE } from './database-draft.ts';
import { DatabaseForm } from './components/DatabaseForm.tsx';
import { DATABASE_WORDS } from './definition-words.ts';
import { NewDefinitionPage } from './NewDefinitionPage.tsx';

/** /admin/custom-databases/new: a database and its queries; then its page, to test it. */
export function NewCustomDatabasePage() {
  const create = useCreateDatabase();
  return (
    <NewDefinitionPage
      words={DATABASE_WORDS}
      lead="A PostgreSQL database agents may read. Next, test the connection and give it to agents on their Tools tab."
      create={create}
      form={(props) => <DatabaseForm initial={NEW_DATABASE} {...props} />}
    />
  );
}
