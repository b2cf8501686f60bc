import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { customApisQuery, toolKeys, useDeleteApi, useUpdateApi, type CustomApi } from './api.ts';
import { draftOfApi } from './api-draft.ts';
import { ApiForm } from './components/ApiForm.tsx';
import { TestCall } from './components/TestCall.tsx';
import { API_WORDS } from './definition-words.ts';
import { DefinitionPage, DefinitionView } from './DefinitionPage.tsx';

/** /admin/custom-apis/:apiId: one API's settings, a test call, and deleting it. */
export function CustomApiPage() {
  const { apiId = '' } = useParams();
  const apis = useQuery(customApisQuery);
  return (
    <DefinitionPage words={API_WORDS} list={apis} id={apiId}>
      {(api) => <ApiView key={api.id} api={api} />}
    </DefinitionPage>
  );
}

function ApiView({ api }: { api: CustomApi }) {
  const update = useUpdateApi(api.id);
  const remove = useDeleteApi();
  return (
    <DefinitionView
      words={API_WORDS}
      item={api}
      update={update}
      remove={remove.mutateAsync}
      listKey={toolKeys.apis}
      created="The API is created. Test it below, then give it to agents on their Tools tab."
      deleteConsequence="No agent can call it any more; conversations keep the calls it answered."
      test={<TestCall api={api} />}
      form={(props) => <ApiForm initial={draftOfApi(api)} {...props} />}
    />
  );
}
