import type { paths } from '../../lib/api-schema.d.ts';

// The audit log's event names, grouped for the event filter: names the API documents (an enum in
// OpenAPI), every one of them (test/web/log-events.test.ts).

type EventName =
  paths['/api/Logs/ListLogs']['get']['responses'][200]['content']['application/json'][number]['event'];

export interface EventGroup {
  label: string;
  events: readonly EventName[];
}

export const EVENT_GROUPS: readonly EventGroup[] = [
  {
    label: 'OAuth2 codes and tokens',
    events: [
      'code_issued',
      'authorization_denied',
      'token_issued',
      'token_denied',
      'code_replayed',
      'token_revoked',
      'tokens_revoked',
    ],
  },
  {
    label: 'API clients',
    events: [
      'client_created',
      'client_updated',
      'client_secret_rotated',
      'client_disabled',
      'client_enabled',
      'client_deleted',
      'client_auth_failed',
      'client_locked',
      'client_unlocked',
    ],
  },
  {
    label: 'Users',
    events: [
      'user_created',
      'user_updated',
      'user_deleted',
      'user_invited',
      'invitation_accepted',
      'account_setup',
      'password_reset_link_created',
    ],
  },
  {
    label: 'Groups',
    events: [
      'group_created',
      'group_renamed',
      'group_deleted',
      'group_member_added',
      'group_member_removed',
    ],
  },
  { label: 'Default agents', events: ['default_agent_added', 'default_agent_removed'] },
  {
    label: 'Custom secrets and the master key',
    events: ['secret_set', 'secret_deleted', 'secret_used', 'master_key_rotated'],
  },
  {
    label: 'Custom APIs and databases',
    events: [
      'custom_api_created',
      'custom_api_updated',
      'custom_api_deleted',
      'custom_database_created',
      'custom_database_updated',
      'custom_database_deleted',
    ],
  },
  {
    label: 'Sign-in and sessions',
    events: [
      'signed_in',
      'signin_failed',
      'signin_locked',
      'signin_rate_limited',
      'sso_signed_in',
      'sso_denied',
      'signed_out',
      'session_revoked',
      'sessions_ended',
      'password_changed',
      'password_reset',
      'two_factor_enabled',
      'two_factor_disabled',
    ],
  },
  { label: 'Signing keys', events: ['signing_key_created', 'signing_key_rotated'] },
  {
    label: 'Company settings',
    events: ['company_settings_updated', 'company_logo_changed', 'test_mail_sent'],
  },
  {
    label: 'Compliance',
    events: [
      'compliance_conversation_viewed',
      'compliance_search_exported',
      'compliance_search_saved',
      'compliance_search_updated',
      'compliance_search_deleted',
      'compliance_hold_placed',
      'compliance_hold_released',
      'conversations_archived',
      'conversations_restored',
    ],
  },
  {
    label: 'Monitoring',
    events: [
      'monitor_rule_created',
      'monitor_rule_updated',
      'monitor_rule_deleted',
      'monitor_target_added',
      'monitor_target_removed',
    ],
  },
  {
    label: 'Usage and budgets',
    events: [
      'model_price_set',
      'model_price_deleted',
      'budget_created',
      'budget_updated',
      'budget_deleted',
    ],
  },
  {
    label: 'Dashboards',
    events: ['dashboard_created', 'dashboard_updated', 'dashboard_deleted'],
  },
];

const KNOWN = new Set<string>(EVENT_GROUPS.flatMap((group) => group.events));

export function isKnownEvent(event: string): boolean {
  return KNOWN.has(event);
}

// What an event name spells as code would, as a person writes it.
const PHRASES: readonly [RegExp, string][] = [
  [/\bsso\b/g, 'SSO'],
  [/\bsignin\b/g, 'sign-in'],
  [/\btwo factor\b/g, 'two-factor'],
  [/\bapi\b/g, 'API'],
];

/** "client_secret_rotated" → "Client secret rotated"; "sso_signed_in" → "SSO signed in". */
export function eventLabel(event: string): string {
  const words = PHRASES.reduce(
    (text, [phrase, written]) => text.replace(phrase, written),
    event.replaceAll('_', ' '),
  );
  return words.charAt(0).toUpperCase() + words.slice(1);
}
