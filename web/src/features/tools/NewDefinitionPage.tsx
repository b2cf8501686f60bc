import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import type { ToolFormProps } from './components/ToolForm.tsx';
import type { DefinitionWords } from './definition-words.ts';
import type { CreatedState } from './states.ts';
import './tools.css';

/** What NewDefinitionPage needs of the create mutation. */
interface Create<Input> {
  mutate: (input: Input, options: { onSuccess: (item: { id: string }) => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

interface NewDefinitionPageProps<Input> {
  words: DefinitionWords;
  /** What the item is, and what comes next. */
  lead: ReactNode;
  create: Create<Input>;
  /** Its form, given what creating it takes. */
  form: (props: ToolFormProps<Input>) => ReactNode;
}

/** A new custom API or database; once created, its page (to test it). */
export function NewDefinitionPage<Input>({
  words,
  lead,
  create,
  form,
}: NewDefinitionPageProps<Input>) {
  const title = `New ${words.kind}`;
  useDocumentTitle(title);
  const navigate = useNavigate();
  return (
    <div className="page tools-page">
      <p className="breadcrumb">
        <Link to={words.listPath}>{words.listTitle}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      {form({
        label: title,
        submitLabel: `Create ${words.noun}`,
        pendingLabel: 'Creating…',
        pending: create.isPending,
        error: create.error,
        onEdit: () => create.reset(),
        onSubmit: (input) =>
          create.mutate(input, {
            onSuccess: (item) =>
              void navigate(`${words.listPath}/${item.id}`, {
                state: { created: true } satisfies CreatedState,
              }),
          }),
        actions: (
          <Link to={words.listPath} className="button button-quiet">
            Cancel
          </Link>
        ),
      })}
    </div>
  );
}
