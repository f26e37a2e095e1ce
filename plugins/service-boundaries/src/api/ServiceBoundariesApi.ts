import { createApiRef } from '@backstage/core-plugin-api';
import {
  BoundaryMap,
  DriftReport,
  OwnershipAnswer,
  ServiceBoundary,
  UnownedReport,
} from '@supply-chain/plugin-service-boundaries-common';

/** Answer of a batch lookup. @public */
export interface OwnershipBatchAnswer {
  answers: OwnershipAnswer[];
  summary: {
    identifiers: number;
    matched: number;
    ambiguous: number;
    none: number;
  };
}

/**
 * The service-boundaries backend as a utility API.
 *
 * @public
 */
export interface ServiceBoundariesApi {
  getBoundary(entityRef: string): Promise<ServiceBoundary>;
  /** of a system or domain; without a ref, of the whole catalog */
  getBoundaryMap(entityRef?: string): Promise<BoundaryMap>;
  /** of a component, system or domain; without a ref, of everything */
  getDrift(entityRef?: string): Promise<DriftReport>;
  whoOwns(query: string): Promise<OwnershipAnswer>;
  whoOwnsBatch(identifiers: string[]): Promise<OwnershipBatchAnswer>;
  getUnowned(): Promise<UnownedReport>;
}

/** @public */
export const serviceBoundariesApiRef = createApiRef<ServiceBoundariesApi>({
  id: 'plugin.service-boundaries.service',
});
