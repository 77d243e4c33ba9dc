// The people and things the authorization matrix and the attacker suite act on, created through
// the same doors real users use (the CLI, the REST API, sign-in) on the e2e platform.
import { randomBytes } from 'node:crypto';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { encodeZip } from '@medrank/formats';
import {
  createAccountWithToken,
  createTokenFor,
  e2eEnv,
  fixturePredictionsCsv,
  grantCurator,
  seedBoardFixture,
  seedDraftBenchmark,
} from '../support';

/** Everyone the matrix distinguishes. */
export const ROLES = [
  'anonymous',
  'participant',
  'otherTeam',
  'curatorOfThis',
  'curatorOfOther',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PASSWORD = 'matrix-password-1';

export interface Actor {
  role: Role;
  email: string | null;
  /** API token (bearer), for REST calls; null for the anonymous visitor. */
  token: string | null;
  /** A request context holding this actor's session cookie (none for the anonymous visitor). */
  session: APIRequestContext;
}

export interface World {
  baseURL: string;
  /** Published benchmark with the participant's scored submission; curated by curatorOfThis. */
  slug: string;
  /** Draft benchmark curated by curatorOfThis: invisible to everyone else but admins. */
  draftSlug: string;
  /** Draft benchmark curated by curatorOfOther. */
  otherSlug: string;
  submissionId: string;
  /** A scored entry of the other team on the same board (for comparisons). */
  otherSubmissionId: string;
  /** The participant's personal team. */
  participantTeam: string;
  modelSlug: string;
  /** A ground-truth upload on `slug`, by curatorOfThis (validated, not applied). */
  uploadId: string;
  /**
   * A test-inputs upload on `slug` by curatorOfThis, made the inputs of test set `public` (inputs
   * PUBLIC) and, as a copy, of `holdout` (inputs HIDDEN): the second must never be served.
   */
  inputsUploadId: string;
  /** A second API token of the participant, for the revoke-token action (the first stays in use). */
  participantSpareTokenId: string;
  /** Someone made curator of `otherSlug` only so that an admin may revoke it. */
  revocableCuratorEmail: string;
  participantUserId: string;
  /** The phase of `slug` the participant has a pending request for. */
  participationPhaseId: string;
  actors: Record<Role, Actor>;
}

const unique = () => randomBytes(3).toString('hex');

async function signedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const response = await context.post('/api/auth/sign-in/email', {
    headers: { Origin: new URL(baseURL).origin },
    data: { email, password: PASSWORD },
  });
  if (!response.ok())
    throw new Error(`sign-in of ${email} failed: ${response.status()} ${await response.text()}`);
  return context;
}

async function actor(baseURL: string, role: Role, label: string, admin = false): Promise<Actor> {
  const { email, token } = await createAccountWithToken(label, {
    email: `${label}-${unique()}@example.org`,
    password: PASSWORD,
    admin,
  });
  return { role, email, token, session: await signedIn(baseURL, email) };
}

