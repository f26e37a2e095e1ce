import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { capacityPageRouteRef } from '../routes';

function ScaleIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="currentColor"
    >
      <path d="M4 20h16v-2H4v2zm1-4h3V9H5v7zm5.5 0h3V4h-3v12zM16 16h3v-5h-3v5z" />
    </svg>
  );
}

/** "Capacity" across services, by team, system or node group (in the sidebar). */
export const capacityPage = PageBlueprint.make({
  params: {
    path: '/capacity',
    title: 'Capacity',
    icon: <ScaleIcon />,
    routeRef: capacityPageRouteRef,
    loader: () =>
      import('../components/CapacityPage').then(m => (
        <m.CapacityPage withHeader={false} />
      )),
  },
});
