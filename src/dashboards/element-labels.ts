import type { Store } from '../store/store.ts';
import type { Dimension } from '../vocabulary/dashboards.ts';

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** What people read for each key of a dimension: email, agent or group name, country name. */
export async function labelsOf(
  store: Store,
  dimension: Dimension,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const named = keys.filter((key) => key !== '');
  if (dimension === 'user') {
    const users = await Promise.all(named.map((id) => store.users.findById(id)));
    users.forEach((user, index) =>
      labels.set(named[index]!, user?.email ?? `Deleted user ${named[index]}`),
    );
  } else if (dimension === 'agent') {
    const agents = new Map((await store.agents.list()).map((agent) => [agent.id, agent.name]));
    for (const id of named) {
      labels.set(id, agents.get(id) ?? `Deleted agent ${id}`);
    }
  } else if (dimension === 'group') {
    const groups = await Promise.all(named.map((id) => store.groups.findById(id)));
    groups.forEach((group, index) =>
      labels.set(named[index]!, group?.name ?? `Deleted group ${named[index]}`),
    );
  } else if (dimension === 'country') {
    for (const code of named) {
      labels.set(code, countryNames.of(code) ?? code);
    }
  } else {
    for (const model of named) {
      labels.set(model, model);
    }
  }
  labels.set('', dimension === 'country' ? 'Unknown country' : `No ${dimension}`);
  return labels;
}
