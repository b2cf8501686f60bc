import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import {
  customDatabasesQuery,
  toolKeys,
  useDeleteDatabase,
  useUpdateDatabase,
  type CustomDatabase,
} from './api.ts';
import { draftOfDatabase } from './database-draft.ts';
import { DatabaseForm } from './components/DatabaseForm.tsx';
import { TestDatabase } from './components/TestDatabase.tsx';
import { DATABASE_WORDS } from './definition-words.ts';
import { DefinitionPage, DefinitionView } from './DefinitionPage.tsx';

/** /admin/custom-databases/:databaseId: one database's settings, a test, and deleting it. */
export function CustomDatabasePage() {
  const { databaseId = '' } = useParams();
  const databases = useQuery(customDatabasesQuery);
  return (
    <DefinitionPage words={DATABASE_WORDS} list={databases} id={databaseId}>
      {(database) => <DatabaseView key={database.id} database={database} />}
    </DefinitionPage>
  );
}

function DatabaseView({ database }: { database: CustomDatabase }) {
  const update = useUpdateDatabase(database.id);
  const remove = useDeleteDatabase();
  return (
    <DefinitionView
      words={DATABASE_WORDS}
      item={database}
      update={update}
      remove={remove.mutateAsync}
      listKey={toolKeys.databases}
      created="The database is created. Test the connection below, then give it to agents on their Tools tab."
      deleteConsequence="No agent can query it any more. The database itself and its secret are not touched."
      test={<TestDatabase databaseId={database.id} />}
      form={(props) => <DatabaseForm initial={draftOfDatabase(database)} {...props} />}
    />
  );
}
