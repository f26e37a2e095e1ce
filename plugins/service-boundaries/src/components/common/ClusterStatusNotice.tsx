import { Alert } from '@backstage/ui';
import { ClusterStatus } from '@supply-chain/plugin-service-boundaries-common';

/** Says, in words, that the cluster part of an answer is unavailable. */
export function ClusterStatusNotice(props: {
  cluster: ClusterStatus;
  what: string;
}) {
  if (props.cluster.status === 'available') return null;
  return (
    <Alert
      status="warning"
      icon
      title={`${props.what}: cluster data unavailable`}
      description={
        props.cluster.message ??
        'The clusters could not be read; only the catalog side is shown.'
      }
    />
  );
}
