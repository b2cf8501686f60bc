import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPeer, type Peer } from '../../bench/peer.ts';
import { startOAuth2ServerPeer, type OAuth2ServerPeer } from '../../bench/oauth2-server-peer.ts';
import type { Response, Workload } from '../../bench/load.ts';
import type { Target } from '../../bench/target.ts';
import type { TargetKind } from '../../bench/protocol.ts';
import { peerWorkloads } from '../../bench/workloads.ts';
import { isPostgres } from '../helpers/test-store.ts';

// The peers the benchmark compares with answer each of their workloads' requests as the
// workload expects: one request per workload, in-process, no load. node-oidc-provider's
// authorization endpoint must answer with a code, not send the user to an interaction.

/** A peer as bench/server.ts describes it to the parent, and its codes. */
function asTarget(kind: TargetKind, peer: Peer | OAuth2ServerPeer): Target {
  const signedIn = 'authorize' in peer ? peer : undefined;
  const fail = () => Promise.reject(new Error('not a child'));
  return {
    kind,
    pid: undefined,
    baseUrl: `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`,
    oauth: {
      ...peer.client,
      tokenPath: peer.tokenPath,
      authorizePath: signedIn?.authorize?.path,
      authorizeCookie: signedIn?.authorize?.cookie,
      userinfoPath: signedIn?.userinfo?.path,
    },
    token: signedIn?.userinfo?.token,
    seed: undefined,
    uploads: undefined,
    insight: undefined,
    mint: async (count) => peer.mintCodes(count),
    stats: fail,
    cpuMicros: fail,
    record: fail,
    heapAfterGc: fail,
    close: () => peer.close(),
  };
}

/** The workload's one request, with a fresh code when it redeems one. */
async function send(workload: Workload): Promise<Response> {
  const [step] = workload.steps;
  const [code] = workload.codesPerOperation > 0 ? await workload.target.mint(1) : [];
  const answer = await fetch(`${workload.target.baseUrl}${step!.path}`, {
    method: step!.method,
    headers: step!.headers,
    body: step!.body?.({ code }),
    redirect: 'manual',
  });
  return {
    status: answer.status,
    body: await answer.text(),
    headers: Object.fromEntries(answer.headers),
  };
}

describe.skipIf(isPostgres)('bench peers', () => {
  let targets: Target[] = [];
  beforeAll(async () => {
    targets = [
      asTarget('peer', await startPeer('opaque')),
      asTarget('peer-jwt', await startPeer('jwt')),
      asTarget('peer2', await startOAuth2ServerPeer()),
    ];
  });
  afterAll(async () => {
    await Promise.all(targets.map((target) => target.close()));
  });

  it('answers every peer workload as it expects', async () => {
    const workloads = peerWorkloads(targets);
    expect(workloads.map((workload) => workload.id)).toEqual([
      'peer-exchange',
      'peer-jwt-exchange',
      'peer2-exchange',
      'peer-authorize',
      'peer-userinfo',
    ]);
    for (const workload of workloads) {
      const response = await send(workload);
      expect(workload.steps[0]!.check(response), workload.id).toBeUndefined();
      if (workload.id === 'peer-authorize') {
        expect(response.headers.location).toMatch(/^https:\/\/localhost\/callback\?code=[^&]+&/);
      }
    }
  });

  it('signs its access tokens with ES256 in JWT mode, and keeps them opaque otherwise', async () => {
    const [opaque, jwt] = peerWorkloads(targets);
    const token = async (workload: Workload) =>
      (JSON.parse((await send(workload)).body) as { access_token: string }).access_token;
    expect(decodeProtectedHeader(await token(jwt!))).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect((await token(opaque!)).split('.')).toHaveLength(1);
  });

  it('redeems a code once', async () => {
    const peer2 = peerWorkloads(targets)[2]!;
    const [code] = await peer2.target.mint(1);
    const step = peer2.steps[0]!;
    const redeem = () =>
      fetch(`${peer2.target.baseUrl}${step.path}`, {
        method: 'POST',
        headers: step.headers,
        body: step.body!({ code }),
      });
    expect((await redeem()).status).toBe(200);
    expect((await redeem()).status).toBe(400);
  });
});
