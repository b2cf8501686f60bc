import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import {
  dashboardQuery,
  useUpdateDashboard,
  type Dashboard,
  type DashboardElement,
} from './api.ts';
import { AddElement } from './components/AddElement.tsx';
import { DashboardNameField, NAME_TAKEN } from './components/DashboardName.tsx';
import { ElementView } from './components/ElementView.tsx';
import './dashboards.css';

const RANGES = [7, 30, 90] as const;

/** /admin/dashboards/:dashboardId: the elements over one range, and their editor. */
export function DashboardPage() {
  const { dashboardId = '' } = useParams();
  const dashboard = useQuery(dashboardQuery(dashboardId));
  useDocumentTitle(dashboard.data?.name ?? 'Dashboard');
  return (
    <div className="page dashboard-page">
      <p>
        <Link to="..">All dashboards</Link>
      </p>
      {dashboard.isPending && <Spinner label="Loading the dashboard…" />}
      <ErrorNotice
        error={dashboard.error}
        byStatus={{
          403: 'Only monitors and company administrators can open dashboards.',
          404: 'This dashboard does not exist (any more).',
        }}
      />
      {dashboard.data && <DashboardView key={dashboard.data.id} saved={dashboard.data} />}
    </div>
  );
}

function DashboardView({ saved }: { saved: Dashboard }) {
  const [lastDays, setLastDays] = useState<number>(30);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(saved.name);
  const [elements, setElements] = useState<DashboardElement[]>(saved.elements);
  const [savedNow, setSavedNow] = useState(false);
  const update = useUpdateDashboard();
  const rangeId = useId();
  const changed =
    name !== saved.name || JSON.stringify(elements) !== JSON.stringify(saved.elements);

  useEffect(() => {
    if (changed) {
      setSavedNow(false);
    }
  }, [changed]);

  const move = (index: number, by: number) =>
    setElements((all) => {
      const next = [...all];
      const [moved] = next.splice(index, 1);
      if (moved) {
        next.splice(index + by, 0, moved);
      }
      return next;
    });

  const save = () =>
    update.mutate(
      { dashboardId: saved.id, name: name.trim(), elements },
      { onSuccess: () => setSavedNow(true) },
    );

  return (
    <>
      <div className="page-header dashboard-header">
        <h1>{saved.name}</h1>
        <div className="dashboard-tools">
          <div className="field">
            <label htmlFor={rangeId}>Range</label>
            <select
              id={rangeId}
              value={lastDays}
              onChange={(event) => setLastDays(Number(event.target.value))}
            >
              {RANGES.map((days) => (
                <option key={days} value={days}>
                  Last {days} days
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button-secondary"
            aria-pressed={editing}
            onClick={() => setEditing((on) => !on)}
          >
            {editing ? 'Done editing' : 'Edit dashboard'}
          </button>
        </div>
      </div>
      {editing && (
        <section className="card dashboard-editor" aria-label="Edit the dashboard">
          <DashboardNameField value={name} onChange={setName} />
          <ErrorNotice error={update.error} byStatus={NAME_TAKEN} />
          {savedNow && !changed && <Notice kind="success">Saved.</Notice>}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={!changed || !name.trim() || update.isPending}
              onClick={save}
            >
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              className="button-quiet"
              disabled={!changed}
              onClick={() => {
                setName(saved.name);
                setElements(saved.elements);
              }}
            >
              Discard changes
            </button>
          </div>
        </section>
      )}
      {elements.length === 0 && (
        <p className="card empty-state">This dashboard has no element yet: edit it to add some.</p>
      )}
      <div className="dashboard-grid">
        {elements.map((element, index) => (
          <section
            // Elements have no id: their place and content tell them apart.
            key={`${index}-${JSON.stringify(element)}`}
            className={`card dashboard-element element-${element.query.kind}`}
            aria-labelledby={`${rangeId}-element-${index}`}
          >
            <h2 id={`${rangeId}-element-${index}`}>{element.title}</h2>
            {editing && (
              <div className="element-actions">
                <button
                  type="button"
                  className="button-secondary button-small"
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  Move up<span className="visually-hidden"> {element.title}</span>
                </button>
                <button
                  type="button"
                  className="button-secondary button-small"
                  disabled={index === elements.length - 1}
                  onClick={() => move(index, 1)}
                >
                  Move down<span className="visually-hidden"> {element.title}</span>
                </button>
                <button
                  type="button"
                  className="button-secondary button-small danger-text"
                  onClick={() => setElements((all) => all.filter((_, at) => at !== index))}
                >
                  Remove<span className="visually-hidden"> {element.title}</span>
                </button>
              </div>
            )}
            <ElementView element={element} lastDays={lastDays} />
          </section>
        ))}
      </div>
      {editing && <AddElement onAdd={(element) => setElements((all) => [...all, element])} />}
    </>
  );
}
