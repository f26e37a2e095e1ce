import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ArgoCdInstanceClient,
  ArgoCdInstanceError,
  ArgoCdRequestRejectedError,
} from '@supply-chain/plugin-argocd-node';

/** An Argo CD Application as the API returns it (the fields we use). */
export type ArgoCdApplication = {
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  spec: Record<string, any>;
  [k: string]: unknown;
};

/**
 * The errors of the shared client as the scaffolder reports them: a refused
 * credential or request is a NotAllowedError; with `rejected`, Argo CD
 * refusing the object is an InputError.
 */
function scaffolderError(
  error: unknown,
  rejected?: (message: string) => string,
): never {
  if (
    error instanceof ArgoCdInstanceError &&
    (error.reason === 'credentials-rejected' || error.reason === 'forbidden')
  ) {
    throw new NotAllowedError(error.message);
  }
  if (
    rejected &&
    ((error instanceof ArgoCdRequestRejectedError && error.status !== 404) ||
      (error instanceof ArgoCdInstanceError && error.status === 422))
  ) {
    throw new InputError(rejected(error.message));
  }
  throw error;
}

/**
 * The application, or undefined when Argo CD does not know it. Uses the
 * list call with a name filter: a get of a missing application answers
 * "permission denied" (Argo CD hides which applications exist), which would
 * be indistinguishable from a real refusal.
 */
export async function getApplication(
  client: ArgoCdInstanceClient,
  name: string,
  appNamespace?: string,
): Promise<ArgoCdApplication | undefined> {
  const list = await client
    .request<{ items?: ArgoCdApplication[] | null }>(
      'GET',
      '/api/v1/applications',
      { query: { name, appNamespace } },
    )
    .catch(e => scaffolderError(e));
  return (list.items ?? []).find(a => a.metadata.name === name);
}

/** Creates (or with upsert, replaces) the application. */
export async function createApplication(
  client: ArgoCdInstanceClient,
  application: ArgoCdApplication,
  upsert: boolean,
): Promise<ArgoCdApplication> {
  return client
    .request<ArgoCdApplication>('POST', '/api/v1/applications', {
      query: { upsert, validate: true },
      body: application,
    })
    .catch(e =>
      scaffolderError(
        e,
        message =>
          `Argo CD ${client.name} rejected application ${application.metadata.name}: ${message}`,
      ),
    );
}
