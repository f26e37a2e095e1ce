/**
 * Test utilities of the Argo CD plugin family (`@supply-chain/plugin-argocd-node/testUtils`):
 * an in-memory Argo CD API server and a logger that records its lines.
 *
 * @packageDocumentation
 */
export {
  ADMIN_PASSWORD,
  makeApp,
  SHA,
  startFakeArgoCd,
  STATIC_TOKEN,
} from './fakeArgoCd';
export type { FakeArgoCd } from './fakeArgoCd';
export { recordingLogger } from './recordingLogger';
