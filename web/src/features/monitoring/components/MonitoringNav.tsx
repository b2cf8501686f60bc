import { NavLink } from 'react-router';

/** Monitoring's two lists: the issues the rules opened, and the rules. */
export function MonitoringNav() {
  return (
    <nav className="monitoring-nav" aria-label="Monitoring">
      <NavLink to="/admin/monitoring" end>
        Issues
      </NavLink>
      <NavLink to="/admin/monitoring/rules">Rules</NavLink>
    </nav>
  );
}
