export { argocdPlugin as default } from './plugin';
export { argocdApi } from './apis';
export {
  entityArgoCdContent,
  entityArgoCdOverviewCard,
} from './entityContents';
