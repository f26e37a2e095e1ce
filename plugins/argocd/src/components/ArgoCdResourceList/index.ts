export { ArgoCdResourceList } from './ArgoCdResourceList';
