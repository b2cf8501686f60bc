import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { usableAgentsQuery, useScan, type ScanDirection } from '../api.ts';
import { SelectControl, TextAreaControl } from './controls.tsx';
import { VERDICT_LABELS } from '../options.ts';
import { ScanReportView } from './ScanReportView.tsx';

/** The server's longest prompt (src/vocabulary/limits.ts). */
const MAX_TEXT_CHARS = 100_000;

const DIRECTION_OPTIONS: Record<ScanDirection, string> = {
  prompt: 'A prompt',
  answer: 'An agent’s answer',
  file: 'An uploaded file’s text',
  title: 'A conversation title',
};

/**
 * "Try it": runs the saved scanners on a text (POST /api/Scanner/Scan, which stores nothing),
 * under the company's defaults or the policy of an agent the admin may use.
 */
export function TryScanner({ unsavedChanges }: { unsavedChanges: boolean }) {
  const titleId = useId();
  const scan = useScan();
  const agents = useQuery(usableAgentsQuery);
  const [text, setText] = useState('');
  const [direction, setDirection] = useState<ScanDirection>('prompt');
  const [agentId, setAgentId] = useState('');
  const agentOptions: [string, string][] = [
    ['', 'The company defaults'],
    ...(agents.data ?? []).map((agent): [string, string] => [agent.id, `${agent.name}’s policy`]),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    scan.mutate({ text, direction, ...(agentId && { agentId }) });
  };

  return (
    <section className="card try-scanner" aria-labelledby={titleId}>
      <h2 id={titleId}>Try the scanners</h2>
      <p className="muted">
        Runs the saved settings on a text you type. Nothing is stored or sent to an agent, except to
        the AI scanners’ scanner agents when they are on.
      </p>
      <form onSubmit={submit} className="stack">
        <TextAreaControl
          label="Text to scan"
          value={text}
          onChange={setText}
          maxLength={MAX_TEXT_CHARS}
          rows={4}
        />
        <div className="form-grid">
          <SelectControl<ScanDirection>
            label="Scan it as"
            value={direction}
            onChange={setDirection}
            options={DIRECTION_OPTIONS}
          />
          <SelectControl
            label="Under the policy of"
            value={agentId}
            onChange={setAgentId}
            options={agentOptions}
            hint="An agent’s policy is the defaults with its own changes (agents assigned to you)."
          />
        </div>
        {unsavedChanges && (
          <Notice kind="info">You have unsaved changes below: save them to try them.</Notice>
        )}
        <SubmitActions
          label="Scan the text"
          pendingLabel="Scanning…"
          pending={scan.isPending}
          disabled={text.trim() === ''}
        />
      </form>
      <ErrorNotice
        error={scan.error}
        byStatus={{ 404: 'You may not use that agent: assign it to yourself to try its policy.' }}
      />
      <p role="status" className="visually-hidden">
        {scan.data ? `Scanned. Verdict: ${VERDICT_LABELS[scan.data.verdict]}.` : ''}
      </p>
      {scan.data && scan.variables && (
        <ScanReportView text={scan.variables.text} report={scan.data} />
      )}
    </section>
  );
}
