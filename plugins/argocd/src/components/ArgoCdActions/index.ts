export { ArgoCdActions } from './ArgoCdActions';
