/** The API's last-admin rule (409 on UpdateUser and DeleteUser), said before anyone runs into it. */
export const LAST_ADMIN_RULE =
  'The last enabled company administrator cannot be demoted, disabled or deleted: make someone else an administrator first.';
