export { ArgoCdUnavailable, InstanceProblems } from './ArgoCdProblems';
