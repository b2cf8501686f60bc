import { useId, useRef, useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field.tsx';
import { Notice } from '../../../components/Notice.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { SubmitActions } from '../../../components/SubmitActions.tsx';
import { ROLES, type Role } from '../../../lib/roles.ts';
import { LAST_ADMIN_RULE } from '../last-admin.ts';
import { useUpdateUser, type User } from '../api.ts';
import { Section } from './Section.tsx';

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** Name, email and roles, saved together (POST /api/Users/UpdateUser). */
export function ProfileForm({ user, isSelf }: { user: User; isSelf: boolean }) {
  const update = useUpdateUser(user.id);
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const changed =
    name.trim() !== user.name || email.trim() !== user.email || !sameRoles(roles, user.roles);
  const dropsOwnAdmin =
    isSelf && user.roles.includes('CompanyAdmin') && !roles.includes('CompanyAdmin');

  const toggle = (role: Role, on: boolean) => {
    // In the order of ROLES, so what is sent does not depend on the order of the clicks.
    setRoles(ROLES.map((r) => r.value).filter((r) => (r === role ? on : roles.includes(r))));
    update.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        ...(name.trim() !== user.name ? { name: name.trim() } : {}),
        ...(email.trim() !== user.email ? { email: email.trim() } : {}),
        ...(sameRoles(roles, user.roles) ? {} : { roles }),
      },
      // Saved, the button is disabled until the next change: the keyboard goes to the outcome.
      { onSuccess: () => heading.current?.focus() },
    );
  };

  return (
    <Section title="Name, email and roles" headingRef={heading}>
      {update.isSuccess && <Notice kind="success">Changes saved.</Notice>}
      <ErrorNotice error={update.error} />
      <form onSubmit={submit} className="stack">
        <div className="field-row">
          <Field
            label="Name"
            autoComplete="off"
            required
            maxLength={200}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              update.reset();
            }}
          />
          <Field
            label="Email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
              update.reset();
            }}
            hint="They sign in with it."
          />
        </div>
        <fieldset className="roles">
          <legend>Roles</legend>
          <ul className="role-list">
            {ROLES.map((role) => (
              <li key={role.value}>
                <input
                  id={`${ids}-${role.value}`}
                  type="checkbox"
                  checked={roles.includes(role.value)}
                  aria-describedby={`${ids}-${role.value}-hint`}
                  onChange={(event) => toggle(role.value, event.target.checked)}
                />
                <div>
                  <label htmlFor={`${ids}-${role.value}`}>{role.label}</label>
                  <div className="field-hint" id={`${ids}-${role.value}-hint`}>
                    {role.hint}
                  </div>
                </div>
              </li>
            ))}
          </ul>
          {user.roles.includes('CompanyAdmin') && (
            <p className="field-hint last-admin">{LAST_ADMIN_RULE}</p>
          )}
        </fieldset>
        {dropsOwnAdmin && (
          <Notice kind="info">
            You are taking away your own administrator role: once saved, you can no longer open
            these pages.
          </Notice>
        )}
        <SubmitActions
          label="Save changes"
          pendingLabel="Saving…"
          pending={update.isPending}
          disabled={!changed}
        />
      </form>
    </Section>
  );
}
