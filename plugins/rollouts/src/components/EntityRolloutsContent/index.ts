export {
  EntityRolloutsContent,
  MissingAnnotationsState,
} from './EntityRolloutsContent';
