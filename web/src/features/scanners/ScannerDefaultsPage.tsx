import { useState, type FormEvent } from 'react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useSession } from '../../lib/api.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { scannerDefaultsQuery, useSaveScannerDefaults, type ScannerPoliciesPatch } from './api.ts';
import { scannerLabel } from './catalog.ts';
import { changeCount } from './patch.ts';
import { policyFieldError } from './policy-error.ts';
import { ScannerPoliciesEditor } from './components/ScannerPoliciesEditor.tsx';
import { TryScanner } from './components/TryScanner.tsx';
import './scanner-defaults.css';

/** /admin/scanners: the company's scanner defaults, which every agent follows unless it overrides. */
export function ScannerDefaultsPage() {
  useDocumentTitle('Scanner defaults');
  const { user } = useSession();
  if (!user.roles.includes('CompanyAdmin')) {
    return (
      <div className="page">
        <h1>Scanner defaults</h1>
        <Notice kind="info">
          Only company administrators change the scanner defaults. Ask one of them if a scanner gets
          in your way.
        </Notice>
      </div>
    );
  }
  return <ScannerDefaults />;
}

function ScannerDefaults() {
  const { data: defaults } = useSuspenseQuery(scannerDefaultsQuery);
  const save = useSaveScannerDefaults();
  const [patch, setPatch] = useState<ScannerPoliciesPatch>({});
  const count = changeCount(patch);
  const fieldError = policyFieldError(save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(patch, { onSuccess: () => setPatch({}) });
  };
  const edit = (next: ScannerPoliciesPatch) => {
    setPatch(next);
    // The last save's outcome (and a server error beside a field) is about the values before.
    if (!save.isIdle && !save.isPending) {
      save.reset();
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Scanner defaults</h1>
      </div>
      <p className="lead">
        The scanners check every prompt, answer, upload and title. These settings apply to every
        agent, except where an agent overrides them.
      </p>
      <TryScanner unsavedChanges={count > 0} />
      {/* The fields check themselves as they change and the server checks the rest: the browser's
          own check would stop at a field inside a closed scanner, where no one sees it. */}
      <form onSubmit={submit} className="scanner-defaults" noValidate>
        {save.isSuccess && <Notice kind="success">Saved. The agents use the new defaults.</Notice>}
        <ErrorNotice
          error={save.error}
          byStatus={
            fieldError
              ? {
                  400: `Not saved: ${scannerLabel(fieldError.scanner)} has a setting the server cannot use. It is marked below.`,
                }
              : undefined
          }
        />
        <ScannerPoliciesEditor
          value={patch}
          defaults={defaults}
          onChange={edit}
          mode="defaults"
          error={fieldError}
        />
        <div className={count > 0 ? 'save-bar save-bar-dirty' : 'save-bar'}>
          <span className="save-bar-status" role="status">
            {count === 0
              ? 'No unsaved changes.'
              : `${count} unsaved ${count === 1 ? 'change' : 'changes'}.`}
          </span>
          <SubmitActions
            label="Save changes"
            pendingLabel="Saving…"
            pending={save.isPending}
            disabled={count === 0}
          >
            <button
              type="button"
              className="button-quiet"
              disabled={count === 0 || save.isPending}
              onClick={() => {
                setPatch({});
                save.reset();
              }}
            >
              Discard changes
            </button>
          </SubmitActions>
        </div>
      </form>
    </div>
  );
}
