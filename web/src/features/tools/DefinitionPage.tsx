import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useForget } from './api.ts';
import type { ToolFormProps } from './components/ToolForm.tsx';
import { UsedBy } from './components/UsedBy.tsx';
import { capitalised, type DefinitionWords } from './definition-words.ts';
import { ADMIN_ONLY, isCreated, type DeletedState } from './states.ts';
import './tools.css';

/** A custom API or database as its list gives it. */
interface Definition {
  id: string;
  name: string;
  usedBy: readonly { id: string; name: string }[];
}

interface DefinitionPageProps<Item extends Definition> {
  words: DefinitionWords;
  /** The list the page finds its item in. */
  list: UseQueryResult<readonly Item[]>;
  id: string;
  /** The item's view, once found. */
  children: (item: Item) => ReactNode;
}

/** The page of one custom API or database: loading it, "not found", or its view. */
export function DefinitionPage<Item extends Definition>({
  words,
  list,
  id,
  children,
}: DefinitionPageProps<Item>) {
  const item = list.data?.find((candidate) => candidate.id === id);
  useDocumentTitle(item ? `${item.name} · ${words.listTitle}` : capitalised(words.kind));
  return (
    <div className="page tools-page">
      <p className="breadcrumb">
        <Link to={words.listPath}>{words.listTitle}</Link>
      </p>
      {list.isPending && <Spinner label={`Loading the ${words.noun}…`} />}
      <ErrorNotice error={list.error} byStatus={ADMIN_ONLY} />
      {list.data && !item && (
        <>
          <h1>{`${capitalised(words.noun)} not found`}</h1>
          <Notice kind="info">
            {`There is no ${words.kind} with this id: it may have been deleted. `}
            <Link to={words.listPath}>{`See every ${words.kind}`}</Link>.
          </Notice>
        </>
      )}
      {item && children(item)}
    </div>
  );
}

/** What DefinitionView needs of the item's update mutation. */
interface Update<Input> {
  mutate: (input: Input) => void;
  reset: () => void;
  isPending: boolean;
  isSuccess: boolean;
  error: unknown;
}

interface DefinitionViewProps<Item extends Definition, Input> {
  words: DefinitionWords;
  item: Item;
  update: Update<Input>;
  /** Deletes it; a 409 names the agents that still use it, shown in the dialog. */
  remove: (id: string) => Promise<unknown>;
  /** The list's query key, to forget the deleted item by. */
  listKey: readonly string[];
  /** Said once it is created: what to do next. */
  created: ReactNode;
  /** What deleting it does, when no agent uses it. */
  deleteConsequence: string;
  /** The test panel, above the form. */
  test: ReactNode;
  /** Its form, given what saving it takes. */
  form: (props: ToolFormProps<Input>) => ReactNode;
}

/** One custom API's or database's heading, its agents, its test, its settings, and deleting it. */
export function DefinitionView<Item extends Definition, Input>({
  words,
  item,
  update,
  remove,
  listKey,
  created,
  deleteConsequence,
  test,
  form,
}: DefinitionViewProps<Item, Input>) {
  const justCreated = isCreated(useLocation().state);
  const forget = useForget(listKey);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justCreated) {
      heading.current?.focus();
    }
  }, [justCreated]);
  return (
    <>
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1} className="mono-heading">
          {item.name}
        </h1>
        <button
          type="button"
          className="button-secondary danger-text"
          onClick={() => setDeleting(true)}
        >
          {`Delete ${words.noun}`}
        </button>
      </div>
      <p className="used-by-line">
        <span className="muted">Used by:</span> <UsedBy agents={item.usedBy} />
      </p>
      {justCreated && <Notice kind="success">{created}</Notice>}
      {test}
      {form({
        label: `${capitalised(words.noun)} settings`,
        submitLabel: `Save ${words.noun}`,
        pendingLabel: 'Saving…',
        pending: update.isPending,
        error: update.error,
        onEdit: () => update.reset(),
        onSubmit: (input) => update.mutate(input),
        notice: update.isSuccess && <Notice kind="success">Saved.</Notice>,
      })}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${item.name}”?`}
          confirmLabel={`Delete ${words.noun}`}
          workingLabel="Deleting…"
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await remove(item.id);
            await navigate(words.listPath, {
              state: { deleted: item.name } satisfies DeletedState,
            });
            await forget(item.id);
          }}
        >
          {item.usedBy.length > 0
            ? `${item.usedBy.map((agent) => agent.name).join(', ')} still ${item.usedBy.length === 1 ? 'uses' : 'use'} it: take it off their Tools tab first, or the server refuses.`
            : deleteConsequence}
        </ConfirmDialog>
      )}
    </>
  );
}
