export { DataFreshness } from './DataFreshness';
