export { ArgoCdOverviewCard, RevisionLine } from './ArgoCdOverviewCard';
