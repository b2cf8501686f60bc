import { useId, useRef, useState, type ChangeEvent, type FormEvent, type RefObject } from 'react';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Field } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextAreaField } from '../../components/TextAreaField.tsx';
import { useImportApis, usePreviewImport, type ImportPreview } from './api.ts';
import { NEW_API } from './api-draft.ts';
import { authInputOf } from './auth-draft.ts';
import { AuthFields } from './components/AuthFields.tsx';
import type { ImportedState } from './states.ts';
import { operationKey, pickableKeys } from './openapi-import.ts';
import './tools.css';

type Operation = ImportPreview[number];

/** 4 MB: an OpenAPI document larger than this is not one a person pastes. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/**
 * /admin/custom-apis/import: an OpenAPI 3 document pasted or read from a file; a dry run lists
 * its operations, the admin ticks the ones to import, and each becomes a custom API. Those whose
 * name a custom API has already are shown but cannot be ticked: a document can be imported in
 * parts.
 */
export function ImportOpenApiPage() {
  useDocumentTitle('Import from OpenAPI · Custom APIs');
  const preview = usePreviewImport();
  const importApis = useImportApis();
  const navigate = useNavigate();
  const headingId = useId();
  const [documentText, setDocumentText] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [auth, setAuth] = useState(NEW_API.auth);
  const [fileProblem, setFileProblem] = useState<string>();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const operationsHeading = useRef<HTMLHeadingElement>(null);
  const request = () => ({
    document: documentText,
    ...(baseUrl.trim() && { baseUrl: baseUrl.trim() }),
    auth: authInputOf(auth),
  });

  const edit = () => {
    preview.reset();
    importApis.reset();
  };
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setFileProblem(undefined);
    if (!file) {
      return;
    }
    if (file.size > MAX_DOCUMENT_BYTES) {
      setFileProblem(`${file.name} is larger than 4 MB: import a smaller part of the document.`);
      return;
    }
    setDocumentText(await file.text());
    edit();
  };
  const list = (event: FormEvent) => {
    event.preventDefault();
    preview.mutate(request(), {
      onSuccess: (operations) => {
        setPicked(pickableKeys(operations));
        // After the render that lists them: the person continues there.
        requestAnimationFrame(() => operationsHeading.current?.focus());
      },
    });
  };
  const operations = preview.data ?? [];
  return (
    <div className="page tools-page">
      <p className="breadcrumb">
        <Link to="/admin/custom-apis">Custom APIs</Link>
      </p>
      <h1>Import from OpenAPI</h1>
      <p className="lead">
        Each operation of an OpenAPI 3 document can become a custom API, with its parameters and
        description. Nothing is created until you pick the operations and import them.
      </p>
      <form onSubmit={list} className="stack" aria-label="OpenAPI document">
        <section className="card stack" aria-labelledby={headingId}>
          <h2 id={headingId} className="tab-heading">
            The document
          </h2>
          <div className="field">
            <label htmlFor={`${headingId}-file`}>Read from a file</label>
            <input
              id={`${headingId}-file`}
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml"
              aria-describedby={fileProblem ? `${headingId}-file-error` : undefined}
              onChange={(event) => void readFile(event)}
            />
            {fileProblem && (
              <div className="field-error" id={`${headingId}-file-error`}>
                {fileProblem}
              </div>
            )}
          </div>
          <TextAreaField
            label="OpenAPI document (JSON or YAML)"
            required
            rows={10}
            className="mono"
            spellCheck={false}
            autoCapitalize="off"
            value={documentText}
            onChange={(event) => {
              setDocumentText(event.target.value);
              edit();
            }}
            hint="Paste it here, or read it from a file above."
          />
          <Field
            label="Base URL (optional)"
            type="url"
            maxLength={2000}
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={baseUrl}
            onChange={(event) => {
              setBaseUrl(event.target.value);
              edit();
            }}
            hint="Replaces the document's first server URL; needed when it names none."
          />
        </section>
        <AuthFields
          intro="How every API imported from this document authenticates; you can change each one after."
          value={auth}
          errors={{}}
          onChange={(next) => {
            setAuth(next);
            edit();
          }}
        />
        <ErrorNotice error={preview.error} />
        <div className="actions">
          <button type="submit" disabled={preview.isPending || !documentText.trim()}>
            {preview.isPending ? 'Reading…' : 'List operations'}
          </button>
          <Link to="/admin/custom-apis" className="button button-quiet">
            Cancel
          </Link>
        </div>
      </form>
      {preview.data && (
        <OperationsPicker
          headingRef={operationsHeading}
          operations={operations}
          picked={picked}
          onPick={setPicked}
          pending={importApis.isPending}
          error={importApis.error}
          onImport={() =>
            importApis.mutate(
              { ...request(), operations: [...picked] },
              {
                onSuccess: (created) =>
                  void navigate('/admin/custom-apis', {
                    state: { imported: created.map((api) => api.name) } satisfies ImportedState,
                  }),
              },
            )
          }
        />
      )}
    </div>
  );
}

function OperationsPicker({
  headingRef,
  operations,
  picked,
  onPick,
  pending,
  error,
  onImport,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  operations: readonly Operation[];
  picked: ReadonlySet<string>;
  onPick: (picked: Set<string>) => void;
  pending: boolean;
  error: unknown;
  onImport: () => void;
}) {
  const headingId = useId();
  const toggle = (key: string, on: boolean) => {
    const next = new Set(picked);
    if (on) {
      next.add(key);
    } else {
      next.delete(key);
    }
    onPick(next);
  };
  if (operations.length === 0) {
    return (
      <Notice kind="info">
        The document has no operation to import. Check that it is an OpenAPI 3 document with paths.
      </Notice>
    );
  }
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} className="tab-heading" tabIndex={-1} ref={headingRef}>
        Operations ({operations.length})
      </h2>
      <fieldset className="operations">
        <legend>Pick the operations to import</legend>
        <div className="actions">
          <button
            type="button"
            className="button-quiet button-small"
            onClick={() => onPick(pickableKeys(operations))}
          >
            Pick all
          </button>
          <button
            type="button"
            className="button-quiet button-small"
            onClick={() => onPick(new Set())}
          >
            Pick none
          </button>
        </div>
        <ul className="operation-list">
          {operations.map((operation) => {
            const key = operationKey(operation);
            return (
              <li key={key}>
                <label className={operation.nameTaken ? 'operation-taken' : undefined}>
                  <input
                    type="checkbox"
                    checked={picked.has(key)}
                    disabled={operation.nameTaken}
                    onChange={(event) => toggle(key, event.target.checked)}
                  />
                  <span>
                    <strong className="mono">{operation.name}</strong>{' '}
                    <span className="method">{operation.method}</span>{' '}
                    <code>{operation.path || '/'}</code>
                    {/* In words, not only greyed out: the import would refuse a name taken. */}
                    {operation.nameTaken && (
                      <>
                        {' '}
                        <span className="badge">already imported</span>
                      </>
                    )}
                    {operation.description && (
                      <span className="choice-description">{operation.description}</span>
                    )}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" disabled={pending || picked.size === 0} onClick={onImport}>
          {pending
            ? 'Importing…'
            : `Import ${picked.size === 1 ? 'one API' : `${picked.size} APIs`}`}
        </button>
      </div>
    </section>
  );
}
