import { Notice } from '../../../components/Notice.tsx';
import type { SettingsSource } from '../api.ts';

/**
 * Where the part of the settings that applies now comes from: stored here, or the server's
 * environment variables (which the stored settings replace while there are any).
 */
export function SourceNote({
  source,
  what,
  variables,
}: {
  source: SettingsSource;
  what: string;
  /** The environment variables that configure it. */
  variables: string;
}) {
  switch (source) {
    case 'settings':
      return (
        <p className="muted source-note">
          <strong>Source: these settings.</strong> Removing them goes back to the server’s
          environment variables ({variables}), if it has any.
        </p>
      );
    case 'environment':
      return (
        <Notice kind="info">
          <strong>Source: environment.</strong> The {what} below come from the server’s environment
          variables ({variables}). Saving here stores your own settings, which then apply instead;
          secrets are not copied from the environment, so type them again.
        </Notice>
      );
    case 'none':
      return (
        <p className="muted source-note">
          <strong>Not configured.</strong> Fill in the {what} and save to turn it on.
        </p>
      );
  }
}
