import { useCreateApi } from './api.ts';
import { NEW_API } from './api-draft.ts';
import { ApiForm } from './components/ApiForm.tsx';
import { API_WORDS } from './definition-words.ts';
import { NewDefinitionPage } from './NewDefinitionPage.tsx';

/** /admin/custom-apis/new: an API described by hand; then its page, to test it. */
export function NewCustomApiPage() {
  const create = useCreateApi();
  return (
    <NewDefinitionPage
      words={API_WORDS}
      lead="One endpoint of an HTTP API, as a tool the model may call. Next, test it with a real call and give it to agents on their Tools tab."
      create={create}
      form={(props) => <ApiForm initial={NEW_API} {...props} />}
    />
  );
}