async function waitForScored(context: APIRequestContext, token: string, id: string) {
  for (let i = 0; i < 240; i++) {
    const response = await context.get(`/api/v1/submissions/${id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const { submission } = (await response.json()) as { submission: { status: string } };
    if (submission.status === 'SCORED') return;
    if (['FAILED', 'CANCELLED'].includes(submission.status))
      throw new Error(`world submission ${id} ended ${submission.status}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`world submission ${id} was not scored in time`);
}

/** Builds the world: three benchmarks, six actors, one scored submission, one upload. */
export async function buildWorld(baseURL: string, label: string): Promise<World> {
  const tag = `${label}-${unique()}`;
  const slug = `${tag}-pub`;
  const draftSlug = `${tag}-draft`;
  const otherSlug = `${tag}-other`;
  await seedBoardFixture(slug);
  await seedDraftBenchmark(draftSlug);
  await seedDraftBenchmark(otherSlug);

  const actors = {
    anonymous: {
      role: 'anonymous',
      email: null,
      token: null,
      session: await playwrightRequest.newContext({ baseURL }),
    },
    participant: await actor(baseURL, 'participant', `${tag}-participant`),
    otherTeam: await actor(baseURL, 'otherTeam', `${tag}-other-team`),
    curatorOfThis: await actor(baseURL, 'curatorOfThis', `${tag}-curator`),
    curatorOfOther: await actor(baseURL, 'curatorOfOther', `${tag}-curator-other`),
    admin: await actor(baseURL, 'admin', `${tag}-admin`, true),
  } satisfies Record<Role, Actor>;
  await grantCurator(slug, actors.curatorOfThis.email!);
  await grantCurator(draftSlug, actors.curatorOfThis.email!);
  await grantCurator(otherSlug, actors.curatorOfOther.email!);

  const { email: revocableCuratorEmail } = await createAccountWithToken('revocable', {
    email: `${tag}-revocable-${unique()}@example.org`,
    password: PASSWORD,
  });
  await grantCurator(otherSlug, revocableCuratorEmail);

  const modelSlug = `matrix-model-${unique()}`;
  const submission = await submitAndWait(actors.participant, slug, {
    methodName: 'Matrix entry',
    modelSlug,
    answer: (i, correct) => (i % 3 ? correct : 'A'),
  });
  const other = await submitAndWait(actors.otherTeam, slug, {
    methodName: 'Matrix rival',
    modelSlug: `matrix-rival-${unique()}`,
    answer: (i, correct) => (i % 4 ? correct : 'B'),
  });
  await createTokenFor(actors.participant.email!);
  const participantSpareTokenId = await latestTokenId(actors.participant.email!);
  const participationPhaseId = await pendingParticipation(slug, actors.participant.email!);

  const curator = actors.curatorOfThis;
  const upload = await curator.session.post(`/api/v1/curation/benchmarks/${slug}/ground-truth`, {
    headers: { Authorization: `Bearer ${curator.token}` },
    multipart: {
      track: 'main',
      testSet: 'public',
      file: {
        name: 'truth.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(
          Array.from({ length: 40 }, (_, i) =>
            JSON.stringify({ id: `q${i}`, answer: 'A', options: ['one', 'two'] }),
          ).join('\n') + '\n',
        ),
      },
    },
  });
  if (upload.status() !== 201)
    throw new Error(`world ground-truth upload refused: ${upload.status()} ${await upload.text()}`);
  const { upload: uploaded } = (await upload.json()) as { upload: { id: string } };
  const inputsUploadId = await applyWorldTestInputs(curator, slug);

  return {
    baseURL,
    slug,
    draftSlug,
    otherSlug,
    submissionId: submission.id,
    otherSubmissionId: other.id,
    participantTeam: submission.team.slug,
    modelSlug,
    uploadId: uploaded.id,
    inputsUploadId,
    participantSpareTokenId,
    revocableCuratorEmail,
    participantUserId: await userIdOf(actors.participant.email!),
    participationPhaseId,
    actors,
  };
}

/**
 * Uploads a small inputs zip as the curator, then (as the database owner, not waiting for the
 * worker: the matrix is about who may call what) makes it the applied inputs of test set `public`
 * with inputs PUBLIC, and a copy the applied inputs of `holdout`, whose inputs stay HIDDEN.
 */
