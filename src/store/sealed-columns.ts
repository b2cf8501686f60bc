// Every column that holds a value sealed with the master key (src/lib/encryption.ts), as
// [table, column]. The company settings seal fields inside their JSON values as well
// (src/company/stored-settings.ts). A new sealed column belongs here, or a master-key rotation
// leaves it behind.
export const SEALED_COLUMNS = [
  ['signing_keys', 'private_jwk_encrypted'],
  ['agents', 'api_key_encrypted'],
  ['user_credentials', 'secret_encrypted'],
  ['user_logins', 'totp_secret_encrypted'],
  ['user_logins', 'totp_pending_encrypted'],
  ['monitor_targets', 'secret'],
  ['custom_secrets', 'value_encrypted'],
] as const;

export type SealedColumn = (typeof SEALED_COLUMNS)[number];
