/**
 * The portal's shared UI kit on `@backstage/ui`: the components every plugin
 * family shows, in one look.
 *
 * @packageDocumentation
 */
export * from './components/StatusChip';
export * from './components/RelativeTime';
export * from './components/EntityLink';
export * from './components/ConfirmDialog';
export * from './components/DataTable';
