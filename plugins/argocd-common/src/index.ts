/**
 * @packageDocumentation
 * Argo CD plugin family: Argo CD REST API types, the portal's API types,
 * permissions and pure rules (annotations, history, revisions, resource status)
 * shared by `@supply-chain/plugin-argocd-backend` and `@supply-chain/plugin-argocd`.
 */
export * from './argoCdRestTypes';
export * from './portalApiTypes';
export * from './permissions';
export * from './annotations';
export * from './history';
export * from './revisions';
export * from './resourceStatus';
export * from './applications';
