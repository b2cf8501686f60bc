import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import {
  ScannerPoliciesEditor,
  policyFieldError,
} from '../../scanners/components/ScannerPoliciesEditor.tsx';
import {
  scannerDefaultsQuery,
  useUpdateAgent,
  type Agent,
  type ScannerPoliciesPatch,
} from '../api.ts';
import { TabForm } from './TabForm.tsx';

/** Scanners: the agent's own changes to the company's scanner defaults, AI and general. */
export function ScannersTab({ agent }: { agent: Agent }) {
  const defaults = useQuery(scannerDefaultsQuery);
  const update = useUpdateAgent(agent.id);
  const [patch, setPatch] = useState<ScannerPoliciesPatch>(agent.scanners);
  const overridden = Object.keys(patch).length;
  return (
    <>
      <p>
        This agent runs the <Link to="/admin/scanners">company&rsquo;s scanner defaults</Link>
        {overridden === 0
          ? ' as they are.'
          : ` with its own changes to ${overridden} scanner${overridden === 1 ? '' : 's'}.`}{' '}
        What you change here applies to this agent only; what you leave follows the defaults, even
        when they change later.
      </p>
      {defaults.isPending && <Spinner label="Loading the scanner defaults…" />}
      <ErrorNotice error={defaults.error} />
      {defaults.data && (
        <TabForm
          label="Scanners"
          saving={update}
          saveLabel="Save scanners"
          onSubmit={() => update.mutate({ scanners: patch })}
          actions={
            <button
              type="button"
              className="button-secondary"
              disabled={
                update.isPending || (overridden === 0 && Object.keys(agent.scanners).length === 0)
              }
              onClick={() => update.mutate({ scanners: null }, { onSuccess: () => setPatch({}) })}
            >
              Reset to company defaults
            </button>
          }
        >
          <ScannerPoliciesEditor
            value={patch}
            defaults={defaults.data}
            mode="override"
            error={policyFieldError(update.error)}
            onChange={(next) => {
              setPatch(next);
              update.reset();
            }}
          />
        </TabForm>
      )}
    </>
  );
}
