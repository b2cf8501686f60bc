import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../src/lib/versioned-cache.ts';

// The per-process caches of clients and token standings (issue #5): an entry holds only for the
// cache version it was read at, nothing is kept while changes cannot be followed (no version),
// and the number of entries is bounded whatever the number of keys.

const value = (name: string) => ({ name });

describe('VersionedCache', () => {
  it('returns an entry for the version it was stored at', () => {
    const cache = new VersionedCache<{ name: string }>(10);
    const stored = value('a');
    cache.set('k', stored, 3);
    expect(cache.get('k', 3)).toBe(stored);
    expect(cache.get('other', 3)).toBeUndefined();
  });

  it.each([
    ['a later version (something changed since)', 4],
    ['an earlier version', 2],
    ['no version (changes cannot be followed now)', undefined],
  ])('misses for %s', (_name, version) => {
    const cache = new VersionedCache<{ name: string }>(10);
    cache.set('k', value('a'), 3);
    expect(cache.get('k', version)).toBeUndefined();
  });

  it('does not re-date an entry: asked again at the new version, it still misses', () => {
    const cache = new VersionedCache<{ name: string }>(10);
    cache.set('k', value('a'), 1);
    expect(cache.get('k', 2)).toBeUndefined();
    expect(cache.get('k', 2)).toBeUndefined();
  });

  it('replaces an entry stored again at a newer version', () => {
    const cache = new VersionedCache<{ name: string }>(10);
    cache.set('k', value('old'), 1);
    cache.set('k', value('new'), 2);
    expect(cache.get('k', 2)).toEqual(value('new'));
    expect(cache.get('k', 1)).toBeUndefined();
  });

  it('caches nothing when stored without a version', () => {
    const cache = new VersionedCache<{ name: string }>(10);
    cache.set('k', value('a'), undefined);
    for (const version of [undefined, 0, 1]) {
      expect(cache.get('k', version)).toBeUndefined();
    }
  });

  it('leaves an entry alone when a value without a version is offered for its key', () => {
    const cache = new VersionedCache<{ name: string }>(10);
    cache.set('k', value('kept'), 5);
    cache.set('k', value('unversioned'), undefined);
    expect(cache.get('k', 5)).toEqual(value('kept'));
  });

  it('is bounded: past its size it evicts the least recently used entry', () => {
    const cache = new VersionedCache<{ name: string }>(2);
    cache.set('a', value('a'), 1);
    cache.set('b', value('b'), 1);
    // Reading `a` makes `b` the least recently used.
    expect(cache.get('a', 1)).toEqual(value('a'));
    cache.set('c', value('c'), 1);

    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toEqual(value('a'));
    expect(cache.get('c', 1)).toEqual(value('c'));
  });

  it('holds no more than its size however many keys pass through it', () => {
    const size = 50;
    const cache = new VersionedCache<{ name: string }>(size);
    for (let index = 0; index < 1000; index += 1) {
      cache.set(`k${index}`, value(`v${index}`), 1);
    }
    let kept = 0;
    for (let index = 0; index < 1000; index += 1) {
      if (cache.get(`k${index}`, 1) !== undefined) {
        kept += 1;
      }
    }
    expect(kept).toBe(size);
    // The survivors are the most recent ones.
    expect(cache.get('k999', 1)).toEqual(value('v999'));
    expect(cache.get(`k${999 - size}`, 1)).toBeUndefined();
  });
});
