export { MLModelsPage, findOwningEntity } from './MLModelsPage';