async function applyWorldTestInputs(curator: Actor, slug: string): Promise<string> {
  const zip = encodeZip([
    { name: 'manifest.csv', data: Buffer.from('case_id,file\nq0,images/q0.png\n') },
    { name: 'images/q0.png', data: Buffer.from('not really a png') },
  ]);
  const response = await curator.session.post(`/api/v1/curation/benchmarks/${slug}/inputs`, {
    headers: { Authorization: `Bearer ${curator.token}` },
    multipart: {
      track: 'main',
      testSet: 'public',
      file: { name: 'inputs.zip', mimeType: 'application/zip', buffer: zip },
    },
  });
  if (response.status() !== 201)
    throw new Error(`world inputs upload refused: ${response.status()} ${await response.text()}`);
  const { upload } = (await response.json()) as { upload: { id: string } };
  await withAdminDb(async (client) => {
    await client.query(
      `UPDATE public.test_inputs_uploads SET status = 'APPLIED', "appliedAt" = now() WHERE id = $1`,
      [upload.id],
    );
    await client.query(
      `UPDATE public.test_sets SET inputs = 'PUBLIC'
        WHERE id = (SELECT "testSetId" FROM public.test_inputs_uploads WHERE id = $1)`,
      [upload.id],
    );
    await client.query(
      `INSERT INTO public.test_inputs_uploads
         (id, "testSetId", "blobKey", "fileName", "fileBytes", sha256, status, "appliedAt")
       SELECT u.id || '-holdout', h.id, u."blobKey", u."fileName", u."fileBytes", u.sha256, 'APPLIED', now()
         FROM public.test_inputs_uploads u
         JOIN public.test_sets p ON p.id = u."testSetId"
         JOIN public.test_sets h ON h."trackId" = p."trackId" AND h.slug = 'holdout'
        WHERE u.id = $1`,
      [upload.id],
    );
  });
  return upload.id;
}

async function withAdminDb<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: e2eEnv().ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function userIdOf(email: string): Promise<string> {
  return withAdminDb(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM public.users WHERE email = $1',
      [email],
    );
    if (!rows[0]) throw new Error(`no user ${email}`);
    return rows[0].id;
  });
}

/**
 * A pending request of `email` to take part in the benchmark's phase, as if the phase had asked
 * for approval (the world's phase does not, so every other row's submissions stay allowed).
 */
async function pendingParticipation(benchmarkSlug: string, email: string): Promise<string> {
  return withAdminDb(async (client) => {
    const { rows } = await client.query<{ phaseId: string }>(
      `INSERT INTO public.phase_participants (id, "phaseId", "userId", message)
       SELECT 'matrix-' || md5(random()::text), p.id, u.id, 'Matrix participant'
         FROM public.phases p JOIN public.benchmarks b ON b.id = p."benchmarkId",
              public.users u
        WHERE b.slug = $1 AND u.email = $2
        LIMIT 1
       RETURNING "phaseId"`,
      [benchmarkSlug, email],
    );
    if (!rows[0]) throw new Error(`no phase on ${benchmarkSlug}`);
    return rows[0].phaseId;
  });
}

/** Uploads answers to the board fixture as `actor` and waits until they are scored. */
export async function submitAndWait(
  actor: Actor,
  benchmarkSlug: string,
  {
    methodName,
    modelSlug,
    answer,
  }: { methodName: string; modelSlug?: string; answer: (i: number, correct: string) => string },
): Promise<{ id: string; team: { slug: string } }> {
  const created = await actor.session.post(`/api/v1/benchmarks/${benchmarkSlug}/submissions`, {
    headers: { Authorization: `Bearer ${actor.token}` },
    multipart: {
      methodName,
      ...(modelSlug ? { modelSlug } : {}),
      file: {
        name: 'answers.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(fixturePredictionsCsv(answer)),
      },
    },
  });
  if (created.status() !== 201)
    throw new Error(`submission refused: ${created.status()} ${await created.text()}`);
  const { submission } = (await created.json()) as {
    submission: { id: string; team: { slug: string } };
  };
  await waitForScored(actor.session, actor.token!, submission.id);
  return submission;
}

/** Reads the id of a user's newest API token behind the web (the CLI prints only the secret). */
async function latestTokenId(email: string): Promise<string> {
  const client = new pg.Client({ connectionString: e2eEnv().ADMIN_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT t.id FROM public.api_tokens t JOIN public.users u ON u.id = t."userId"
        WHERE u.email = $1 ORDER BY t."createdAt" DESC LIMIT 1`,
      [email],
    );
    if (!rows[0]) throw new Error(`no API token for ${email}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

export async function disposeWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  await Promise.all(Object.values(world.actors).map((a) => a.session.dispose()));
}

/** The e2e platform's database URLs, for checks that look behind the web (never for actions). */
export const platformEnv = e2eEnv;
