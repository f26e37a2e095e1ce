export { ArgoCdRollbackButton, useRollbackAllowed } from './ArgoCdRollback';
