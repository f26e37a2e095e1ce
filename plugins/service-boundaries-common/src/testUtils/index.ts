/**
 * Test data of the service-boundaries family read from the repository: the
 * organisation's catalog (catalog/*.yaml) and the sandbox's seed manifests.
 *
 * @packageDocumentation
 */
export {
  inventoryShadow,
  loadRealCatalog,
  loadSeedObjects,
  loadSeedClusterFacts,
} from './realData';
