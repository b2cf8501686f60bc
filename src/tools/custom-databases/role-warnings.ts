import type pg from 'pg';

// Every call runs in a READ ONLY transaction, but that is one guard: a role that may write (or a
// superuser, who may even leave read-only mode through a function) is one mistake away from
// changing data. TestDatabase tells the admin what the role could do beyond reading.

const SEE = 'see docs/custom-database.md for a read-only role';
const MAX_TABLES_NAMED = 5;

interface RoleRow {
  name: string;
  superuser: boolean;
  createRole: boolean;
  createDb: boolean;
  readOnlyByDefault: string;
}

interface WritableRow {
  name: string;
  privileges: string;
  total: string;
}

/** What the connected role may do beyond reading; [] for a read-only role. */
export async function roleWarnings(client: pg.Client): Promise<string[]> {
  const role = (
    await client.query<RoleRow>(
      `select current_user as name, rolsuper as superuser, rolcreaterole as "createRole",
              rolcreatedb as "createDb",
              current_setting('default_transaction_read_only') as "readOnlyByDefault"
         from pg_catalog.pg_roles where rolname = current_user`,
    )
  ).rows[0];
  if (!role) {
    return [];
  }
  const warnings: string[] = [];
  if (role.superuser) {
    warnings.push(
      `The role "${role.name}" is a superuser: it may do anything, read-only mode included; connect as a role that may only read (${SEE})`,
    );
  }
  const writable = await writableTables(client);
  if (writable.length > 0) {
    const named = writable.map((row) => `${row.name} (${row.privileges})`).join(', ');
    const total = Number(writable[0]?.total ?? writable.length);
    const more = total > writable.length ? ` and ${total - writable.length} more` : '';
    warnings.push(
      `The role "${role.name}" may write to ${total} table${total === 1 ? '' : 's'}: ${named}${more}. Calls run read-only, but grant the role SELECT only (${SEE})`,
    );
  }
  if (role.createRole || role.createDb) {
    warnings.push(
      `The role "${role.name}" may create ${[role.createRole && 'roles', role.createDb && 'databases'].filter(Boolean).join(' and ')}: a role for reading needs neither (${SEE})`,
    );
  }
  if (role.readOnlyByDefault !== 'on') {
    warnings.push(
      `The role "${role.name}" does not default to read-only transactions: ALTER ROLE "${role.name}" SET default_transaction_read_only = on adds a second guard`,
    );
  }
  return warnings;
}

/** Tables and views in schemas the role may use that it may also change, the first few. */
async function writableTables(client: pg.Client): Promise<WritableRow[]> {
  const { rows } = await client.query<WritableRow>(
    `select format('%I.%I', n.nspname, c.relname) as name,
            array_to_string(array_remove(array[
              case when has_table_privilege(c.oid, 'INSERT') then 'INSERT' end,
              case when has_table_privilege(c.oid, 'UPDATE') then 'UPDATE' end,
              case when has_table_privilege(c.oid, 'DELETE') then 'DELETE' end,
              case when has_table_privilege(c.oid, 'TRUNCATE') then 'TRUNCATE' end], null), ', ')
              as privileges,
            count(*) over () as total
       from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'f')
        and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
        and has_schema_privilege(n.oid, 'USAGE')
        and (has_table_privilege(c.oid, 'INSERT') or has_table_privilege(c.oid, 'UPDATE')
             or has_table_privilege(c.oid, 'DELETE') or has_table_privilege(c.oid, 'TRUNCATE'))
      order by 1
      limit ${MAX_TABLES_NAMED}`,
  );
  return rows;
}
