import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { SubmitActions } from '../../components/SubmitActions.tsx';
import { templatesQuery, useCreateAgent, type AgentTemplate } from './api.ts';
import { ENGINES, engineBody, engineLabel, type EngineSettings } from './engines.ts';
import { EngineFields } from './components/EngineFields.tsx';
import { ApiKeyField } from './components/ApiKeyField.tsx';
import './agents.css';

const SCRATCH = '';
const BLANK: EngineSettings = { engine: 'openai', model: '', endpoint: '', region: '' };

/** /admin/agents/new: a template or a blank form, then the few settings an agent needs. */
export function NewAgentPage() {
  useDocumentTitle('New agent');
  const templates = useQuery(templatesQuery);
  const create = useCreateAgent();
  const navigate = useNavigate();
  const [start, setStart] = useState<string>();
  const [name, setName] = useState('');
  const [engine, setEngine] = useState<EngineSettings>(BLANK);
  const [apiKey, setApiKey] = useState('');
  const [useUserKey, setUseUserKey] = useState(false);

  const choose = (choice: string, template?: AgentTemplate) => {
    setStart(choice);
    setName(template?.name ?? '');
    setEngine(
      template
        ? {
            engine: template.engine,
            model: template.model,
            endpoint: template.endpoint ?? '',
            region: template.region ?? '',
          }
        : BLANK,
    );
    create.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: name.trim(),
        ...engineBody(engine),
        ...(apiKey.trim() && { apiKey: apiKey.trim() }),
        ...(useUserKey && { useUserKey }),
      },
      { onSuccess: (agent) => void navigate(`/admin/agents/${agent.id}`) },
    );
  };

  const info = ENGINES[engine.engine];
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/admin/agents">AI agents</Link>
      </p>
      <h1>New agent</h1>
      <fieldset className="card template-choice">
        <legend>Start from</legend>
        {templates.isPending && <Spinner label="Loading the templates…" />}
        <ErrorNotice error={templates.error} />
        <ul className="choice-list">
          {templates.data?.map((template) => (
            <li key={template.template}>
              <label>
                <input
                  type="radio"
                  name="start"
                  checked={start === template.template}
                  onChange={() => choose(template.template, template)}
                />
                <span>
                  <strong>{template.name}</strong>
                  <span className="choice-description">{template.description}</span>
                  <span className="choice-meta">
                    {engineLabel(template.engine)} · <code>{template.model}</code>
                  </span>
                </span>
              </label>
            </li>
          ))}
          <li>
            <label>
              <input
                type="radio"
                name="start"
                checked={start === SCRATCH}
                onChange={() => choose(SCRATCH)}
              />
              <span>
                <strong>From scratch</strong>
                <span className="choice-description">Choose the engine and model yourself.</span>
              </span>
            </label>
          </li>
        </ul>
      </fieldset>
      {start !== undefined && (
        <form onSubmit={submit} className="card stack" aria-label="New agent's settings">
          <Field
            label="Name"
            required
            maxLength={200}
            autoComplete="off"
            value={name}
            onChange={(event) => setName(event.target.value)}
            hint="What people see in the chat."
          />
          <EngineFields value={engine} onChange={setEngine} />
          {engine.engine !== 'demo' && (
            <>
              <ApiKeyField
                engine={engine.engine}
                value={apiKey}
                onChange={setApiKey}
                label={info.keyOptional ? 'API key (optional)' : 'API key'}
                extraHint="Stored encrypted; you can add it later on the agent's API key tab."
              />
              <label className="switch">
                <input
                  type="checkbox"
                  checked={useUserKey}
                  onChange={(event) => setUseUserKey(event.target.checked)}
                />
                Use each user&rsquo;s own key (they set it on their Account page)
              </label>
            </>
          )}
          <ErrorNotice error={create.error} />
          <SubmitActions label="Create agent" pendingLabel="Creating…" pending={create.isPending}>
            <Link to="/admin/agents" className="button button-quiet">
              Cancel
            </Link>
          </SubmitActions>
        </form>
      )}
    </div>
  );
}
