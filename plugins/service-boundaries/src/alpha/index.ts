export { serviceBoundariesPlugin as default } from './plugin';
export { serviceBoundariesApi } from './apis';
export {
  entityBoundaryMapContent,
  entityServiceBoundariesCard,
} from './entityContents';
export { whoOwnsPage } from './pages';
