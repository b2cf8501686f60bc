/** Tells the caches of every process that a client, a user or a token's revocation changed. */
export type Announce = () => Promise<void>;

/** Announces when something changed; returns whether it did, for the repository to pass on. */
export async function announcedIf(announce: Announce, changed: boolean): Promise<boolean> {
  if (changed) {
    await announce();
  }
  return changed;
}
