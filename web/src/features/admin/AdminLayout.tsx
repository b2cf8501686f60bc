import { useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../../lib/api.ts';
import { Notice } from '../../components/Notice.tsx';
import { sectionsFor } from './sections.ts';
import './admin.css';

/** /admin/*: the sections this person's roles may use, beside the open one. */
export function AdminLayout() {
  const { user } = useSession();
  const sections = sectionsFor(user.roles);
  const section = useLocation().pathname.split('/')[2];
  const nav = useRef<HTMLElement>(null);
  // On a phone the sections are a row that scrolls sideways: keep the open one in sight.
  useEffect(() => {
    nav.current
      ?.querySelector('[aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [section]);
  if (sections.length === 0) {
    return (
      <div className="page">
        <h1>Administration</h1>
        <Notice kind="info">
          Administration is for company administrators and compliance officers. Ask one of your
          administrators if you need access.
        </Notice>
      </div>
    );
  }
  if (!section) {
    return <Navigate to={sections[0]!.path} replace />;
  }
  return (
    <div className="admin">
      <nav aria-label="Administration" className="admin-nav" ref={nav}>
        <ul>
          {sections.map(({ path, label }) => (
            <li key={path}>
              <NavLink to={path}>{label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-content">
        <Outlet />
      </div>
    </div>
  );
}
