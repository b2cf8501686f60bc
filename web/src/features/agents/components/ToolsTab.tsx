import { useId, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { Spinner } from '../../../components/Spinner.tsx';
import { WholeNumberField } from '../../../components/WholeNumberField.tsx';
import { customApisQuery, customDatabasesQuery, useUpdateAgent, type Agent } from '../api.ts';
import { TabForm } from './TabForm.tsx';

/** The server's step limits (src/vocabulary/tools.ts). */
const DEFAULT_TOOL_STEPS = 5;
const MAX_TOOL_STEPS = 20;

/**
 * Tools: the custom APIs and databases the model may call while it answers, and how many steps
 * (model calls) one answer may take.
 */
export function ToolsTab({ agent }: { agent: Agent }) {
  const apis = useQuery(customApisQuery);
  const databases = useQuery(customDatabasesQuery);
  const update = useUpdateAgent(agent.id);
  const [apiNames, setApiNames] = useState<string[]>(agent.customApis);
  const [databaseNames, setDatabaseNames] = useState<string[]>(agent.customDatabases);
  const [steps, setSteps] = useState(agent.maxToolSteps === null ? '' : String(agent.maxToolSteps));
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      update.reset();
    };
  return (
    <>
      <p>
        While it answers, the model may call the tools you give it here, as many times as its steps
        allow; each call&rsquo;s arguments and result are kept with the answer and checked by the
        agent&rsquo;s scanners.
      </p>
      {(apis.isPending || databases.isPending) && <Spinner label="Loading the tools…" />}
      <ErrorNotice error={apis.error ?? databases.error} />
      {apis.data && databases.data && (
        <TabForm
          label="Tools"
          saving={update}
          saveLabel="Save tools"
          onSubmit={() =>
            update.mutate({
              customApis: apiNames,
              customDatabases: databaseNames,
              maxToolSteps: steps.trim() === '' ? null : Number(steps),
            })
          }
        >
          <ToolChoice
            legend="Custom APIs"
            items={apis.data.map((api) => ({
              name: api.name,
              description: api.description,
              meta: `${api.method} ${hostOf(api.baseUrl)}${api.path}`,
            }))}
            chosen={apiNames}
            onChange={edit(setApiNames)}
            empty={
              <>
                No custom API yet. <Link to="/admin/custom-apis/new">Describe one</Link> or{' '}
                <Link to="/admin/custom-apis/import">import an OpenAPI document</Link>.
              </>
            }
          />
          <ToolChoice
            legend="Custom databases"
            items={databases.data.map((database) => ({
              name: database.name,
              description: database.description,
              meta: databaseMeta(database),
            }))}
            chosen={databaseNames}
            onChange={edit(setDatabaseNames)}
            empty={
              <>
                No custom database yet. <Link to="/admin/custom-databases/new">Describe one</Link>.
              </>
            }
          />
          <div className="tool-steps">
            <WholeNumberField
              label="Steps per answer at most"
              min={1}
              max={MAX_TOOL_STEPS}
              required={false}
              value={steps}
              onChange={edit(setSteps)}
              hint={`Each step is one model call, which may call several tools; the answer comes at the latest on the last. Empty: ${DEFAULT_TOOL_STEPS}. At most ${MAX_TOOL_STEPS}.`}
            />
          </div>
        </TabForm>
      )}
    </>
  );
}

/** "api.example.com" of "https://api.example.com/v1": where the calls go, in short. */
function hostOf(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return url.host + url.pathname.replace(/\/$/, '');
  } catch {
    return baseUrl;
  }
}

function databaseMeta(database: { queries: unknown[]; allowModelSql: boolean }): string {
  const queries = `${database.queries.length} ${database.queries.length === 1 ? 'query' : 'queries'}`;
  return database.allowModelSql ? `${queries} and the model's own SQL` : queries;
}

/** A fieldset of checkboxes, one per tool source, by name; a note and a link when there is none. */
function ToolChoice({
  legend,
  items,
  chosen,
  onChange,
  empty,
}: {
  legend: string;
  items: { name: string; description: string; meta: string }[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  empty: ReactNode;
}) {
  const hintId = useId();
  // A name the agent has that the list lacks (renamed or deleted meanwhile) stays visible.
  const names = new Set(items.map((item) => item.name));
  const all = [
    ...items,
    ...chosen
      .filter((name) => !names.has(name))
      .map((name) => ({ name, description: 'Not found: renamed or deleted since.', meta: '' })),
  ];
  return (
    <fieldset className="tool-choice">
      <legend>{legend}</legend>
      {all.length === 0 ? (
        <p className="muted" id={hintId}>
          {empty}
        </p>
      ) : (
        <ul className="tool-choice-list">
          {all.map((item) => (
            <li key={item.name}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.includes(item.name)}
                  onChange={(event) =>
                    onChange(
                      event.target.checked
                        ? [...chosen, item.name]
                        : chosen.filter((name) => name !== item.name),
                    )
                  }
                />
                <span>
                  <span className="tool-name">{item.name}</span>
                  {item.description && (
                    <span className="choice-description">{item.description}</span>
                  )}
                  {item.meta && <span className="tool-meta">{item.meta}</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
