export { EntityMLModelsCard } from './EntityMLModelsCard';
export { MLModelList } from './MLModelList';
