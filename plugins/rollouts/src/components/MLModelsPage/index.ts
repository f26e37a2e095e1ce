export { MLModelsPage } from './MLModelsPage';
