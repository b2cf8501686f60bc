import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import {
  targetsQuery,
  useAddTarget,
  useRemoveTarget,
  type NewTarget,
  type Rule,
  type TargetKind,
} from '../api.ts';
import { SelectField } from '../../../components/SelectField.tsx';
import { TestRule } from './TestRule.tsx';

const KINDS = [
  ['webhook', 'Webhook'],
  ['email', 'Email'],
] as const;

/** Where a rule's new issues are announced: signed webhooks (secret shown once) and email. */
export function RuleTargets({ rule }: { rule: Rule }) {
  const targets = useQuery(targetsQuery(rule.id));
  const add = useAddTarget();
  const remove = useRemoveTarget();
  const [kind, setKind] = useState<TargetKind>('webhook');
  const [address, setAddress] = useState('');
  const [added, setAdded] = useState<NewTarget>();
  const [removed, setRemoved] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);
  const addedNotice = useRef<HTMLDivElement>(null);

  // A webhook's secret shows only now: the keyboard and screen readers go to it first.
  useEffect(() => addedNotice.current?.focus(), [added]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRemoved(undefined);
    add.mutate(
      { ruleId: rule.id, kind, address: address.trim() },
      {
        onSuccess: (target) => {
          setAddress('');
          setAdded(target);
        },
      },
    );
  };
  const removeTarget = (targetId: string, what: string) => {
    setAdded(undefined);
    remove.mutate(targetId, {
      onSuccess: () => {
        setRemoved(what);
        heading.current?.focus();
      },
    });
  };

  return (
    <section className="card rule-targets" aria-labelledby="rule-targets">
      <h2 id="rule-targets" ref={heading} tabIndex={-1}>
        Notifications
      </h2>
      <p className="muted">
        Each issue this rule opens is announced to every address here: a webhook gets a signed POST
        (Standard Webhooks), an email address a message.
      </p>
      {targets.isPending && <Spinner label="Loading the notifications…" />}
      <ErrorNotice error={targets.error} />
      {removed && <Notice kind="success">{removed} no longer hears about this rule.</Notice>}
      <ErrorNotice
        error={remove.error}
        byStatus={{ 404: 'This address was removed meanwhile: the list shows what is left.' }}
      />
      {targets.data &&
        (targets.data.length === 0 ? (
          <p>Nobody is notified yet: issues only show under Monitoring. Add an address below.</p>
        ) : (
          <ul className="item-list" aria-label="Notified">
            {targets.data.map((target) => (
              <li key={target.id}>
                <div>
                  <span className="badge target-kind">
                    {target.kind === 'webhook' ? 'Webhook' : 'Email'}
                  </span>{' '}
                  <span className="mono">{target.address}</span>
                </div>
                <button
                  type="button"
                  className="button-secondary button-small danger-text"
                  disabled={remove.isPending}
                  onClick={() => removeTarget(target.id, target.address)}
                >
                  Remove<span className="visually-hidden"> {target.address}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      {added && (
        <div ref={addedNotice} tabIndex={-1} className="added-target">
          <Notice kind="success">
            <p>
              {added.address} is notified of this rule&apos;s new issues.
              {added.secret && (
                <>
                  {' '}
                  <strong>Copy the signing secret now: it is shown only once.</strong> The receiver
                  checks each request&apos;s signature with it.
                </>
              )}
            </p>
            {added.secret && (
              <div className="copy-row">
                <code className="secret">{added.secret}</code>
                <CopyButton text={added.secret} label="Copy the signing secret" />
              </div>
            )}
          </Notice>
        </div>
      )}
      <form onSubmit={submit} className="target-form" aria-label="Add a notification">
        <div className="field-row">
          <SelectField label="Send by" value={kind} options={KINDS} onChange={setKind} />
          <Field
            label={kind === 'webhook' ? 'Webhook URL' : 'Email address'}
            type={kind === 'webhook' ? 'url' : 'email'}
            placeholder={
              kind === 'webhook' ? 'https://hooks.example.com/airisk' : 'oncall@example.com'
            }
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={2000}
            value={address}
            onChange={(event) => setAddress(event.target.value)}
          />
        </div>
        <ErrorNotice error={add.error} />
        <SubmitActions
          label="Add notification"
          pendingLabel="Adding…"
          pending={add.isPending}
          className="button-secondary"
        />
      </form>
      {targets.data && targets.data.length > 0 && <TestRule ruleId={rule.id} />}
    </section>
  );
}
